"""Layering: annotate never imports link; name normalisation is one low module."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "newsgraph"


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            out.add("." * node.level + mod)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_annotate_does_not_import_link():
    bad = []
    for f in sorted((SRC / "annotate").glob("*.py")):
        for mod in _imports(f):
            if mod.lstrip(".").startswith("link") or "newsgraph.link" in mod:
                bad.append(f"{f.name}: {mod}")
    assert not bad, bad


def test_names_module_is_low():
    mods = _imports(SRC / "names.py")
    assert not any(m.startswith(".") or m.startswith("newsgraph") for m in mods), mods


def test_annotate_and_link_share_the_name_normaliser():
    from newsgraph import names
    from newsgraph.annotate import known_actors
    from newsgraph.link import registry

    assert registry.normalise_person_name is names.normalise_person_name
    assert known_actors.normalise("Mr Kim Jong-un") == names.normalise_person_name("Kim Jong Un")
