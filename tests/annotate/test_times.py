"""Time expressions: one golden case per category, the traps, and robustness."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.annotate.times import find_times, stage
from newsgraph.model import Annotated, Article

ANCHOR = "2024-03-14"   # a Thursday, ISO week 11


def got(text: str, anchor: str | None = ANCHOR) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_times(text, anchor)]


def one(text: str, anchor: str | None = ANCHOR):
    found = find_times(text, anchor)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


@pytest.mark.parametrize("text,span,value", [
    # full dates
    ("It happened on Tuesday, March 5, 2024, in Paris.", "Tuesday, March 5, 2024", "2024-03-05"),
    ("It happened on 5 March 2024.", "5 March 2024", "2024-03-05"),
    ("It happened on the 5th of March, 2024.", "the 5th of March, 2024", "2024-03-05"),
    ("It happened on Sept. 19, 2023.", "Sept. 19, 2023", "2023-09-19"),
    ("It happened on 2023-09-19.", "2023-09-19", "2023-09-19"),
    ("It happened on 9/19/2023.", "9/19/2023", "2023-09-19"),
    ("It happened on 19.09.2023.", "19.09.2023", "2023-09-19"),
    # month and day, the year from the anchor
    ("It happened on Feb. 27.", "Feb. 27", "2024-02-27"),
    ("The vote is set for April 2.", "April 2", "2024-04-02"),
    # months
    ("The strike began in January.", "in January", "2024-01"),
    ("The plant closed in November.", "in November", "2023-11"),
    ("The law takes effect in March 2025.", "in March 2025", "2025-03"),
    ("The summit was held last May.", "last May", "2023-05"),
    # years, with the preposition the gold keeps
    ("In 2002, the leaders met.", "In 2002", "2002"),
    ("The plan dates from 1987.", "1987", "1987"),
    ("It was the worst flood since 1953.", "1953", "1953"),
    # decades and centuries
    ("It grew in the 1970s.", "the 1970s", "197X"),
    ("It grew in the '80s.", "the '80s", "198X"),
    ("It grew in the seventies.", "the seventies", "197X"),
    ("The 20th century saw two wars.", "The 20th century", "19XX"),
    # parts
    ("Migrants left in the early 2000s.", "the early 2000s", "200X"),
    ("Prices fell in late 2019.", "late 2019", "2019"),
    ("Talks resume in mid-April.", "mid-April", "2024-04"),
    ("It peaked at the end of 2019.", "the end of 2019", "2019"),
    ("Sales rose in the first half of 2022.", "the first half of 2022", "2022-H1"),
    # ranges
    ("The war of 1950-53 never ended.", "1950-53", "1950/1953"),
    ("The 2018-19 season was short.", "2018-19", "2018/2019"),
    ("He ruled from 2017 to 2021.", "from 2017 to 2021", "2017/2021"),
    ("Output fell between 1990 and 1995.", "between 1990 and 1995", "1990/1995"),
    ("People were taken in the 1970s and 1980s.", "the 1970s and 1980s", "197X/198X"),
    ("Aid arrived from January to March 2024.", "from January to March 2024", "2024-01/2024-03"),
    # weekdays: past unless the clause speaks of the future
    ("The general said on Tuesday that troops would stay.", "Tuesday", "2024-03-12"),
    ("The council will vote on Monday.", "Monday", "2024-03-18"),
    ("The envoy arrives next Friday.", "next Friday", "2024-03-22"),
    ("They met last Thursday.", "last Thursday", "2024-03-07"),
    # relative
    ("Protesters gathered yesterday.", "yesterday", "2024-03-13"),
    ("The president travels today.", "today", "2024-03-14"),
    ("Results come tomorrow.", "tomorrow", "2024-03-15"),
    ("Last week, rates rose.", "Last week", "2024-W10"),
    ("The envoy returns next week.", "next week", "2024-W12"),
    ("Exports fell last month.", "last month", "2024-02"),
    ("The summit is next month.", "next month", "2024-04"),
    ("Last year, the harvest failed.", "Last year", "2023"),
    ("Two years ago, the mine closed.", "Two years ago", "2022"),
    ("Five days ago a convoy was hit.", "Five days ago", "2024-03-09"),
    ("Unemployment fell earlier this year.", "earlier this year", "2024"),
    # vague
    ("Officials have recently tightened checks.", "recently", "PAST_REF"),
    ("Tensions rose in recent months.", "in recent months", "PAST_REF"),
    ("The ministry is currently reviewing it.", "currently", "PRESENT_REF"),
    ("Hospitals are now full.", "now", "PRESENT_REF"),
    ("Such attacks were rare in the past.", "in the past", "PAST_REF"),
    ("More cuts are planned in the future.", "in the future", "FUTURE_REF"),
    ("A decision is expected soon.", "soon", "FUTURE_REF"),
    # durations
    ("He served for three years.", "three years", "P3Y"),
    ("A two-day visit ended.", "two-day", "P2D"),
    ("The hostages were held for 72 hours.", "72 hours", "PT72H"),
    ("Inflation doubled over the past two years.", "the past two years", "P2Y"),
    ("The decade-long war ended.", "decade-long", "P10Y"),
    # sets
    ("The fair is held every year.", "every year", "P1Y"),
    ("The report is published annually.", "annually", "P1Y"),
    ("The board meets twice a month.", "twice a month", "P1M"),
    ("The market opens every Saturday.", "every Saturday", "XXXX-WXX-6"),
    # times of day
    ("The blast happened at 4 p.m.", "4 p.m.", "2024-03-14T16:00"),
    ("Gunfire was heard last night.", "last night", "2024-03-13TNI"),
])
def test_golden(text: str, span: str, value: str) -> None:
    t = one(text)
    assert (t.text, t.value) == (span, value)
    assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("text,kind,mod", [
    ("Migrants left in the early 2000s.", "DATE", "START"),
    ("Prices fell in late 2019.", "DATE", "END"),
    ("Talks resume in mid-April.", "DATE", "MID"),
    ("The war of 1950-53 never ended.", "RANGE", None),
    ("He served for three years.", "DURATION", None),
    ("The fair is held every year.", "SET", None),
    ("The blast happened at 4 p.m.", "TIME", None),
])
def test_kind_and_mod(text: str, kind: str, mod: str | None) -> None:
    t = one(text)
    assert (t.kind, t.mod) == (kind, mod)


@pytest.mark.parametrize("text", [
    "The 78th session of the assembly opened.",
    "The 45th summit drew 2,000 delegates.",
    "About 1500 soldiers and 3000 police were deployed.",
    "The group has 2000 members.",
    "See page 2002 of the report and resolution No. 1441.",
    "No. 10 said the figure was 1.5 million.",
    "We may never know. They will march on the capital.",
    "May I ask a question?",
    "Theresa May met April Jones and Jan Novak.",
    "The Women's March drew thousands.",
    "A 12-year-old girl was rescued.",
    "The shops were busy on Black Friday.",
    "The 3rd Brigade and the 101st Airborne moved north.",
    "Turnout was 2019 votes higher.",
    "The code is 2023-99-99 and the ratio 3/4.",
    "He received a second warning from the referee.",
    "The Sunday Times and the Daily Mail ran the story.",
    "She told the BBC's Today programme about it.",
    "The track is 10.5 km long and 2,500 m high.",
])
def test_not_a_time(text: str) -> None:
    assert got(text) == []


def test_two_years_stay_two_dates() -> None:
    assert got("In 2002 and 2006 there were crises.") == [("In 2002", "2002"), ("2006", "2006")]


def test_relative_to_the_last_date_in_the_text() -> None:
    assert got("The rebels took the town in 2014. The following year they lost it.") == [
        ("in 2014", "2014"), ("The following year", "2015")]
    assert got("The bridge opened on 3 March 2020; three days later it shut.")[-1] == (
        "three days later", "2020-03-06")


def test_no_anchor_never_invents_a_year() -> None:
    assert got("Officials met yesterday.", None) == [("yesterday", "PAST_REF")]
    assert got("Talks resume next week.", None) == [("next week", "FUTURE_REF")]
    assert got("The deal was signed on March 3.", None) == [("March 3", "XXXX-03-03")]
    assert got("He arrived on Tuesday.", None) == [("Tuesday", "XXXX-WXX-2")]
    assert got("In 2005 the border reopened.", None) == [("In 2005", "2005")]
    assert got("Officials met yesterday.", "not a date") == [("yesterday", "PAST_REF")]


def test_anchor_recorded_only_for_relative_values() -> None:
    rel, absolute = find_times("Yesterday, as on 5 March 2024, it rained.", ANCHOR)
    assert rel.anchor == ANCHOR and absolute.anchor is None


def test_numeric_order_follows_an_unambiguous_date_in_the_text() -> None:
    assert got("Signed on 25/12/2023 and amended on 03/04/2024.")[1] == ("03/04/2024",
                                                                        "2024-04-03")
    assert got("Signed on 12/25/2023 and amended on 03/04/2024.")[1] == ("03/04/2024",
                                                                        "2024-03-04")


def test_month_alone_follows_the_tense() -> None:
    assert got("The ministers will meet in February.") == [("in February", "2025-02")]
    assert got("The ministers met in February.") == [("in February", "2024-02")]


def test_a_month_used_as_a_surname() -> None:
    text = "Theresa May's plan, backed by May, passed in May."
    assert got(text) == [("in May", "2024-05")]
    assert got("The plan, backed by Smith, passes by May.") == [("May", "2024-05")]


def test_spacy_doc_is_optional(nlp) -> None:
    text = "Theresa May's plan, backed by May, passed in May 2019 and in June."
    assert find_times(text, ANCHOR, nlp(text)) == find_times(text, ANCHOR)
    # a Doc over some other text is ignored, not trusted
    assert find_times("It rained in May.", ANCHOR, nlp("Something else.")) == find_times(
        "It rained in May.", ANCHOR)


def test_stage_fills_times() -> None:
    art = Article(doc_id="d", source="s", text="In 2002, the leaders met.", published=ANCHOR)
    out = stage(Annotated(article=art))
    assert [(t.text, t.value) for t in out.times] == [("In 2002", "2002")]


def test_hand_gold_figures(fixtures) -> None:
    """The invented sentences in fixtures/times_gold.jsonl, scored as eval/times.py does."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(fixtures).parent.parent))
    from eval.times import prf, score_fixture

    tp, n_pred, n_gold, errors = score_fixture(fixtures / "times_gold.jsonl")
    p, r, f = prf(tp, n_pred, n_gold)
    assert n_gold >= 60
    assert f >= 0.9, errors


