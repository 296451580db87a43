"""Layout tables, bylines and closing credits in HTML pages (our own invented pages)."""

from __future__ import annotations

from newsgraph.clean import BatchContext, clean_document
from newsgraph.model import RawDocument

LAYOUT = """<html><head><title>Port workers end strike</title></head><body>
<table><tr><td class="nav">Home<br>Region<br>Markets<br>Video</td><td>
<h2>Port workers end strike</h2>
<p>By Ada Moreno</p>
<p>Dock workers in the northern port returned to work on Thursday after the union accepted a
three-year wage agreement negotiated with the harbour authority over two weeks.</p>
<p>The union's leader said members had voted by a large margin to accept the offer and that
the backlog of container ships would be cleared within ten days.</p>
<p>(Reporting by Ada Moreno; Editing by Tom Reyes)</p>
</td></tr></table>
<table class="scores"><tr><th>Team</th><th>Pts</th></tr><tr><td>North</td><td>12</td></tr></table>
</body></html>"""


def _clean(html: str):
    raw = RawDocument(source="t.html", media_type="text/html", text=html)
    from newsgraph import config
    cfg = config.load()
    return clean_document(raw, BatchContext.from_raws([raw], cfg), cfg)


def test_layout_table_menu_is_not_glued_to_the_story():
    art = _clean(LAYOUT)
    assert art.text.startswith("Dock workers in the northern port")
    assert "Markets" not in art.text.split("\n")[0]


def test_byline_and_credit_leave_the_body():
    art = _clean(LAYOUT)
    assert art.author == "Ada Moreno"
    assert "By Ada Moreno" in art.removed
    assert "(Reporting by Ada Moreno; Editing by Tom Reyes)" in art.removed
    assert "Reporting by" not in art.text


def test_prose_starting_with_by_or_reporting_stays():
    html = LAYOUT.replace("<p>By Ada Moreno</p>", "").replace(
        "<p>(Reporting by Ada Moreno; Editing by Tom Reyes)</p>",
        "<p>Reporting by local radio suggested the agreement had been close for days, and "
        "the harbour authority confirmed it later.</p>")
    art = _clean(html)
    assert "Reporting by local radio" in art.text
