"""link/ decides, the store writes: no store module imports a deciding package, and the
fallback actor key speaks the registry's key forms."""

from __future__ import annotations

import ast
from pathlib import Path

import newsgraph
from newsgraph.link.actors import fallback_actor_key
from newsgraph.link.registry import actor_key
from newsgraph.model import Entity

PKG = Path(newsgraph.__file__).parent


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_store_imports_no_deciding_package():
    for f in sorted((PKG / "store").glob("*.py")):
        bad = {m for m in _imports(f)
               if any(m.startswith(p) for p in ("..clean", "..annotate", "..link",
                                                "newsgraph.clean", "newsgraph.annotate",
                                                "newsgraph.link"))}
        assert not bad, f"{f.name} imports {sorted(bad)}"


def test_no_trigger_decides_for_the_store(tmp_path):
    from newsgraph.store import open_store
    with open_store(tmp_path / "t.db") as st:
        triggers = [r[0] for r in st.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")]
    # only bookkeeping: the full-text index's, and counts kept in step with the rows
    # (stats, actors' documents/mentions/quotes; an entity the linker re-points carries
    # its quotes' speaker_actor and role evidence along): arithmetic, never a decision
    assert [t for t in triggers if not t.startswith(("counters_", "actor_counts_"))] == [
        "documents_ad", "documents_ai", "documents_au", "role_evidence_ai"]


def test_fallback_key_uses_the_registry_forms():
    for e in (Entity("e1", "Japan", "COUNTRY", "JPN"),
              Entity("e2", "Mr Kim Jong-un", "PERSON", "PRK"),
              Entity("e3", "Blue Harbour Council", "ORG")):
        assert fallback_actor_key(e) == actor_key(e)
