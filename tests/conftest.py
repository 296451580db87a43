"""Shared test fixtures. Cases that read ../shared skip (only they) when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def cfg() -> dict:
    from newsgraph import config
    return config.load()


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.annotate.nlp import load_model
    return load_model()


@pytest.fixture(scope="session")
def annotate_text(cfg):
    """Run one invented text through every default stage (the model loads once); the
    published date defaults to 2024-05-02."""
    from newsgraph import pipeline
    from newsgraph.model import Annotated, Article
    stages = pipeline.default_stages(cfg)

    def go(text: str, published: str | None = "2024-05-02", removed: tuple = ()) -> Annotated:
        d = Annotated(article=Article(doc_id="t", source="t", text=text, published=published,
                                      removed=tuple(removed)))
        for st in stages:
            d = st.run([d])[0]
        return d
    return go
