"""Known actors: the dictionary builder's parser, the lookup, the date logic and its use in
the actors stage. All people here are invented, except the checks on the shipped tables."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from newsgraph.annotate import actors, known_actors as K
from newsgraph.model import Role

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_known_actors",
                                                  ROOT / "tools" / "build_known_actors.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


SNIPPET = """\
# a comment line
NORTHLAND_  [ISL]
+NORTHLANDIC_
ISLAND_NATIONAL_ARMY_
\t[ISLMIL]
TOMAS_QUILLBY_  # leader
+T._QUILLBY_
+PRESIDENT_QUILLBY_
\t[ISLELI 19500101-010101]
\t[ISLGOV 010101-101231]
\t[ISLELI]
FOREIGN_MINISTER_ANSEL_MARROW_  # title glued to the name
\t[ISLGOVBUS >120301]
RADU_FENWICK_\t[ROUGOV 050101-090630] [IGOUNO 100101-111231]
NOBODY_DATED_
\t[ISLGOV]
BROKEN_DATES_
\t[ISLGOV 091301-100101]
OLD_TIMER_
\t[ISLGOV 331108-450101]
"""


# ---------------------------------------------------------------------------- builder
def test_builder_parses_entries_variants_and_dated_codes(builder):
    entries = builder.parse(SNIPPET.splitlines(), states={"ISL", "ROU"})
    people = {p["name"]: p for p in builder.persons(entries)}
    # institutions, undated entries and impossible dates give nobody
    assert set(people) == {"Tomas Quillby", "Ansel Marrow", "Radu Fenwick", "Old Timer"}
    q = people["Tomas Quillby"]
    assert q["roles"] == [("ISL", "GOV", date(2001, 1, 1), date(2010, 12, 31))]   # ELI dropped
    assert "T. Quillby" in q["variants"] and "Quillby" in q["variants"]
    # ">date": begun, end unknown; the glued title is not part of the name
    assert people["Ansel Marrow"]["roles"] == [("ISL", "GOVBUS", date(2012, 3, 1), None)]
    # codes on the entry's own line; organisation roles are not kept
    assert people["Radu Fenwick"]["roles"] == [("ROU", "GOV", date(2005, 1, 1),
                                                date(2009, 6, 30))]
    # six-digit years in the 30s are the 1930s
    assert people["Old Timer"]["roles"][0][2] == date(1933, 11, 8)


def test_builder_date_forms(builder):
    assert builder.parse_span("941231-111217") == (date(1994, 12, 31), date(2011, 12, 17))
    assert builder.parse_span("<061231") == (None, date(2006, 12, 31))
    assert builder.parse_span("19270101-730717") == (date(1927, 1, 1), date(1973, 7, 17))
    assert builder.parse_span("100101-090101") is None      # ends before it starts
    assert builder.parse_span(None) is None


# ---------------------------------------------------------------------------- lookup
OVERRIDES = """\
# names  of  title  start  end
Tomas Quillby|Tomas Q. Quillby  ISL  President  2001-01-01  2010-12-31
Odile Varnet  FRA  Prime Minister  2019-03-01  -
Odile Varnet  FRA  Foreign Minister  2012-05-01  2015-01-10
Daniel Hartley  USA  President  1990-01-20  1994-01-20
Daniel R. Hartley|Daniel Hartley  USA  President  2010-01-20  2014-01-20
Lina Sorel  UN  Secretary-General  2005-01-01  2009-12-31
"""
GENERATED = """\
# horizon: 2015-02-17
# name\tvariants\tcountry\tagent\tstart\tend
Radu Fenwick\tRadu Fenwick|R. Fenwick\tROU\tGOV\t2005-01-01\t2009-06-30
Ansel Marrow\tAnsel Marrow\tISL\tGOVBUS\t2012-03-01\t
Tomas Quillby\tTomas Quillby\tISL\tGOV\t1999-01-01\t2001-01-01
Ivo Brandl\tIvo Brandl\tAUT\tGOV\t2003-01-01\t2006-01-01
Ivo Brandl\tIvo Brandl\tDEU\tGOVMIL\t2004-01-01\t2007-01-01
"""


@pytest.fixture()
def tables(tmp_path, monkeypatch):
    o, g = tmp_path / "o.tsv", tmp_path / "g.tsv"
    o.write_text(OVERRIDES, encoding="utf-8")
    g.write_text(GENERATED, encoding="utf-8")
    t = K.load_tables(o, g)
    monkeypatch.setattr(K, "_tables", t)
    return t


def test_lookup_normalises_names(tables):
    for name in ("Tomas Quillby", "Mr. Tomas Quillby", "TOMAS QUILLBY", "Tomas Q. Quillby",
                 "Tómas Quillby"):
        got = K.lookup(name)
        assert [(r.title, r.of) for r in got] == [("President", "ISL")], name
    assert K.lookup("Quillby") == []            # a bare surname never matches


def test_overrides_replace_the_generated_rows_of_a_person(tables):
    # the generated table's "Government official" years of Quillby are not used
    assert {r.source for r in K.lookup("Tomas Quillby")} == {"overrides"}
    assert [r.title for r in K.lookup("R. Fenwick")] == ["Government official"]


def test_ambiguous_names_give_nothing(tables):
    assert K.lookup("Daniel Hartley") == []       # father and son, both listed
    assert len(K.lookup("Daniel R. Hartley")) == 1   # "Jr." would not tell them apart
    assert K.lookup("Ivo Brandl") == []         # generated rows in two states


def test_dates_current_former_and_before_office(tables):
    def at(name, when):
        return {(d.role.title, d.status) for d in K.roles_at(name, when)}
    assert at("Tomas Quillby", "2005-06-01") == {("President", "current")}
    assert at("Tomas Quillby", "2010-12-31") == {("President", "former")}   # end day: successor
    assert at("Tomas Quillby", "2023-01-01") == {("President", "former")}
    assert at("Tomas Quillby", "1995-01-01") == set()                     # not yet in office
    assert at("Odile Varnet", "2024-01-01") == {("Prime Minister", "current"),
                                                ("Foreign Minister", "former")}
    assert at("Odile Varnet", "2013-01-01") == {("Foreign Minister", "current")}
    assert K.roles_at("Tomas Quillby", None) == []      # no document date, no claim


def test_open_generated_roles_are_unknown_after_the_horizon(tables):
    assert [d.status for d in K.roles_at("Ansel Marrow", "2014-01-01")] == ["current"]
    assert [d.status for d in K.roles_at("Ansel Marrow", "2020-01-01")] == ["unknown"]


def test_bad_override_lines_fail_loudly():
    with pytest.raises(ValueError):
        K.parse_overrides(["Somebody  ISL  President  2001-01-01"])
    with pytest.raises(ValueError):
        K.parse_overrides(["Somebody  ISL  President  2001-13-01  -"])
    with pytest.raises(ValueError):
        K.parse_overrides(["Somebody  ISL  President  2001-01-01  2000-01-01"])


def test_role_json_names_its_source_only_when_set():
    assert "source" not in Role("President", "ISL", "2020-01-01").to_json()
    assert Role("President", "ISL", "2020-01-01", None, "dictionary").to_json()["source"] \
        == "dictionary"


# ---------------------------------------------------------------------------- actors stage
@pytest.fixture(scope="module")
def run(nlp):
    def _run(text: str, when: str | None):
        return actors.extract(nlp(text), when)
    return _run


def person(ents, name):
    hits = [e for e in ents if e.name == name and e.type == "PERSON"]
    assert hits, f"{name!r} not among {[(e.name, e.type) for e in ents]}"
    return hits[0]


def roles(e):
    return {(r.title, r.of, r.qualifier, r.source) for r in e.roles}


def test_stage_adds_dated_dictionary_role_to_a_relative(tables, run):
    text = ("The delegation was received by Marta Quillby and her father, Tomas Quillby, "
            "at the harbour on Sunday.")
    p = person(run(text, "2023-09-20"), "Tomas Quillby")
    assert roles(p) == {("President", "ISL", "former", "dictionary")}
    assert p.country == "ISL"
    assert all(r.as_of == "2023-09-20" for r in p.roles)
    p = person(run(text, "2004-03-02"), "Tomas Quillby")
    assert roles(p) == {("President", "ISL", None, "dictionary")}


def test_stage_never_overrides_a_role_the_text_states(tables, run):
    text = "Fisheries Minister Tomas Quillby opened the new harbour on Sunday."
    p = person(run(text, "2004-03-02"), "Tomas Quillby")
    assert all(r.source is None for r in p.roles)
    assert ("President", "ISL", None, "dictionary") not in roles(p)


def test_stage_adds_nothing_for_ambiguous_or_unknown_people(tables, run):
    ents = run("Daniel Hartley said on Sunday that he would return. Henry Brisk said he "
               "agreed.", "2012-03-02")
    assert person(ents, "Daniel Hartley").roles == ()
    assert person(ents, "Henry Brisk").roles == ()


def test_stage_needs_the_state_for_generated_rows(tables, run):
    text = "Radu Fenwick toured the harbour on Sunday."
    assert person(run(text, "2007-03-02"), "Radu Fenwick").roles == ()
    p = person(run(text + " Romania welcomed the visit.", "2007-03-02"), "Radu Fenwick")
    assert roles(p) == {("Government official", "ROU", None, "dictionary")}


def test_stage_skips_namesakes_placed_in_another_state(tables):
    from newsgraph.annotate.coref import Cluster

    def add(country):
        cl = Cluster("PERSON", "Odile Varnet", ("odile", "varnet"), country=country)
        actors._known_roles([cl], "2024-03-02", set())
        return cl
    assert add("CAN").roles == []                       # the text made her Canadian
    assert add("FRA").roles == [("Prime Minister", "FRA", None),
                                ("Foreign Minister", "FRA", "former")]
    cl = add(None)
    assert cl.country == "FRA" and cl.roles[0] == ("Prime Minister", "FRA", None)


def test_stage_keeps_a_text_title_over_the_dictionary(tables, run):
    p = person(run("Canadian businesswoman Odile Varnet toured the harbour on Sunday.",
                   "2024-03-02"), "Odile Varnet")
    assert p.roles and not any(r.source == "dictionary" for r in p.roles)


# ---------------------------------------------------------------------------- shipped tables
def test_shipped_tables_know_leaders_by_date(monkeypatch):
    monkeypatch.setattr(K, "_tables", None)
    got = {(d.role.title, d.role.of, d.status) for d in K.roles_at("Kim Jong-il", "2023-09-20")}
    assert got == {("Leader", "PRK", "former")}
    got = {(d.role.title, d.role.of, d.status) for d in K.roles_at("Kim Jong Il", "2005-01-01")}
    assert got == {("Leader", "PRK", "current")}
    assert K.lookup("George Bush") == []        # father and son
    assert {r.title for r in K.lookup("George W. Bush")} == {"President"}


@pytest.mark.shared
def test_generated_table_is_in_step_with_its_source(builder, shared):
    """The committed table is what the tool builds from the dictionaries (rebuild if not)."""
    rows, horizon = builder.build(shared)
    committed = K.GENERATED.read_text(encoding="utf-8").splitlines()
    assert f"# horizon: {horizon.isoformat()}" in committed
    assert [r for r in committed if not r.startswith("#")] == rows
