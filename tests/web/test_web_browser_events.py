"""The timeline and graph views in a real browser, with thousands of events: the chart, the
server-paged list, an event opening its reports, a report opening its sentence, the graph
drawn under the CSP. The event queries are stand-ins returning contract records (the
routes' own tests say why); the store is the hand-made one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import browser_page, serving, shot  # noqa: E402
from web_factory import QUIET, Recorder, timeline_records, web_db  # noqa: E402,F401

from newsgraph import config as config_mod  # noqa: E402
from newsgraph import query  # noqa: E402
from newsgraph.web import create_app  # noqa: E402

pytestmark = [QUIET, pytest.mark.slow]
N = 2500


@pytest.fixture
def stand_ins(monkeypatch):
    rec = Recorder("timeline", timeline_records(N))
    monkeypatch.setattr(query, "timeline", rec, raising=False)
    monkeypatch.setattr(query, "timeline_total", lambda store, **kw: N, raising=False)
    monkeypatch.setattr(query, "graph", lambda store, **kw: {
        "nodes": [{"id": 3, "name": "Japan", "type": "COUNTRY", "events": 40},
                  {"id": 4, "name": "North Korea", "type": "COUNTRY", "events": 30},
                  {"id": 1, "name": "Fumio Kishida", "type": "PERSON", "events": 12}],
        "edges": [{"source": 3, "target": 4, "count": 25, "goldstein": -6.0},
                  {"source": 1, "target": 4, "count": 12, "goldstein": 4.0}]}, raising=False)
    return rec


def test_timeline_with_thousands_of_events(web_db, stand_ins):
    cfg = config_mod.load()
    cfg["web"]["cache_mb"] = 0
    with serving(create_app(web_db, cfg=cfg)) as base, browser_page() as page:
        page.goto(base + "/timeline?pair=Japan&pair=North%20Korea")
        page.wait_for_selector("#timeline-list .ev")
        page.wait_for_selector("#timeline-chart circle.dot")
        # the chart pages through the first 2000; the list shows one page of 50
        assert page.locator("#timeline-chart circle.dot").count() == 2000
        assert page.locator("#timeline-list .ev").count() == 50
        assert page.locator("#tl-total").inner_text() == str(N)
        assert stand_ins.calls[0]["pair"] == ("Japan", "North Korea")
        first = page.locator("#timeline-list .ev .date").first.inner_text()
        page.click("#timeline-list .pager button:has-text('Next')")
        page.wait_for_selector("#timeline-list .pager .info:has-text('51–100')")
        assert page.locator("#timeline-list .ev .date").first.inner_text() != first
        # colour follows Goldstein: conflict red, cooperation green
        fills = {page.locator("#timeline-chart circle.dot").nth(i).get_attribute("fill")
                 for i in range(4)}
        assert len(fills) == 2
        shot(page, "timeline-events")
        # an event opens its reports; a report opens the document at its sentence
        page.locator("#timeline-list .ev").first.click()
        link = page.locator("#timeline-list .reports a").first
        assert "Kishida met Kim" in page.locator("#timeline-list .reports").first.inner_text()
        link.click()
        page.wait_for_selector("#doctext .sent.target")
        assert page.url.endswith("#at=0-79")
        assert "Kishida met Kim" in page.locator("#doctext .sent.target").inner_text()


def test_graph_draws_under_the_csp(web_db, stand_ins):
    with serving(create_app(web_db)) as base, browser_page() as page:
        page.goto(base + "/graph?actor=Japan")
        page.wait_for_selector("#cy canvas")
        page.wait_for_timeout(300)
        n = page.evaluate("document.querySelectorAll('style').length")
        assert n == 0      # nothing injected an inline stylesheet
        shot(page, "graph")
