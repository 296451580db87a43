"""The seed pages end to end: the required facts of ../shared/gold/seeds.gold.json.

One test per fact type; the pipeline runs once (eval/seeds.py caches it). Scoring rules are
those of ``eval/seeds.py``; each failure lists what was missed.
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT))

from eval import seeds as S  # noqa: E402

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def run(shared):
    return S.extract_seeds(shared)


@pytest.fixture(scope="module")
def gold(shared):
    return S.load_gold(shared)


def test_every_seed_is_read(run) -> None:
    assert len(run) == 2
    for s in run:
        assert not s.rec.get("error"), s.rec.get("error")
        # the date given for the run, unless the page itself carried one
        assert s.rec.get("published")


def test_boilerplate_removed_and_body_intact(run) -> None:
    r = S.score_boilerplate(run)
    assert r.total >= 17 and not r.misses, r.misses


def test_required_entities_names_types_countries(run) -> None:
    res = S.score_entities(run)
    misses = res["name"].misses + res["type"].misses + res["country"].misses
    assert res["name"].total >= 15 and not misses, misses


def test_required_entity_aliases_are_mentions(run) -> None:
    r = S.score_entities(run)["aliases"]
    assert r.total >= 40 and not r.misses, r.misses


def _roles() -> list:
    path = SHARED / "gold" / "seeds.gold.json"
    if not path.is_file():
        return []
    out = []
    for d in json.loads(path.read_text(encoding="utf-8"))["documents"]:
        for e in d["entities"]:
            if e.get("required") and e.get("role"):
                marks = ()
                if "(" in e["role"]:
                    # a role the gold derives from a relation ("father of ...") the page
                    # never states as a title: world knowledge, beyond this stage
                    marks = (pytest.mark.xfail(strict=True, reason="role not written in text"),)
                out.append(pytest.param(d["file"], e["name"], id=f"{d['file'][:3]}-{e['name']}",
                                        marks=marks))
    return out


@pytest.mark.parametrize("file,name", _roles())
def test_required_entity_roles(run, file: str, name: str) -> None:
    seed = next(s for s in run if s.file == file)
    one = S.Seed(seed.file, seed.published, seed.raw,
                 {**seed.gold, "entities": [e for e in seed.gold["entities"]
                                            if e["name"] == name]}, seed.rec)
    r = S.score_entities((one,))["role"]
    assert r.total == 1 and not r.misses, r.misses


def test_all_twelve_quotes_with_speaker_and_cue(run) -> None:
    res = S.score_quotes(run)
    assert res["found"].total == 12
    misses = res["found"].misses + res["speaker"].misses + res["cue"].misses
    assert not misses, misses


def test_required_times(run) -> None:
    r = S.score_times(run, required_only=True)
    assert r.total >= 6 and not r.misses, r.misses


def test_cross_document_actors_share_canonical_names(run, gold) -> None:
    only_entities = {**gold, "cross_document": [c for c in gold["cross_document"]
                                                if "entities" in c]}
    r = S.score_cross(run, only_entities)
    assert r.total >= 5 and not r.misses, r.misses


def test_required_events(run) -> None:
    r = S.score_events(run, required_only=True)
    assert r.total >= 12 and not r.misses, r.misses


# The modality each required event has, read from issue 8's rules (the gold has no such
# field): offers, willingness, "would like to" and "will work together" are intended; acts
# reported as done are asserted.
MODALITY = {"000-E1": "intended", "000-E2": "asserted", "000-E4": "asserted",
            "000-E5": "asserted", "000-E7": "intended", "000-E9": "asserted",
            "001-E1": "asserted", "001-E2": "intended", "001-E3": "asserted",
            "001-E4": "intended", "001-E5": "asserted", "001-E6": "asserted"}
# Dates the page does not give: the gold dates the UN address by the photo caption the
# cleaner removes (the body says "has delivered", so the publication date is what is
# written), and Trump's "three meetings" by world knowledge (2018/2019).
DATE_NOT_IN_TEXT = {"000-E9": "the page gives no date for the three meetings"}


def _required_events() -> list:
    path = SHARED / "gold" / "seeds.gold.json"
    if not path.is_file():
        return []
    return [(d["file"], e["id"]) for d in json.loads(path.read_text(encoding="utf-8"))["documents"]
            for e in d["events"] if e.get("required")]


def _gold_event(run, file: str, eid: str):
    seed = next(s for s in run if s.file == file)
    return seed, next(e for e in seed.gold["events"] if e["id"] == eid)


@pytest.mark.parametrize("file,eid", [
    pytest.param(f, i, id=i, marks=(pytest.mark.xfail(strict=True, reason=DATE_NOT_IN_TEXT[i]),)
                 if i in DATE_NOT_IN_TEXT else ()) for f, i in _required_events()])
def test_required_event_dates(run, file: str, eid: str) -> None:
    seed, g = _gold_event(run, file, eid)
    got = S.matches(seed, g)
    assert got and any(S.event_date_ok(g, p) for p in got), \
        (g.get("date"), [(p["cameo"], p["date"], p["trigger"]["text"]) for p in got])


@pytest.mark.parametrize("file,eid", [pytest.param(f, i, id=i) for f, i in _required_events()])
def test_required_event_modality(run, file: str, eid: str) -> None:
    seed, g = _gold_event(run, file, eid)
    got = S.matches(seed, g)
    assert got and any(p["modality"] == MODALITY[eid] for p in got), \
        (MODALITY[eid], [(p["cameo"], p["modality"], p["trigger"]["text"]) for p in got])


def test_cross_document_event_links(run, gold) -> None:
    """Both reports of each linked pair are found in their page (merging them into one
    timeline event is the link stage's, issue 9)."""
    only_events = {**gold, "cross_document": [c for c in gold["cross_document"]
                                              if "events" in c]}
    r = S.score_cross(run, only_events)
    assert r.total >= 2 and not r.misses, r.misses


def test_scorers_fail_on_an_empty_result(run, gold) -> None:
    """The scoring can fail: a pipeline that finds nothing misses every fact."""
    empty = tuple(S.Seed(s.file, s.published, s.raw, s.gold,
                         {"text": s.raw, "entities": [], "quotes": [], "times": []})
                  for s in run)
    assert S.score_boilerplate(empty).misses
    assert S.score_entities(empty)["name"].hits == 0
    assert S.score_quotes(empty)["found"].hits == 0
    assert S.score_times(empty).hits == 0
    assert S.score_cross(empty, gold).hits == 0
    assert S.score_events(empty).hits == 0
    wrong = tuple(S.Seed(s.file, s.published, s.raw, s.gold,
                         {**s.rec, "times": [{**t, "value": "1999"} for t in s.rec["times"]],
                          "quotes": [{**q, "speaker": {"name": "Nobody"}}
                                     for q in s.rec["quotes"]]})
                  for s in run)
    assert S.score_times(wrong).hits == 0
    assert S.score_quotes(wrong)["speaker"].hits == 0
