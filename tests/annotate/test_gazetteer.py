"""Gazetteer: lookups (the tricky ones), scanning, and the build/runtime split."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from newsgraph.annotate import gazetteer as gz
from newsgraph.annotate.gazetteer import country_name, find_all, is_country, lookup


@pytest.mark.parametrize("surface, code, kind", [
    ("US", "USA", "alias"), ("U.S.", "USA", "alias"), ("U.S.A.", "USA", "alias"),
    ("USA", "USA", "alias"), ("United States", "USA", "country"),
    ("the United States", "USA", "country"), ("America", "USA", "alias"),
    ("the White House", "USA", "seat"), ("White House", "USA", "seat"),
    ("Pyongyang", "PRK", "capital"), ("Tokyo", "JPN", "capital"), ("Seoul", "KOR", "capital"),
    ("North Korean", "PRK", "demonym"), ("North Koreans", "PRK", "demonym"),
    ("Japanese", "JPN", "demonym"), ("American", "USA", "demonym"),
    ("British", "GBR", "demonym"), ("DPRK", "PRK", "alias"), ("ROK", "KOR", "alias"),
    ("Britain", "GBR", "alias"), ("UK", "GBR", "alias"), ("U.K.", "GBR", "alias"),
    ("Great Britain", "GBR", "alias"), ("Russia", "RUS", "country"),
    ("Iran", "IRN", "country"), ("Syria", "SYR", "country"), ("Vietnam", "VNM", "country"),
    ("Czechia", "CZE", "country"), ("Czech Republic", "CZE", "country"),
    ("the Kremlin", "RUS", "seat"), ("Downing Street", "GBR", "seat"),
    ("Élysée", "FRA", "seat"), ("Elysee", "FRA", "seat"), ("Zhongnanhai", "CHN", "seat"),
    ("Georgia", "GEO", "country"), ("Japan's", "JPN", "country"),
    ("Japan\u2019s", "JPN", "country"), ("Guinea-Bissau", "GNB", "country"),
    ("Guinea Bissau", "GNB", "country"), ("Côte d\u2019Ivoire", "CIV", "country"),
    ("NORTH KOREA", "PRK", "country"), ("japan", "JPN", "country"),
    ("Washington", "USA", "capital"), ("Kyiv", "UKR", "capital"),
])
def test_lookup_states(surface, code, kind):
    p = lookup(surface)
    assert p is not None, surface
    assert (p.country or p.code, p.kind) == (code, kind)


@pytest.mark.parametrize("surface, code", [
    ("UN", "UN"), ("U.N.", "UN"), ("United Nations", "UN"),
    ("UN General Assembly", "UNGA"), ("United Nations General Assembly", "UNGA"),
    ("Security Council", "UNSC"), ("EU", "EU"), ("NATO", "NATO"), ("Nato", "NATO"),
    ("ASEAN", "ASEAN"), ("African Union", "AU"), ("WHO", "WHO"), ("IAEA", "IAEA"),
    ("IMF", "IMF"), ("World Bank", "WB"), ("WTO", "WTO"), ("OPEC", "OPEC"), ("G7", "G7"),
    ("G20", "G20"), ("OSCE", "OSCE"), ("Interpol", "INTERPOL"), ("ICC", "ICC"),
    ("ICJ", "ICJ"), ("Red Cross", "ICRC"), ("Arab League", "ARAB"), ("GCC", "GCC"),
])
def test_lookup_igos(surface, code):
    p = lookup(surface)
    assert p is not None and p.code == code and p.type == "ORG" and p.country is None


@pytest.mark.parametrize("surface", ["us", "who", "Us", "u.s.", "turkey", "china-ware", "",
                                     "   ", "the", "Kishida", "nato?!"])
def test_lookup_refuses_words(surface):
    p = lookup(surface)
    assert p is None or surface == "nato?!"   # punctuation is stripped: "nato" may match


def test_lookup_case_rule_for_codes():
    assert lookup("Turkey").code == "TUR"
    assert lookup("turkey") is None            # ambiguous name written as a common noun


def test_types():
    assert lookup("Japan").type == "COUNTRY"
    assert lookup("Pyongyang").type == "COUNTRY"     # a capital acts for its state
    assert lookup("White House").type == "ORG"
    assert lookup("New York City").type == "LOCATION"
    assert lookup("New York City").country == "USA"
    assert lookup("England").kind == "region" and lookup("England").country == "GBR"


def test_country_helpers():
    assert country_name("PRK") == "North Korea"
    assert country_name("KOR") == "South Korea"
    assert country_name("USA") == "United States"
    assert country_name("GBR") == "United Kingdom"
    assert country_name("prk") == "North Korea"
    assert country_name("UN") == "United Nations"
    assert country_name("ZZZ") is None and country_name(None) is None
    assert is_country("JPN") and not is_country("UN") and not is_country(None)


def test_every_sovereign_state_has_capital_and_demonym():
    # a sample across continents: the build reports the full list
    for code in ("AFG", "BRA", "EGY", "FJI", "ISL", "KEN", "MNG", "NZL", "PER", "QAT",
                 "TUV", "ZWE", "PRK", "KOR", "JPN", "CHN", "USA", "GBR", "FRA", "DEU"):
        kinds = {p.kind for p in gz.places_for_code(code)}
        assert {"capital", "demonym"} <= kinds, code


def _spans(text):
    return [(text[s:e], p.country or p.code) for s, e, p in find_all(text)]


def test_find_all_basic():
    text = ("Japanese officials said on Monday that Tokyo wants talks with Pyongyang, "
            "while the White House and U.S. envoys met UN General Assembly delegates.")
    assert _spans(text) == [("Japanese", "JPN"), ("Tokyo", "JPN"), ("Pyongyang", "PRK"),
                            ("White House", "USA"), ("U.S.", "USA"),
                            ("UN General Assembly", "UNGA")]


def test_find_all_offsets_are_exact():
    text = "Talks between North Korea\u2019s envoy and the D.P.R.K. mission ended."
    for s, e, p in find_all(text):
        assert lookup(text[s:e]) == p
    assert [t for t, _ in _spans(text)] == ["North Korea", "D.P.R.K."]


def test_find_all_case_and_names():
    text = ("Tell us who won. Michael Jordan flew to Jordan; the Washington Post said "
            "Washington would respond. WHO experts arrived in Paris.")
    found = _spans(text)
    assert ("Jordan", "JOR") in found and found.count(("Jordan", "JOR")) == 1
    assert ("Washington", "USA") in found and found.count(("Washington", "USA")) == 1
    assert ("WHO", "WHO") in found and ("Paris", "FRA") in found
    assert all(t not in ("us", "who") for t, _ in found)


def test_find_all_longest_match():
    text = "Guinea-Bissau and Papua New Guinea joined; New Mexico is not Mexico."
    found = _spans(text)
    assert ("Guinea-Bissau", "GNB") in found and ("Papua New Guinea", "PNG") in found
    assert ("New Mexico", "USA") in found and ("Mexico", "MEX") in found
    assert not any(t == "Guinea" for t, _ in found)


def test_find_all_empty_and_junk():
    assert find_all("") == []
    assert find_all("1234 !!! ???") == []
    assert find_all("\x00\ufffd") == []


def test_runtime_never_imports_pycountry():
    code = ("import sys; import newsgraph.annotate.gazetteer as g; g.lookup('Japan');"
            "g.find_all('Japan and Korea'); import newsgraph.annotate.lexicon as l;"
            "l.parse_title('former Japanese Prime Minister');"
            "import newsgraph.link.registry;"
            "assert 'pycountry' not in sys.modules, 'pycountry imported at runtime'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_source_has_no_pycountry_import():
    import inspect
    from newsgraph.annotate import lexicon
    from newsgraph.link import registry
    for mod in (gz, lexicon, registry):
        assert "import pycountry" not in inspect.getsource(mod)


def test_find_all_context_rules():
    text = ("William Hague flew to The Hague. Prices in US$ and HK$3bn rose in the States. "
            "Brittany Murphy visited Brittany; Indiana Jones is not in Indiana.")
    found = _spans(text)
    assert ("The Hague", "NLD") in found
    assert not any(t == "Hague" for t, _ in found)
    assert not any(t in ("US", "HK") for t, _ in found)
    assert ("the States", "USA") in found
    assert [t for t, _ in found].count("Brittany") == 1
    assert [t for t, _ in found].count("Indiana") == 1
    assert lookup("Hague") is None and lookup("The Hague").country == "NLD"


def test_world_regions_have_no_state():
    p = lookup("the Middle East")
    assert p.kind == "area" and p.type == "LOCATION" and p.country is None
    assert lookup("Mideast") == p
    assert not is_country(p.code)


def test_distinct_places_have_distinct_codes():
    assert lookup("Liverpool").code != lookup("Manchester").code
    assert lookup("Pentagon").code != lookup("White House").code
    assert lookup("Bombay").code == lookup("Mumbai").code
    assert lookup("Oval Office").code == lookup("White House").code


def test_generated_table_is_fresh():
    pytest.importorskip("pycountry")      # build-time dependency only
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, str(root / "tools" / "build_gazetteer.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_organs_know_their_parent():
    assert lookup("UN General Assembly").parent == "UN"
    assert gz.parent_of("UNSC") == "UN" and gz.parent_of("ECB") == "EU"
    assert gz.parent_of("UN") is None and gz.parent_of("JPN") is None and gz.parent_of("") is None


def test_groups_and_parties():
    assert lookup("Hamas").kind == "group" and lookup("Hamas").country == "PSE"
    assert lookup("Islamic State").country is None and lookup("ISIS") == lookup("Islamic State")
    assert lookup("BJP").kind == "party" and lookup("BJP").country == "IND"
    text = "Social Democrats and Labour MPs criticised Hezbollah."
    found = _spans(text)
    assert ("Labour", "GBR") in found and ("Hezbollah", "LBN") in found
    assert not any(t == "Democrats" for t, _ in found)


def test_bad_input_never_crashes():
    assert lookup(None) is None and lookup(42) is None
    assert find_all(None) == [] and find_all(b"Japan") == []
    assert country_name(None) is None and country_name(3) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("JapnUS.K-' \u2019thelNorKCid\n")), max_size=80))
def test_find_all_spans_are_sound(text):
    last = -1
    for s, e, p in find_all(text):
        assert 0 <= s < e <= len(text) and s >= last
        last = e
        assert p.code and p.name and p.kind


def test_georgia_the_us_state_is_not_the_country():
    assert lookup("Georgia").code == "GEO"          # no context: the country
    for text in ("He lives in Atlanta, Georgia, now.", "Voters in the state of Georgia.",
                 "Georgia's governor spoke."):
        assert not any(p.code == "GEO" for _, _, p in find_all(text)), text
    assert ("Georgia", "GEO") in _spans("Georgia and Armenia signed a deal in Tbilisi.")


def test_place_inside_event_or_company_name():
    text = "At the Australian Open and the US Open, Japan Airlines staff said Japan would act."
    assert _spans(text) == [("Japan", "JPN")]
    assert lookup("China Daily").country == "CHN"


def test_names_holding_a_place_hide_it():
    text = "Bank of America and the Times of India said Air China would fly to America."
    assert _spans(text) == [("America", "USA")]
    assert lookup("Bank of America") is None


def test_sentence_openers_do_not_hide_places():
    text = "In Paris, talks began. From Washington, aid came. Michael Jordan played. " \
           "Former Japanese leaders met. Trump critic Mark Cuban spoke."
    assert _spans(text) == [("Paris", "FRA"), ("Washington", "USA"), ("Japanese", "JPN")]


def test_table_is_well_formed():
    rows = [ln.rstrip("\n").split("\t") for ln in gz.DATA_FILE.read_text("utf-8").splitlines()
            if ln and not ln.startswith("#")]
    assert len(rows) > 2000
    states = {r[1] for r in rows if r[2] == "country"}
    for r in rows:
        assert len(r) == 7, r
        surface, code, kind, typ, country, name, _ = r
        assert surface.strip() == surface and surface and code and name
        assert kind in gz.KIND_TYPE and typ == gz.KIND_TYPE[kind], r
        if kind in ("country", "alias", "demonym", "capital"):
            assert code in states and country == code, r
        if kind in ("seat", "agency", "city", "region"):
            assert country in states and code.startswith(country + ":"), r
        if kind in ("igo", "ngo", "area"):
            assert country == "", r
    both = {c for c in states
            if {"capital", "demonym"} <= {p.kind for p in gz.places_for_code(c)}}
    assert len(both) >= 188          # every sovereign state but the city-states
