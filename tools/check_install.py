"""Check that a plain ``pip install -e .`` is enough: every run-time import is declared.

Builds a fresh virtual environment (pip's cache is used; PyPI must be reachable), installs
the project with no extras, and extracts an HTML page with the installed ``newsgraph``: the
body must come out clean (no JSON-LD, no menus) and without warnings. ``make`` installs more
(the dev extras), so this is the only check that the declared dependencies suffice.

    python tools/check_install.py [--keep DIR]

Exit status 0 when the install and the extraction are right, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "fixtures" / "install" / "page.html"


def check(env: Path) -> list[str]:
    py = env / "bin" / "python"
    subprocess.run([py, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q", "--require-hashes", "--no-deps", "-r",
                    str(ROOT / "requirements.lock")], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q", "-e", str(ROOT)], check=True)
    out = subprocess.run([env / "bin" / "newsgraph", "extract", str(PAGE)], check=True,
                         capture_output=True, text=True).stdout
    recs = [json.loads(line) for line in out.splitlines() if line.strip()]
    problems = []
    if len(recs) != 1 or recs[0].get("error"):
        return [f"expected one extracted document, got: {out[:500]}"]
    rec = recs[0]
    body = rec["text"]
    for bad in ("@context", "schema.org", "Subscribe", "Home", "Privacy"):
        if bad in body:
            problems.append(f"the body holds page furniture or JSON-LD: {bad!r}")
    if not body.startswith("The ferry between"):
        problems.append(f"the body does not start with the article: {body[:80]!r}")
    if rec.get("warnings"):
        problems.append(f"warnings: {rec['warnings']}")
    if rec.get("published") != "2022-05-03":
        problems.append(f"published {rec.get('published')!r}, expected 2022-05-03")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", help="build the environment here and keep it")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsgraph-install-") as tmp:
        env = Path(args.keep or tmp) / "venv"
        venv.create(env, with_pip=True, clear=True)
        problems = check(env)
    for p in problems:
        print(f"check_install: {p}", file=sys.stderr)
    print("check_install: " + ("FAILED" if problems else "ok: a plain `pip install -e .` "
                               "extracts HTML cleanly"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