def test_fixture_lines_are_well_formed(fixtures) -> None:
    for line in (fixtures / "times_gold.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        for t in rec["times"]:
            assert t["text"] in rec["text"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789 -/.,'’:abcdeilmnorstuyADFJMNOSTW\n") + [
    "May ", "March ", "in ", "the ", "1970s", "2002", "ago", "last ", "week", "Tuesday",
    "early ", "between ", " and ", "from ", " to ", "years", "p.m.", "19th", "century"]),
    max_size=40).map("".join),
    st.sampled_from([ANCHOR, None, "0001-01-01", "9999-12-31", "garbage"]))
def test_never_raises_and_spans_slice(text: str, anchor: str | None) -> None:
    for t in find_times(text, anchor):
        assert text[t.start:t.end] == t.text
        assert t.value
        assert t.kind in ("DATE", "DURATION", "SET", "RANGE", "TIME")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    for t in find_times(text, ANCHOR):
        assert text[t.start:t.end] == t.text


def test_spans_do_not_overlap() -> None:
    text = ("In 2002, talks began; in the early 2000s and in mid-March 2003, then yesterday, "
            "three days later and every week since the 1990s and 2000s.")
    found = find_times(text, ANCHOR)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


def test_reference_and_duration_readings_of_next_and_previous() -> None:
    assert got("Exports rose in 2004 over the previous year.") == [
        ("in 2004", "2004"), ("the previous year", "2003")]
    assert got("Costs will rise over the next year.") == [("the next year", "P1Y")]
    prev = find_times("Exports rose in 2004 over the previous year.", ANCHOR)[1]
    assert prev.anchor == "2004-01-01"     # resolved against the text's date, not the anchor


