"""The page's bundle: the vendored npm libraries match what tools/vendor_web.py recorded,
each with its licence, and everything the pages load is a file of the package."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "newsgraph" / "web" / "static"


def test_vendored_files_match_their_manifest():
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "vendor_web.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_every_vendored_library_has_its_licence():
    for d in (STATIC / "vendor").iterdir():
        if d.is_dir():
            assert (d / "LICENSE").is_file(), d


def test_everything_a_page_loads_is_bundled():
    from newsgraph.web.pages import load_assets
    assets = load_assets()
    refs = set()
    for page in ("index.html", "docs.html"):
        refs |= set(re.findall(r'(?:src|href)="(/static/[^"]+)"', (STATIC / page).read_text()))
    for js in (STATIC / "js").rglob("*.js"):
        refs |= set(re.findall(r'"(/static/[^"]+\.(?:js|css|svg))"', js.read_text()))
        for imp in re.findall(r'from "(\.[^"]+)"', js.read_text()):
            target = (js.parent / imp).resolve()
            assert target.is_file(), (js, imp)
    assert refs
    missing = sorted(r for r in refs if r not in assets)
    assert not missing, missing
