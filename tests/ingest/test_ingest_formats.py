"""Each input format reads into the documents it holds, with the fields the container gives."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest

from ingest_helpers import read, read_one

from newsgraph.ingest import read_paths

ARTICLE = ("Officials in Eastport said on Monday that the \u201charbour plan\u201d would cost "
           "\u20ac14 million, na\u00efve estimates aside \u2014 caf\u00e9 owners welcomed it.")


def test_fixture_corpus_golden(fixtures: Path):
    base = fixtures / "ingest"
    want = json.loads((base / "corpus.expected.json").read_text("utf-8"))
    got = []
    for d in read(base / "corpus", published="2024-01-01"):
        got.append({"source": d.source.replace(str(base) + "/", ""), "media_type": d.media_type,
                    "encoding": d.encoding, "published": d.published, "title": d.title,
                    "url": d.url, "error_kind": d.error_kind, "text_start": d.text[:50],
                    "text_chars": len(d.text), "content_bytes": len(d.content)})
    assert got == want


def test_fixture_errors_are_sentences(fixtures: Path):
    for d in read(fixtures / "ingest" / "corpus"):
        if d.error:
            assert d.error_kind and len(d.error.split()) >= 4 and not d.text


# ----------------------------------------------------------------------- plain text encodings
@pytest.mark.parametrize("encoding, reported", [
    ("utf-8", {"utf-8"}),
    ("utf-8-sig", {"utf-8-sig"}),
    ("utf-16", {"utf-16-le", "utf-16-be"}),
    ("utf-16-be", {"utf-16-be"}),
    ("cp1252", {"cp1252"}),
])
def test_plain_text_encodings(tmp_path: Path, encoding: str, reported: set[str]):
    data = ARTICLE.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data      # a BOM, as the issue promises ("UTF-16 with BOM")
    p = tmp_path / "article.txt"
    p.write_bytes(data)
    d = read_one(p)
    assert d.error is None
    assert d.text == ARTICLE
    assert d.encoding in reported
    assert d.content == data
    assert d.media_type == "text/plain"


def test_latin1_text(tmp_path: Path):
    text = "Se\u00f1or Pe\u00f1a d\u00e9clare \u00e0 M\u00fcnchen: \u00ab\u00a0bient\u00f4t\u00a0\u00bb."
    p = tmp_path / "latin.txt"
    p.write_bytes(text.encode("latin-1"))
    d = read_one(p)
    assert d.text == text
    assert d.encoding in {"cp1252", "iso8859-1"}


def test_cyrillic_single_byte_text_detected(tmp_path: Path):
    text = ("\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432"
            "\u0438\u043b \u0432 \u043f\u043e\u043d\u0435\u0434\u0435\u043b\u044c\u043d\u0438"
            "\u043a, \u0447\u0442\u043e \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440"
            "\u044b \u043f\u0440\u043e\u0434\u043e\u043b\u0436\u0430\u0442\u0441\u044f. ") * 3
    p = tmp_path / "ru.txt"
    p.write_bytes(text.encode("cp1251"))
    d = read_one(p)
    assert d.text == text
    assert d.encoding == "cp1251"


def test_utf8_preferred_when_valid(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_bytes("na\u00efve caf\u00e9".encode("utf-8"))
    assert read_one(p).encoding == "utf-8"


def test_invalid_bytes_are_replaced_not_fatal(tmp_path: Path):
    p = tmp_path / "damaged.txt"
    p.write_bytes("The caf\u00e9 r\u00e9opened on Monday ".encode() + b"\xff\xfe\x80" + b" as planned.")
    d = read_one(p)
    assert d.error is None
    assert d.encoding == "utf-8"
    assert "caf\u00e9 r\u00e9opened" in d.text and "\ufffd" in d.text
    assert d.text.endswith("as planned.")


# ----------------------------------------------------------------------- HTML
def test_html_meta_charset(tmp_path: Path):
    body = "<p>Caf\u00e9 \u201cquoted\u201d</p>"
    page = (f'<html><head><meta charset="windows-1252"><title>T</title></head><body>{body}'
            "</body></html>")
    p = tmp_path / "page.htm"
    p.write_bytes(page.encode("cp1252"))
    d = read_one(p)
    assert d.media_type == "text/html"
    assert d.encoding == "cp1252"
    assert d.text == page


def test_html_declared_latin1_read_as_cp1252(tmp_path: Path):
    # browsers decode iso-8859-1 as windows-1252; pages rely on it for curly quotes
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    page += "</head><body>\u201cYes\u201d</body></html>"
    p = tmp_path / "p.html"
    p.write_bytes(page.encode("cp1252"))
    assert read_one(p).text == page


def test_html_sniffed_without_extension_and_canonical_url(tmp_path: Path):
    page = ('\n  <!doctype html><html><head><meta property="og:url" content="https://n.example/a?x=1&amp;y=2">'
            "</head><body><p>Hello</p></body></html>")
    p = tmp_path / "download"
    p.write_text(page, "utf-8")
    d = read_one(p)
    assert d.media_type == "text/html"
    assert d.url == "https://n.example/a?x=1&y=2"


def test_txt_with_html_tags_in_prose_stays_text(tmp_path: Path):
    p = tmp_path / "notes.txt"
    p.write_text("<p> is the paragraph tag, the article said.\nMore text.", "utf-8")
    assert read_one(p).media_type == "text/plain"


# ----------------------------------------------------------------------- JSON Lines and JSON
def test_jsonl_fields_and_published(tmp_path: Path):
    lines = [
        {"id": "a1", "url": "https://x.example/1", "title": "One", "published": "2023-09-19T23:30:00-05:00",
         "text": "First body."},
        {"url": "https://x.example/2", "html": "<html><body><p>Second</p></body></html>"},
        {"text": "Third body.", "published": "Tue, 19 Sep 2023 10:00:00 +0000"},
        {"id": 7, "text": "Fourth body.", "published": "not a date"},
    ]
    p = tmp_path / "feed.ndjson"
    p.write_text("\n".join(json.dumps(x) for x in lines) + "\n", "utf-8")
    docs = read(p, published="2001-02-03")
    assert [d.source for d in docs] == ["a1", "https://x.example/2", f"{p}:3", "7"]
    assert [d.published for d in docs] == ["2023-09-19", "2001-02-03", "2023-09-19", "2001-02-03"]
    assert [d.media_type for d in docs] == ["text/plain", "text/html", "text/plain", "text/plain"]
    assert docs[0].title == "One" and docs[0].url == "https://x.example/1"
    assert docs[1].url == "https://x.example/2"
    assert json.loads(docs[0].content) == lines[0]


def test_jsonl_sniffed_and_gzipped(tmp_path: Path):
    p = tmp_path / "export.gz"
    p.write_bytes(gzip.compress(b'{"text": "one"}\n{"text": "two"}\n'))
    assert [d.text for d in read(p)] == ["one", "two"]


def test_jsonl_long_first_line_still_sniffed(tmp_path: Path):
    p = tmp_path / "dump"
    body = "word " * 5000
    p.write_text(json.dumps({"text": body}) + "\n" + json.dumps({"text": "b"}) + "\n", "utf-8")
    assert [d.text for d in read(p)] == [body, "b"]


def test_json_array_and_object(tmp_path: Path):
    arr = tmp_path / "items.json"
    arr.write_text(json.dumps([{"id": "x", "text": "one"}, {"text": "two"}], indent=2), "utf-8")
    docs = read(arr)
    assert [(d.source, d.text) for d in docs] == [("x", "one"), (f"{arr}[1]", "two")]
    obj = tmp_path / "one.json"
    obj.write_text(json.dumps({"title": "T", "text": "body"}, indent=2), "utf-8")
    d = read_one(obj)
    assert (d.source, d.title, d.text) == (str(obj), "T", "body")


def test_jsonl_utf16_with_bom(tmp_path: Path):
    p = tmp_path / "wide.jsonl"
    p.write_bytes('{"text": "caf\u00e9"}\n{"text": "b"}\n'.encode("utf-16"))
    assert [d.text for d in read(p)] == ["caf\u00e9", "b"]


# ----------------------------------------------------------------------- compression
@pytest.mark.parametrize("suffix, compress", [(".gz", gzip.compress), (".bz2", bz2.compress),
                                              (".xz", lzma.compress)])
def test_compressed_text(tmp_path: Path, suffix, compress):
    p = tmp_path / f"article.txt{suffix}"
    p.write_bytes(compress(ARTICLE.encode("cp1252")))
    d = read_one(p)
    assert d.text == ARTICLE and d.encoding == "cp1252"
    assert d.content == ARTICLE.encode("cp1252")


def test_gzip_sniffed_by_magic_and_concatenated_members(tmp_path: Path):
    p = tmp_path / "page.html"    # a gzip under an HTML name, made of two members
    p.write_bytes(gzip.compress(b"<html><body>one ") + gzip.compress(b"two</body></html>"))
    d = read_one(p)
    assert d.text == "<html><body>one two</body></html>" and d.media_type == "text/html"


# ----------------------------------------------------------------------- published
def test_published_applies_to_documents_without_date(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Body text.", "utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "x", "published": "2022-05-06"}\n', "utf-8")
    docs = read(tmp_path, published="2020-01-02")
    assert [d.published for d in docs] == ["2020-01-02", "2022-05-06"]
    # the fallback is marked, so a date found in the document itself can still win
    assert [d.published_default for d in docs] == [True, False]
    assert [d.published for d in read(tmp_path)] == [None, "2022-05-06"]
    assert [d.published_default for d in read(tmp_path)] == [False, False]


def test_sidecar_metadata_applies_to_named_files(tmp_path: Path):
    (tmp_path / "p1.txt").write_text("First page body.", "utf-8")
    (tmp_path / "p2.txt").write_text("Second page body.", "utf-8")
    (tmp_path / "meta.jsonl").write_text(
        '{"file": "p1.txt", "published": "2023-09-20", "title": "Page one", "url": "https://e.org/1"}\n',
        "utf-8")
    docs = read(tmp_path, published="2000-01-01")
    assert [(Path(d.source).name, d.published, d.published_default, d.title, d.url)
            for d in docs] == [("p1.txt", "2023-09-20", False, "Page one", "https://e.org/1"),
                               ("p2.txt", "2000-01-01", True, None, None)]
    # the same metadata when the file is named on its own
    assert read_one(tmp_path / "p1.txt").published == "2023-09-20"


def test_jsonl_with_file_field_and_body_is_a_feed(tmp_path: Path):
    (tmp_path / "feed.jsonl").write_text('{"file": "x.txt", "text": "A body."}\n', "utf-8")
    assert [d.text for d in read(tmp_path)] == ["A body."]


def test_read_paths_loads_config_when_none(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text("Body.", "utf-8")
    assert [d.text for d in read_paths([str(p)])] == ["Body."]


def test_valid_utf8_beats_a_stale_declaration(tmp_path: Path):
    page = '<html><head><meta charset="windows-1252"></head><body>caf\u00e9 \u2014 na\u00efve</body></html>'
    p = tmp_path / "resaved.html"
    p.write_bytes(page.encode("utf-8"))
    d = read_one(p)
    assert d.text == page and d.encoding == "utf-8"


def test_utf16_without_bom(tmp_path: Path):
    # no character here has a byte >= 0x80 in UTF-16-LE, so the bytes are also "valid UTF-8"
    text = "\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0441\u043a\u0430\u0437\u0430\u043b: \u0434\u0430. " * 5
    p = tmp_path / "wide.txt"
    p.write_bytes(text.encode("utf-16-le"))
    d = read_one(p)
    assert d.error is None and d.text == text and d.encoding == "utf-16-le"


def test_sidecar_as_json_array_describing_a_subfolder(tmp_path: Path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "x.html").write_text("<html><body><p>Body</p></body></html>", "utf-8")
    (tmp_path / "index.json").write_text(json.dumps(
        [{"file": "pages/x.html", "published": "2021-07-08T00:00:00Z", "title": "X"}], indent=2),
        "utf-8")
    d = read_one(tmp_path, published="1999-09-09")
    assert (d.published, d.published_default, d.title) == ("2021-07-08", False, "X")


@pytest.mark.parametrize("label", ["base64", "rot13", "zlib", "idna", "undefined", "no-such-charset",
                                   "utf-16"])
def test_odd_declared_charsets_are_ignored(tmp_path: Path, label: str):
    page = f'<html><head><meta charset="{label}"></head><body>caf\u00e9</body></html>'
    p = tmp_path / "odd.html"
    p.write_bytes(page.encode("cp1252"))     # not UTF-8, so the declaration is consulted
    d = read_one(p)
    assert d.error is None and d.text == page
