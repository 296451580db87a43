"""clean_document: Article or Dropped for every input, with the metadata filled in."""

from __future__ import annotations

from newsgraph.clean import BatchContext, clean_document
from newsgraph.model import Article, Dropped, RawDocument, doc_id_for

from clean_pages import BODY, FOOTER, MENU

CFG = {"clean": {"repeat_min_docs": 3, "annotate_languages": ["en"]}}


def test_read_error_becomes_dropped_with_its_kind():
    raw = RawDocument(source="x.bin", error="binary file", error_kind="binary")
    out = clean_document(raw, BatchContext(), CFG)
    assert isinstance(out, Dropped) and out.reason == "binary" and out.raw is raw


def test_empty_and_chrome_only_documents_are_dropped():
    assert clean_document(RawDocument(source="e", text="  \n"), BatchContext(), CFG).reason == "empty"
    out = clean_document(RawDocument(source="m", text="\n".join(MENU + FOOTER)), BatchContext(), CFG)
    assert isinstance(out, Dropped) and out.reason == "no_body"


def test_plain_text_article_fields():
    head = "Harbour quay to close for six weeks"
    text = "\n".join(MENU + [head] + BODY + FOOTER)
    raw = RawDocument(source="a.txt", text=text, content=text.encode(), published="2024-03-04")
    art = clean_document(raw, BatchContext(), CFG)
    assert isinstance(art, Article)
    assert art.title == head
    assert art.text.startswith(BODY[0]) and art.text.endswith(BODY[-1])
    assert art.doc_id == doc_id_for(art.text)
    assert art.published == "2024-03-04" and art.published_source == "metadata"
    assert art.language == "en"
    assert art.raw == text.encode()
    assert list(art.removed) == MENU + FOOTER
    assert art.media_type == "text/plain"


def test_container_title_wins():
    raw = RawDocument(source="j", text="\n".join(BODY), title="Given title")
    assert clean_document(raw, BatchContext(), CFG).title == "Given title"


def test_batch_context_removes_lines_shared_by_pages():
    pages = [f"Elden Evening Post\nTip us off\n{BODY[i]}\n{BODY[(i + 1) % 5]}" for i in range(4)]
    raws = [RawDocument(source=str(i), text=t) for i, t in enumerate(pages)]
    ctx = BatchContext.from_raws(raws, CFG)
    for raw in raws:
        art = clean_document(raw, ctx, CFG)
        assert "Tip us off" in art.removed
        assert "Tip us off" not in art.text


def test_html_document_goes_through_the_html_extractor():
    paras = "".join(f"<p>{p}</p>" for p in BODY)
    html = (f"<html><head><title>Quay to close</title></head><body><nav><a href='/'>Home</a>"
            f"</nav><article><h1>Quay to close</h1>{paras}</article></body></html>")
    art = clean_document(RawDocument(source="p.html", media_type="text/html", text=html),
                         BatchContext(), CFG)
    assert isinstance(art, Article)
    assert art.media_type == "text/html"
    assert BODY[0] in art.text and "Home" not in art.text.splitlines()


def test_non_english_is_kept_and_flagged():
    text = ("La autoridad del puerto dijo el lunes que cerraría el muelle norte para "
            "reparaciones, una decisión que los pescadores rechazan desde hace más de un año.\n"
            "Los funcionarios dijeron que las obras durarían al menos seis semanas y que los "
            "barcos se trasladarían a la dársena sur mientras se reconstruye el muelle.")
    art = clean_document(RawDocument(source="es.txt", text=text), BatchContext(), CFG)
    assert isinstance(art, Article)
    assert art.language != "en"


def test_dateline_above_the_body_gives_the_date_from_content():
    text = "\n".join(MENU + ["Harbour quay to close", "Published: March 4, 2024"] + BODY)
    art = clean_document(RawDocument(source="d.txt", text=text), BatchContext(), CFG)
    assert art.published == "2024-03-04" and art.published_source == "content"
    assert "Published: March 4, 2024" in art.removed


def test_undated_document_stays_undated_with_a_bound_apart():
    body = BODY + ["The council first discussed the repairs on 12 January 2024, minutes show."]
    art = clean_document(RawDocument(source="i.txt", text="\n".join(body)), BatchContext(), CFG)
    # The latest date it mentions is a lower bound, never its publication date.
    assert art.published is None and art.published_source is None
    assert art.published_not_before == "2024-01-12"


def test_a_given_or_stated_date_leaves_no_bound():
    body = BODY + ["The council first discussed the repairs on 12 January 2024, minutes show."]
    raw = RawDocument(source="i.txt", text="\n".join(body), published="2024-02-01",
                      published_default=True)
    art = clean_document(raw, BatchContext(), CFG)
    assert art.published == "2024-02-01" and art.published_not_before is None


def test_dateline_without_a_year_dates_nothing():
    text = "\n".join(["PORT ELDEN, March 4 (Harbour Wire) - " + BODY[0], *BODY[1:],
                      "The quay was last rebuilt in 1998."])
    art = clean_document(RawDocument(source="y.txt", text=text), BatchContext(), CFG)
    assert art.published is None
    assert art.published_not_before == "1998-01-01"


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(text=st.text(), media=st.sampled_from(["text/plain", "text/html"]),
       title=st.none() | st.text(max_size=40))
def test_any_document_gives_article_or_dropped(text, media, title):
    raw = RawDocument(source="h", text=text, media_type=media, title=title)
    out = clean_document(raw, BatchContext.from_raws([raw] * 3, CFG), CFG)
    assert isinstance(out, (Article, Dropped))
    if isinstance(out, Article):
        assert out.text and out.doc_id == doc_id_for(out.text)
