"""Vendor the page's npm libraries into src/newsgraph/web/static/vendor/, with licences.

The page loads nothing from a CDN: every library it uses is copied here, at build time,
from the npm registry (``npm pack NAME@VERSION``: the published tarball, its integrity
checked by npm), and the copies are committed. Run from the repository root when a version
below changes:

    python tools/vendor_web.py            # fetch, copy, write vendor/VENDOR.json
    python tools/vendor_web.py --check    # offline: the committed files match VENDOR.json

VENDOR.json records each package's version, licence, npm integrity and the sha256 of
every file copied; the test suite runs ``--check``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "newsgraph" / "web" / "static" / "vendor"

# name -> (version, licence, {file in the package: name under vendor/<dir>/})
PACKAGES: dict[str, tuple[str, str, dict[str, str]]] = {
    # the timeline chart, role bars and axes
    "d3": ("7.9.2", "ISC", {"dist/d3.min.js": "d3.min.js", "LICENSE": "LICENSE"}),
    # the actor graph
    "cytoscape": ("3.35.0", "MIT", {"dist/cytoscape.min.js": "cytoscape.min.js",
                                    "LICENSE": "LICENSE"}),
    # the API docs page (/api/docs)
    "swagger-ui-dist": ("5.35.0", "Apache-2.0", {
        "swagger-ui-bundle.js": "swagger-ui-bundle.js",
        "swagger-ui.css": "swagger-ui.css",
        "LICENSE": "LICENSE", "NOTICE": "NOTICE",
        "swagger-ui-bundle.js.LICENSE.txt": "swagger-ui-bundle.js.LICENSE.txt"}),
}


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def fetch() -> int:
    manifest: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, licence, files) in PACKAGES.items():
            out = subprocess.run(["npm", "pack", f"{name}@{version}", "--json", "--silent"],
                                 cwd=tmp, check=True, capture_output=True, text=True).stdout
            info = json.loads(out)[0]
            with tarfile.open(Path(tmp) / info["filename"]) as tar:
                members = {m.name.removeprefix("package/"): m for m in tar.getmembers()}
                pkg = json.load(tar.extractfile(members["package.json"]))
                if pkg.get("license") != licence:
                    raise SystemExit(f"{name}: licence is {pkg.get('license')!r}, "
                                     f"expected {licence!r}: review before vendoring")
                dest = VENDOR / name
                if dest.exists():
                    shutil.rmtree(dest)
                dest.mkdir(parents=True)
                rec = {}
                for src, target in files.items():
                    m = members.get(src)
                    if m is None:
                        if src in ("NOTICE",):
                            continue
                        raise SystemExit(f"{name}@{version} has no {src}")
                    (dest / target).write_bytes(tar.extractfile(m).read())
                    rec[target] = sha256(dest / target)
            manifest[name] = {"version": version, "license": licence,
                              "integrity": info.get("integrity"), "files": rec}
            print(f"{name}@{version} ({licence}): {', '.join(rec)}")
    (VENDOR / "VENDOR.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return 0


def check() -> list[str]:
    """Problems with the committed vendor/ (empty when it matches VENDOR.json and PACKAGES)."""
    probs = []
    mf = VENDOR / "VENDOR.json"
    if not mf.is_file():
        return [f"{mf} is missing: run python tools/vendor_web.py"]
    manifest = json.loads(mf.read_text())
    for name, (version, licence, _files) in PACKAGES.items():
        rec = manifest.get(name)
        if rec is None or rec["version"] != version or rec["license"] != licence:
            probs.append(f"{name}: VENDOR.json does not record {version} ({licence})")
            continue
        if "LICENSE" not in rec["files"]:
            probs.append(f"{name}: no licence file vendored")
        for target, digest in rec["files"].items():
            p = VENDOR / name / target
            if not p.is_file():
                probs.append(f"{p} is missing")
            elif sha256(p) != digest:
                probs.append(f"{p} differs from what was vendored")
    return probs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="verify the committed files")
    args = ap.parse_args(argv)
    if args.check:
        probs = check()
        for p in probs:
            print(p, file=sys.stderr)
        return 1 if probs else 0
    return fetch()


if __name__ == "__main__":
    sys.exit(main())
