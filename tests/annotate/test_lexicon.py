"""Lexicon: titles, honorifics, qualifiers, first-name gender and parse_title."""

from __future__ import annotations

import pytest

from newsgraph.annotate.lexicon import (HONORIFICS, QUALIFIERS, TITLES, TitleParse,
                                        first_name_gender, honorific_gender, parse_title,
                                        title_gender, title_of)


@pytest.mark.parametrize("phrase, expected", [
    ("former Japanese Prime Minister", ("Prime Minister", "former", "JPN")),
    ("Japan's Prime Minister", ("Prime Minister", None, "JPN")),
    ("Japan\u2019s Prime Minister", ("Prime Minister", None, "JPN")),
    ("the North Korean leader", ("Leader", None, "PRK")),
    ("U.S. President", ("President", None, "USA")),
    ("US President", ("President", None, "USA")),
    ("President", ("President", None, None)),
    ("the president of the United States", ("President", None, "USA")),
    ("Prime Minister of Japan", ("Prime Minister", None, "JPN")),
    ("the French foreign minister", ("Foreign Minister", None, "FRA")),
    ("Minister of Foreign Affairs", ("Foreign Minister", None, None)),
    ("Russia's deputy foreign minister", ("Deputy Foreign Minister", None, "RUS")),
    ("ex-president", ("President", "former", None)),
    ("then-Secretary of State", ("Secretary of State", "then", None)),
    ("the late King", ("King", "late", None)),
    ("acting Defense Secretary", ("Defence Secretary", "acting", None)),
    ("President-elect of Brazil", ("President", "incoming", "BRA")),
    ("UN Secretary-General", ("Secretary-General", None, "UN")),
    ("British Foreign Secretary", ("Foreign Secretary", None, "GBR")),
    ("Chinese Vice Premier", ("Vice Premier", None, "CHN")),
    ("outgoing German Chancellor", ("Chancellor", "outgoing", "DEU")),
    ("Iran's Supreme Leader", ("Supreme Leader", None, "IRN")),
    ("the Kremlin spokesman", ("Spokesperson", None, "RUS")),
    ("Sen.", ("Senator", None, None)),
    ("Iranian Supreme Leader Ayatollah", ("Supreme Leader", None, "IRN")),
    ("the late former Prime Minister", ("Prime Minister", "late", None)),
    ("WHO chief", ("Head", None, "WHO")),
    ("the head of the IAEA", ("Head", None, "IAEA")),
    ("NATO Secretary General", ("Secretary-General", None, "NATO")),
    ("White House press secretary", ("Press Secretary", None, "USA")),
    ("Minister for Foreign Affairs of Japan", ("Foreign Minister", None, "JPN")),
    ("Japan's Chief Cabinet Secretary", ("Chief Cabinet Secretary", None, "JPN")),
    ("the British PM", ("Prime Minister", None, "GBR")),
    ("Chinese Foreign Ministry spokesman", ("Spokesperson", None, "CHN")),
    ("the Japanese government spokesperson", ("Spokesperson", None, "JPN")),
    ("Secretary of State for Foreign Affairs", ("Foreign Secretary", None, None)),
])
def test_parse_title(phrase, expected):
    got = parse_title(phrase)
    assert isinstance(got, TitleParse)
    assert tuple(got) == expected


def test_parse_title_tokens_and_nothing():
    assert parse_title(["former", "Japanese", "Prime", "Minister"]) == \
        ("Prime Minister", "former", "JPN")
    assert parse_title(["Japan", "'s", "Prime", "Minister"]).country == "JPN"
    assert parse_title("hello world") is None
    assert parse_title("") is None
    assert parse_title([]) is None
    assert parse_title(None) is None


def test_parse_title_spacy_tokens(nlp):
    doc = nlp("Japan's Prime Minister Fumio Kishida spoke.")
    assert parse_title(doc[0:4]) == ("Prime Minister", None, "JPN")


def test_tables():
    assert TITLES["prime minister"].canonical == "Prime Minister"
    assert TITLES["queen"].gender == "f" and TITLES["king"].gender == "m"
    assert TITLES["spokeswoman"] == TITLES["spokeswoman"] and \
        TITLES["spokeswoman"].canonical == "Spokesperson"
    assert title_gender("spokeswoman") == "f" and title_gender("President") is None
    assert title_of("Foreign Minister").canonical == "Foreign Minister"
    assert title_of("Defense Minister").canonical == "Defence Minister"
    assert HONORIFICS["mrs"] == "f" and HONORIFICS["mr"] == "m" and HONORIFICS["dr"] is None
    assert honorific_gender("Mr.") == "m" and honorific_gender("Ms") == "f"
    assert QUALIFIERS["ex"] == "former" and QUALIFIERS["interim"] == "acting"
    assert all(k == k.lower() for k in TITLES) and all(k == k.lower() for k in HONORIFICS)


@pytest.mark.parametrize("name, gender", [
    ("Fumio", "m"), ("Fumio Kishida", "m"), ("Angela Merkel", "f"), ("Mr Blair", "m"),
    ("Mrs May", "f"), ("Queen Elizabeth", "f"), ("Kim Jong Un", "m"), ("Kim Jong-un", "m"),
    ("Kim Yo-jong", "f"), ("Xi Jinping", "m"), ("Moon Jae-in", "m"), ("Olena Zelenska", "f"),
    ("José Manuel", "m"), ("Ségolène Royal", "f"), ("Kishida", None), ("Dr Smith", None),
    ("Kim", None), ("", None), ("Jordan Peterson", None), ("Sheikh Hasina", "f"),
    ("Prince Harry", "m"), ("Queen", "f"), ("Mr. Smith", "m"), (None, None), (42, None),
])
def test_first_name_gender(name, gender):
    assert first_name_gender(name) == gender
