"""Language identification: ISO 639-1 codes, None when too short, deterministic."""

from __future__ import annotations

import pytest

from newsgraph.clean.language import detect


@pytest.mark.parametrize("text, want", [
    ("The government announced on Tuesday that it would raise taxes on fuel next year, "
     "despite protests from farmers.", "en"),
    ("Le gouvernement a annoncé mardi qu'il augmenterait les taxes sur le carburant "
     "l'année prochaine, malgré les protestations des agriculteurs.", "fr"),
    ("Die Regierung hat am Dienstag angekündigt, die Steuern auf Kraftstoff im nächsten Jahr "
     "trotz der Proteste der Landwirte zu erhöhen.", "de"),
    ("El gobierno anunció el martes que subiría los impuestos sobre el combustible el año "
     "próximo, a pesar de las protestas de los agricultores.", "es"),
])
def test_languages(text, want):
    assert detect(text) == want


@pytest.mark.parametrize("text", ["", "   ", "Hello", "12345 678 90", "https://example.org/a/b/c"])
def test_short_or_empty_is_none(text):
    assert detect(text) is None


def test_deterministic_and_bounded():
    text = "The harbour authority approved a new breakwater on Tuesday. " * 2000
    assert detect(text) == detect(text) == "en"
