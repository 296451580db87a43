"""The page in a real browser (headless chromium through Playwright): over a store of the
seeds, search, open the timeline and a document, check a highlighted quote and its speaker,
and save screenshots (out/web/). Over the hand-made store: markup in a title or body shows as
text and never runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import browser_page, serving, shot  # noqa: E402
from web_factory import QUIET, HOSTILE, web_db  # noqa: E402,F401

from newsgraph.web import create_app  # noqa: E402

pytestmark = [QUIET, pytest.mark.slow]


@pytest.fixture(scope="module")
def seeds_db(shared, tmp_path_factory):
    from newsgraph.api import ingest
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    rep = ingest([str(shared / "seeds")], db=str(db))
    assert rep.stored == 2
    return db


@pytest.mark.shared
def test_search_timeline_document_quote_and_speaker(seeds_db):
    with serving(create_app(seeds_db)) as base, browser_page() as page:
        page.goto(base + "/")
        page.wait_for_selector(".kpi")
        assert page.locator(".kpi .v").first.inner_text() == "2"
        shot(page, "home")

        # the box in the top bar suggests actors as one types
        page.type("#search-q", "Kim", delay=30)
        page.wait_for_selector(".suggest .opt")
        assert "Kim Jong Un" in page.locator(".suggest").inner_text()
        # and searches sentences, quotes and actors
        page.fill("#search-q", "Kim Jong Un")
        page.press("#search-q", "Enter")
        page.wait_for_selector("#sentences .result")
        page.wait_for_selector("#actors tbody tr")
        assert "Kim Jong Un" in page.locator("#actors").inner_text()
        hits = page.locator("#sentences mark.hit")
        assert hits.count() >= 2
        assert {h.lower() for h in hits.all_inner_texts()} <= {"kim", "jong", "un"}
        shot(page, "search")

        # the timeline of a pair: one real-world event reported by both pages, merged
        page.click(".nav a[data-view=timeline]")
        page.wait_for_selector("#timeline-form")
        page.fill("#tl-actor", "Japan")
        page.fill("#timeline-form input[name=b]", "North Korea")
        page.click("#timeline-form button[type=submit]")
        page.wait_for_selector("#timeline-list .ev")
        page.wait_for_selector("#timeline-chart circle.dot")
        assert "Japan and North Korea" in page.locator("h1").inner_text()
        tl = page.request.get(f"{base}/api/timeline?pair=Japan&pair=North%20Korea").json()
        merged = [e for e in tl["items"] if e["num_documents"] >= 2]
        assert merged, "no event of the pair is reported by both pages"
        ev = next(e for e in merged if any("five Japanese nationals" in (r["evidence"] or "")
                                           for r in e["reports"]))
        assert any("early 2000s" in r["evidence"] for r in ev["reports"])
        row = page.locator(f"#timeline-list .ev[data-id='{ev['id']}']")
        assert "2 reports" in row.inner_text()
        row.click()
        reps = row.locator(".reports li")
        assert reps.count() == len(ev["reports"]) >= 2
        texts = reps.all_inner_texts()
        assert any("five Japanese nationals" in t for t in texts)
        assert any("early 2000s" in t for t in texts)
        # each citation links to its sentence in the document view
        hrefs = [a.get_attribute("href") for a in row.locator(".reports a.report-link").all()]
        for r, href in zip(ev["reports"], hrefs):
            sp = r["evidence_span"]
            assert href == f"/documents/{r['doc_id']}#at={sp['start']}-{sp['end']}"
        shot(page, "timeline")
        page.locator("#timeline-list .reports a.report-link").first.click()
        page.wait_for_selector("#doctext .sent.target")
        assert " ".join(ev["reports"][0]["evidence"].split())[:40] in \
            " ".join(page.locator("#doctext .sent.target").inner_text().split())
        page.wait_for_timeout(300)      # the scroll to the sentence has settled
        shot(page, "timeline-report-sentence", full_page=False)

        # the graph of the pair
        page.goto(base + "/graph?pair=Japan&pair=North%20Korea")
        page.wait_for_selector("#cy canvas")
        page.wait_for_timeout(400)
        assert "North Korea" in page.locator("#graph-summary").inner_text()
        shot(page, "graph")

        # a document from the search: its sentence link opens it at the sentence (the
        # search again: the timeline's filters and opened event are history entries too)
        page.fill("#search-q", "Kim Jong Un")
        page.press("#search-q", "Enter")
        page.wait_for_selector("#sentences .result a.cite")
        page.locator("#sentences .result a.cite").first.click()
        page.wait_for_selector("#doctext .seg.quote")
        doc_id = page.url.split("/documents/")[1].split("#")[0]
        doc = page.request.get(f"{base}/api/documents/{doc_id}").json()
        page.wait_for_selector(".sent.target")     # opened at the sentence it linked to
        assert page.locator(".sent.target").count() == 1

        # a quote with a named speaker: highlighted in the text, its speaker on the card
        q = next(q for q in doc["quotes"] if q["speaker"]["name"] and q["speaker"]["mention"])
        seg = page.locator(f"#s{q['sentence']} .seg.quote").first
        assert seg.inner_text().strip() and seg.inner_text().strip() in q["text"]
        seg.hover()
        page.wait_for_selector("#card:not([hidden]) .card-speaker")
        assert q["speaker"]["name"] in page.locator("#card .card-speaker").all_inner_texts()
        sp = page.locator(f"#s{q['speaker']['mention'] and q['sentence']} .seg.speaker")
        if sp.count():   # the speaker named in the quote's sentence is outlined too
            assert q["speaker"]["mention"]["text"].split()[-1] in " ".join(sp.all_inner_texts())
        shot(page, "document")

        # events: each trigger highlighted, its card names source and target
        if doc["events"]:
            ev = next(e for e in doc["events"] if e.get("trigger") and e["source"])
            trig = page.locator(f"#s{ev['sentence']} .seg.trigger").first
            trig.hover()
            page.wait_for_selector("#card:not([hidden]) .kind:text-is('Event')")
            assert ev["source"]["name"] in page.locator("#card").inner_text()

        # the quote list beside the text names the same speaker
        assert q["speaker"]["name"] in page.locator("#quote-list").inner_text()

        # every fact links to its sentence: a quote in the list flashes its sentence
        first_quote = doc["quotes"][0]
        page.locator("#quote-list li").first.click()
        page.wait_for_selector(f"#s{first_quote['sentence']}.target")

        # the actor page of the speaker: its events, a link to its briefing
        page.locator("#quote-list a.speaker-name").first.click()
        page.wait_for_selector("#actor-name")
        page.wait_for_selector("#actor-events .facts li")
        brief = page.locator("#actor-briefing").get_attribute("href")
        assert brief.startswith("/api/briefing?") and "format=html" in brief
        shot(page, "actor")
        page.goto(base + brief)
        assert page.locator("h1").inner_text().startswith("Briefing")
        shot(page, "briefing")


def test_markup_in_titles_and_bodies_shows_as_text(web_db):
    with serving(create_app(web_db)) as base, browser_page() as page:
        page.goto(base + "/search?q=officials")
        page.wait_for_selector("#sentences .result a")
        assert "<script>" in page.locator("#sentences").inner_text()
        page.locator("#sentences .result .title a").first.click()
        page.wait_for_selector("#doc-title")
        assert page.locator("#doc-title").inner_text() == f"Title {HOSTILE}"
        assert HOSTILE in page.locator("#doctext").inner_text()
        # nothing from the text became an element; the javascript: URL is not a link
        assert page.locator("#view script, #view img[src=x], #view b").count() == 0
        assert page.locator('a[href^="javascript"]').count() == 0
        shot(page, "hostile")

        # punctuation the full-text syntax rejects: searched as a phrase, and said so
        page.goto(base + "/search?q=Jong-Un")
        page.wait_for_selector("#sentences .result mark.hit")
        assert "searched for the phrase" in page.locator("#sentences .notice").inner_text()


def test_documents_page_forward_and_back_by_cursor(tmp_path):
    """Lists page by key: the pager's Next sends the previous page's cursor, Prev goes
    back to the cursor it came from."""
    from playwright.sync_api import expect
    from web_factory import build_store
    db = build_store(tmp_path / "pages.db", extra=70)          # 73 documents: two pages
    with serving(create_app(db)) as base, browser_page() as page:
        page.goto(base + "/documents")
        page.wait_for_selector(".pager .info")
        first = page.locator("tbody tr").all_inner_texts()
        assert len(first) == 50
        assert page.locator(".pager .info").inner_text() == "1–50 of 73"
        page.locator(".pager button", has_text="Next").click()
        # (expect polls from Playwright's own world: the page's CSP forbids eval)
        expect(page.locator(".pager .info")).to_have_text("51–73 of 73")
        second = page.locator("tbody tr").all_inner_texts()
        assert len(second) == 23 and not set(second) & set(first)
        assert page.locator(".pager .info").inner_text() == "51–73 of 73"
        shot(page, "documents-next")
        page.locator(".pager button", has_text="Prev").click()
        expect(page.locator(".pager .info")).to_have_text("1–50 of 73")
        assert page.locator("tbody tr").all_inner_texts() == first
