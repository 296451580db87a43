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


# ---------------------------------------------------------------- components
def test_actor_components_are_checked_when_the_pipeline_is_built():
    import pytest

    from newsgraph.annotate import actors
    from newsgraph.errors import PipelineError
    from newsgraph.model import Annotated
    from newsgraph.pipeline import Pipeline, Stage, check_components

    assert len(actors.COMPONENTS) >= 8
    check_components("actors", actors.COMPONENTS, actors.BASE)
    swapped = (actors.COMPONENTS[1], actors.COMPONENTS[0]) + actors.COMPONENTS[2:]
    with pytest.raises(PipelineError, match="requires"):
        check_components("actors", swapped, actors.BASE)
    nlp = Stage("nlp", frozenset({"article"}), frozenset({"nlp"}), lambda d: d)
    bad = Stage("actors", frozenset({"nlp"}), frozenset({"entities"}), lambda d: d,
                parts=swapped, parts_base=actors.BASE)
    with pytest.raises(PipelineError, match="name_candidates|gazetteer_matches"):
        Pipeline([nlp, bad])
    assert Annotated  # the model is importable beside the pipeline


def test_a_component_may_set_only_what_it_declares():
    import pytest

    from newsgraph.errors import PipelineError
    from newsgraph.pipeline import Component, Workspace, run_components

    def sneaky(ws):
        ws.a = 1
        ws.b = 2

    ws = Workspace()
    with pytest.raises(PipelineError, match="'b'"):
        run_components([Component("sneaky", frozenset(), frozenset({"a"}), sneaky)], ws)
    with pytest.raises(PipelineError, match="did not set"):
        run_components([Component("lazy", frozenset(), frozenset({"c"}), lambda ws: None)],
                       Workspace())


def test_default_stages_declare_the_parse_they_read():
    from newsgraph import config
    from newsgraph.pipeline import default_stages

    stages = {s.name: s for s in default_stages(config.load())}
    assert "nlp" in stages["times"].needs
    assert "nlp" in stages["actors"].needs and stages["actors"].parts
