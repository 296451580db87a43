"""The CAMEO lexicon, the composition tables and date bounds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.annotate import event_lexicon as L
from newsgraph.annotate.event_coding import compose
from newsgraph.model import date_bounds

ROOT = Path(__file__).resolve().parents[2]


def words(*ws: str) -> list[frozenset[str]]:
    return [frozenset({w}) for w in ws]


def test_codebook_rows_carry_goldstein_quad_and_plover():
    i = L.info("042")
    assert i.plover == "CONSULT" and i.mode == "visit" and i.quad == 1 and i.goldstein > 0
    assert L.info("190").quad == 4 and L.info("190").goldstein < 0
    assert L.info("010").plover is None           # PLOVER does not code statements
    assert L.info("020").plover == "REQUEST"
    assert L.info("1234x") is None


def test_most_specific_pattern_wins_and_defaults_stand_in():
    e = L.verb("engage")
    assert e.code([], words("in", "talks"))[0] == "046"
    assert e.code([], words("with"), words("with"))[0] == "040"   # its own phrase
    assert e.code([], words("with"))[0] == "-"      # a "with" elsewhere is not the phrase
    assert e.code([], words("fiercely"))[0] == "-"       # not an event by itself
    assert L.verb("visit").code([], [])[0].startswith("042")
    assert L.noun("test").code(words("nuclear"), [])[0] == "150"
    assert L.noun("test").code(words("driving"), [])[0] == "-"


def test_compose_follows_the_codebook_parallels():
    assert compose("intent", "046") == "036"
    assert compose("intent", "072") == "0332"
    assert compose("appeal", "0841") == "0253"
    assert compose("demand", "0841") == "1053"
    assert compose("reject", "036") == "125"
    assert compose("reject", "060") == "121"
    assert compose("threat", "190") == "138"
    assert compose("intent", "163") == "1312"       # a promised sanction is a threat
    assert compose("intent", None) == "030"
    for kind in ("intent", "appeal", "demand", "reject", "threat"):
        for code in L.codes():
            assert L.info(compose(kind, code)) is not None, (kind, code)


def test_date_bounds():
    assert date_bounds("2002") == ("2002-01-01", "2002-12-31")
    assert date_bounds("197X/198X") == ("1970-01-01", "1989-12-31")
    assert date_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert date_bounds("2023-W37") == ("2023-09-11", "2023-09-17")
    assert date_bounds("PAST_REF") == (None, None) and date_bounds(None) == (None, None)
    assert date_bounds("2023-02-30") == (None, None)


@pytest.mark.shared
def test_generated_lexicon_is_fresh(shared):
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "build_event_lexicon.py"),
                        "--shared", str(shared), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