def test_grouped_digits_in_durations() -> None:
    assert got("The cheese has been made for about 6,000 years.") == [("6,000 years", "P6000Y")]


@pytest.mark.parametrize("text,expected", [
    ("The report covers the period from January 2020 to June 2022.",
     [("from January 2020 to June 2022", "2020-01/2022-06")]),
    ("The fair runs from Thursday to Sunday.", [("from Thursday to Sunday",
                                                 "2024-03-14/2024-03-17")]),
    ("The deal expires at midnight on Sunday.", [("midnight on Sunday", "2024-03-17T24:00")]),
    ("They meet on Friday at 3 p.m.", [("Friday at 3 p.m.", "2024-03-15T15:00")]),
    ("Exports fell in the first half of the year.", [("the first half of the year", "2024-H1")]),
    ("Crowds gather every weekend.", [("every weekend", "XXXX-WXX-WE")]),
    ("Rain is forecast for the weekend.", [("the weekend", "2024-W11-WE")]),
    ("Talks stalled over the weekend.", [("the weekend", "2024-W10-WE")]),
    ("The bill stalled over the summer.", [("the summer", "2023-SU")]),
    ("The minister will resign in the autumn.", [("the autumn", "2024-FA")]),
    ("Prices have fallen for three consecutive months.", [("three consecutive months", "P3M")]),
    ("The plant makes 40 cars per hour.", [("per hour", "PT1H")]),
])
def test_composed_expressions(text: str, expected: list) -> None:
    assert got(text) == expected


