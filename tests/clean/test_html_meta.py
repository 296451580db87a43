"""Headline and publication date of HTML pages: invented pages shaped like real sites."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.clean.html import extract
from newsgraph.clean.html_meta import choose_date, strip_site, url_date

PARAS = [
    "The river authority of Lower Branning opened the new flood gates on Friday, two years "
    "after the spring floods that closed the market square for a month.",
    "Engineers said the gates could hold back a surge twice the height of the last one, and "
    "that the town would test them every autumn before the rains begin.",
    "Shop owners along the quay welcomed the news but said insurance costs had not fallen, "
    "and several asked the council to press the insurers at its next meeting.",
]


def page(head: str, top: str = "", url: str | None = None, body: list[str] = PARAS) -> str:
    paras = "".join(f"<p>{p}</p>" for p in body)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
            f"<header><a href='/'>Home</a> <a href='/news'>News</a></header>"
            f"<main><article>{top}<div class='body'>{paras}</div></article></main>"
            f"<footer><p>Contact the newsroom</p></footer></body></html>")


@pytest.mark.parametrize("head, top, url, want", [
    # a site name and a date after the headline
    ("<title>Flood gates open in Lower Branning | RWN | 12.03.2021</title>", "",
     "https://www.rwn.example/a/1", "Flood gates open in Lower Branning"),
    # the site's short name after a dash, known only from the address
    ("<title>Flood gates open in Lower Branning - BRG</title>", "",
     "https://www.brg.example/story/1", "Flood gates open in Lower Branning"),
    # the first <h1> is the site's logo: the metadata title wins
    ("<title>River Weekly</title><meta property='og:title' content='Flood gates open in Lower "
     "Branning'><meta property='og:site_name' content='River Weekly'>",
     "", None, "Flood gates open in Lower Branning"),
    # a section label in the metadata, the headline as printed
    ("<meta property='og:title' content='Opinion | The gates will not be enough'>",
     "<h1>The gates will not be enough</h1>", None, "The gates will not be enough"),
    # "Site: Headline" in <title>, the headline in <h1>
    ("<title>The Branning Ledger: Flood gates open after two years</title>",
     "<h1>Flood gates open after two years</h1>", None, "Flood gates open after two years"),
    # two wordings: the printed one when it is the metadata's too
    ("<meta property='og:title' content='Gates open'><title>Gates open - Ledger</title>",
     "<h1>Gates open</h1>", None, "Gates open"),
])
def test_title(head, top, url, want):
    html = page(head, top.replace("<h1>", "<h1 class='headline'>"), url)
    if "River Weekly" in head:
        html = html.replace("<header>", "<header><h1>River Weekly</h1>")
    assert extract(html, url).title == want


def test_strip_site_keeps_a_dash_inside_the_headline():
    sites = {"ledger"}
    assert strip_site("Gates open - and the river rises - Ledger", sites) == \
        "Gates open - and the river rises"
    assert strip_site("Gates open - and the river rises", sites) == \
        "Gates open - and the river rises"


UTC_EVENING = ("<meta property='article:published_time' content='2021-03-13T03:40:00Z'>"
               "<meta property='og:title' content='Flood gates open in Lower Branning'>")


def test_printed_byline_date_beats_a_utc_timestamp():
    # posted at 10.40 pm local time on the 12th; the metadata says 03:40 UTC on the 13th
    top = ("<h1>Flood gates open in Lower Branning</h1>"
           "<div class='byline'>By Ada Quill | March 12, 2021 10:40 pm ET</div>")
    assert extract(page(UTC_EVENING, top)).date == "2021-03-12"


def test_updated_line_a_day_before_the_metadata():
    top = ("<h1>Flood gates open in Lower Branning</h1>"
           "<p class='stamp'>Updated</p><p class='stamp'>11:02 pm PST, Friday, March 12, 2021</p>")
    assert extract(page(UTC_EVENING, top)).date == "2021-03-12"


def test_metadata_wins_over_a_distant_printed_date():
    # a date printed by the headline but a week away is something else (an event's date)
    top = ("<h1>Flood gates open in Lower Branning</h1>"
           "<div class='kicker'>Flood season, March 5, 2021</div>")
    assert extract(page(UTC_EVENING, top)).date == "2021-03-13"


def test_masthead_date_far_above_the_headline_is_not_the_date():
    head = ("<meta property='article:published_time' content='2021-03-10T09:00:00+01:00'>"
            "<meta property='og:title' content='Flood gates open in Lower Branning'>")
    html = page(head, "<h1>Flood gates open in Lower Branning</h1>").replace(
        "<header>", "<header><div>Thursday, March 11, 2021</div>"
        + "".join(f"<a href='/s{i}'>Section {i}</a>" for i in range(12)))
    assert extract(html).date == "2021-03-10"


def test_printed_date_alone():
    top = ("<h1>Flood gates open in Lower Branning</h1>"
           "<div class='meta'>Posted: 12 March 2021</div>")
    assert extract(page("<title>Flood gates</title>", top)).date == "2021-03-12"


@pytest.mark.parametrize("url, want", [
    ("https://x.example/news/2021/mar/12/gates", dt.date(2021, 3, 12)),
    ("https://x.example/2021/03/12/gates/", dt.date(2021, 3, 12)),
    ("https://x.example/story/2021-03-12/gates", dt.date(2021, 3, 12)),
    ("https://x.example/2021/03/gates", None),
    ("https://x.example/2021/02/30/gates", None),
    (None, None),
])
def test_url_date(url, want):
    assert url_date(url) == want


def test_choose_date_rules():
    d = dt.date
    url = "https://x.example/2021/mar/12/gates"
    assert choose_date("2021-03-13", (d(2021, 3, 12), None), None) == "2021-03-12"
    assert choose_date("2021-03-13", (None, d(2021, 3, 12)), None) == "2021-03-12"
    assert choose_date("2021-03-13", (None, d(2021, 3, 13)), None) == "2021-03-13"
    assert choose_date("2021-02-01", (None, None), url) == "2021-03-12"
    assert choose_date(None, (None, None), url) == "2021-03-12"
    assert choose_date(None, (None, d(2021, 3, 12)), None) is None   # updated is no date


def test_no_clock_in_cleaning_or_time_resolution():
    """Output never depends on the day it runs: no module of cleaning or time resolution
    reads the clock."""
    import ast
    import pathlib

    import newsgraph

    root = pathlib.Path(newsgraph.__file__).parent
    files = [*(root / "clean").glob("*.py"), *(root / "annotate").glob("time*.py"),
             root / "ingest" / "dates.py"]
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("today", "now", "utcnow",
                                                                  "time", "localtime"):
                # (`time.time` / `date.today()` / `datetime.now()`)
                base = node.value
                name = getattr(base, "id", None) or getattr(base, "attr", None)
                assert name not in ("date", "datetime", "time", "_dt", "dt"), (f, node.attr)
