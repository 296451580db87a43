"""Failures in HTML extraction are said, never hidden: a warning with the fallback taken, a
reason of their own when nothing is left, a typed error for a missing dependency."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsgraph import config
from newsgraph.clean import BatchContext, clean_document
from newsgraph.clean import html as H
from newsgraph.model import Article, Dropped, RawDocument

CFG = config.load()
PARAS = "".join(
    f"<p>{t}</p>" for t in (
        "The lighthouse on Marrow Point was switched back on last night after a repair that "
        "took the coastguard engineers nearly three weeks to finish in bad weather.",
        "Fishing crews had complained that the dark headland made the harbour approach "
        "dangerous, and two boats ran aground on the reef during the repair work.",
        "The coastguard said a new lamp would be fitted in the summer, when the weather "
        "allows a crane to be brought along the narrow cliff road to the tower.",
    ))
PAGE = (f"<html><head><title>Marrow Point light back on</title></head><body><nav><a href='/'>"
        f"Home</a></nav><article><h1>Marrow Point light back on</h1>{PARAS}</article></body></html>")


def _raw(html: str = PAGE) -> RawDocument:
    return RawDocument(source="p.html", media_type="text/html", text=html)


def test_extractor_crash_is_a_warning_with_the_fallback(monkeypatch):
    def boom(html, url):
        raise RuntimeError("simulated extractor bug")
    monkeypatch.setattr(H, "_extract", boom)
    ex = H.extract(PAGE)
    assert [w.code for w in ex.warnings] == ["extractor_failed"]
    assert "simulated extractor bug" in ex.warnings[0].message
    art = clean_document(_raw(), BatchContext(), CFG)
    assert isinstance(art, Article)
    assert "extractor_failed" in [w.code for w in art.warnings]
    assert "lighthouse on Marrow Point" in art.text


def test_extractor_crash_on_an_empty_page_is_not_no_body(monkeypatch):
    def boom(html, url):
        raise RuntimeError("simulated extractor bug")
    monkeypatch.setattr(H, "_extract", boom)
    out = clean_document(_raw("<html><body><div></div></body></html>"), BatchContext(), CFG)
    assert isinstance(out, Dropped) and out.reason == "extractor_failed"


def test_one_failing_trafilatura_run_is_recorded(monkeypatch):
    import trafilatura

    real = trafilatura.extract

    def flaky(tree, **kw):
        if kw.get("favor_precision"):
            raise ValueError("simulated run failure")
        return real(tree, **kw)
    monkeypatch.setattr(trafilatura, "extract", flaky)
    ex = H.extract(PAGE)
    assert "lighthouse on Marrow Point" in ex.body
    assert "extractor_run_failed" in [w.code for w in ex.warnings]


def test_htmldate_failure_is_recorded(monkeypatch):
    import htmldate

    def boom(*a, **kw):
        raise ValueError("simulated htmldate failure")
    monkeypatch.setattr(htmldate, "find_date", boom)
    ex = H.extract(PAGE.replace("<h1>", "<p>Posted: 3 May 2022</p><h1>"))
    assert "date_extractor_failed" in [w.code for w in ex.warnings]


def test_cut_markup_is_recorded(monkeypatch):
    monkeypatch.setattr(H, "MAX_ELEMENTS", 8)
    ex = H.extract(PAGE)
    assert "page_cut" in [w.code for w in ex.warnings]


def test_a_cut_list_of_removed_lines_is_recorded(monkeypatch):
    nav = "<nav>" + "".join(f"<a href='/s{i}'>Section {i}</a><br>" for i in range(12)) + "</nav>"
    page = PAGE.replace("<body>", "<body>" + nav, 1)
    assert "removed_cut" not in [w.code for w in H.extract(page).warnings]
    monkeypatch.setattr(H, "MAX_REMOVED_LINES", 5)
    ex = H.extract(page)
    assert "removed_cut" in [w.code for w in ex.warnings]


def test_clean_page_has_no_warning():
    assert H.extract(PAGE).warnings == ()


def test_missing_lxml_html_clean_is_a_typed_error():
    # A fresh interpreter where lxml_html_clean cannot be imported, as after a bare install
    # of trafilatura: the run stops with DependencyMissing naming the install command.
    code = (
        "import sys; sys.modules['lxml_html_clean'] = None\n"
        "from newsgraph import config\n"
        "from newsgraph.clean import BatchContext, clean_document\n"
        "from newsgraph.errors import DependencyMissing\n"
        "from newsgraph.model import RawDocument\n"
        "raw = RawDocument(source='p.html', media_type='text/html', text=%r)\n"
        "try:\n"
        "    clean_document(raw, BatchContext(), config.load())\n"
        "except DependencyMissing as e:\n"
        "    print('missing:', e)\n"
        "else:\n"
        "    print('no error')\n" % PAGE)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.stdout.startswith("missing:"), out.stdout + out.stderr
    assert "pip install" in out.stdout


def test_language_failure_is_recorded(monkeypatch):
    import newsgraph.clean as C

    def boom(text):
        raise RuntimeError("simulated classifier failure")
    monkeypatch.setattr(C, "_detect_language", boom)
    art = clean_document(_raw(), BatchContext(), CFG)
    assert art.language is None
    assert "language_failed" in [w.code for w in art.warnings]


@pytest.mark.parametrize("bad", ["<html><body>" + "<div>" * 400 + "x" * 50 + "</body></html>"])
def test_too_deep_page_says_so(bad):
    ex = H.extract(bad)
    assert [w.code for w in ex.warnings] == ["too_deep"]
