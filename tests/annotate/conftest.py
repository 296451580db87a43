"""Fixtures shared by the annotate tests."""

from __future__ import annotations

from typing import Callable

import pytest

from newsgraph import config, pipeline
from newsgraph.model import Annotated, Article

PUB = "2024-05-02"


@pytest.fixture(scope="session")
def annotate_text() -> Callable[..., Annotated]:
    """Run one invented text through every default stage (the model loads once)."""
    stages = pipeline.default_stages(config.load())

    def go(text: str, published: str | None = PUB) -> Annotated:
        d = Annotated(article=Article(doc_id="t", source="t", text=text, published=published))
        for st in stages:
            d = st.run([d])[0]
        return d
    return go