def test_fall_of_is_no_season() -> None:
    assert got("After the fall of the wall, trade grew.") == []


def test_month_in_a_named_year() -> None:
    assert got("The Commission objected in July last year.") == [("in July last year", "2023-07")]
    assert got("In January 2003 the worm struck. In August of the same year, it struck again.") \
        == [("In January 2003", "2003-01"), ("In August of the same year", "2003-08")]


def test_names_that_look_like_times() -> None:
    assert got("Centres Tait and Jamie Noon played.") == []
    assert got("Sales were better than expected in November.") == [("in November", "2023-11")]


def test_fixed_holidays() -> None:
    assert got("The truce began on Christmas Day.") == [("Christmas Day", "2023-12-25")]
    assert got("They met on New Year's Eve 2019.") == [("New Year's Eve 2019", "2019-12-31")]
    assert got("He bought a Christmas tree.") == []


def test_clock_times_written_as_four_digits() -> None:
    assert got("The polls shut at 2200 GMT.") == [("2200 GMT", "2024-03-14T22:00")]
    assert got("The dam opened in 1930.") == [("in 1930", "1930")]


def test_trigger_windows_miss_nothing_a_full_scan_finds(fixtures) -> None:
    """Rules run only near their trigger words; over every fixture sentence that must find
    each candidate a scan of the whole text finds (guards the trigger table)."""
    from newsgraph.annotate import time_rules as R
    from newsgraph.annotate.time_calendar import parse_anchor

    def run(ctx, windowed):
        found = set()
        hits = R._triggers(ctx.text) if windowed else None
        for i, (pattern, rule) in enumerate(R.RULES):
            if windowed:
                spans = hits.get(i, [])
                ms = R._matches(pattern, spans, R.TRIGGERS[i][2], R.TRIGGERS[i][3], ctx.text)
            else:
                ms = pattern.finditer(ctx.text)
            for m in ms:
                c = rule(m, ctx)
                if c is not None:
                    found.add((i, c.start, c.end))
        return found

    texts = []
    for path in sorted(fixtures.glob("times_*.jsonl")):
        texts += [json.loads(x)["text"] for x in path.read_text("utf-8").splitlines() if x]
    texts.append(" ".join(texts))
    for text in texts:
        ctx = R.Ctx(text, parse_anchor(ANCHOR))
        assert run(ctx, False) <= run(ctx, True), text


def test_clock_time_with_a_zone_takes_its_day() -> None:
    assert got("Polls close at 8 p.m. Eastern time on 8 November.") == [
        ("8 p.m. Eastern time on 8 November", "2023-11-08T20:00")]
