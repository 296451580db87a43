"""The timeline and graph views in a real browser, with thousands of events: the chart, the
server-paged list with its total, an event opening its reports, a report opening its
sentence, the graph drawn under the CSP. The store is the hand-made one with 2,500
synthetic timeline events between its two states added (``web_factory.add_timeline``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import browser_page, serving, shot  # noqa: E402
from web_factory import QUIET, add_timeline, build_store  # noqa: E402

from newsgraph.web import create_app  # noqa: E402

pytestmark = [QUIET, pytest.mark.slow]
N = 2500


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    return add_timeline(build_store(tmp_path_factory.mktemp("big") / "big.db"), N)


def test_timeline_with_thousands_of_events(big_db):
    with serving(create_app(big_db)) as base, browser_page() as page:
        page.goto(base + "/timeline?pair=JPN&pair=PRK")
        page.wait_for_selector("#timeline-list .ev")
        page.wait_for_selector("#timeline-chart circle.dot")
        # the chart pages through the first 2000; the list shows one page of 50
        assert page.locator("#timeline-chart circle.dot").count() == 2000
        assert page.locator("#timeline-list .ev").count() == 50
        assert page.locator("#tl-total").inner_text() == f"{N + 2:,}"
        first = page.locator("#timeline-list .ev .date").first.inner_text()
        assert first == "2023-09-19"          # a real event, before the synthetic ones
        # colour follows Goldstein: conflict red, cooperation green
        fills = {page.locator("#timeline-chart circle.dot").nth(i).get_attribute("fill")
                 for i in range(2, 6)}
        assert len(fills) == 2
        shot(page, "timeline-thousands")
        page.click("#timeline-list .pager button:has-text('Next')")
        page.wait_for_selector("#timeline-list .pager .info:has-text('51–100')")
        assert page.locator("#timeline-list .ev .date").first.inner_text() != first
        page.click("#timeline-list .pager button:has-text('Prev')")
        page.wait_for_selector("#timeline-list .pager .info:has-text('1–50')")
        # an event opens its reports; a report opens the document at its sentence
        page.locator("#timeline-list .ev").first.click()
        page.wait_for_selector("#timeline-list .reports a")
        assert "Kishida" in page.locator("#timeline-list .reports").first.inner_text()
        page.locator("#timeline-list .reports a.report-link").first.click()
        page.wait_for_selector("#doctext .sent.target")
        assert "#at=" in page.url
        assert "Kishida" in page.locator("#doctext .sent.target").inner_text()


def test_graph_draws_under_the_csp(big_db):
    with serving(create_app(big_db)) as base, browser_page() as page:
        page.goto(base + "/graph?actor=JPN")
        page.wait_for_selector("#cy canvas")
        page.wait_for_timeout(300)
        n = page.evaluate("document.querySelectorAll('style').length")
        assert n == 0      # nothing injected an inline stylesheet
        assert "Japan" in page.locator("#graph-summary").inner_text()
        shot(page, "graph-states")
