"""JSON Lines feeds (one document per line) and plain JSON files (an object or an array of them).

A line is ``{"id", "url", "title", "published", "text"}`` or ``"html"`` in place of
``"text"`` (shared/contract section 1); only the body is required. A line that cannot be used
becomes one error document named ``file:LINE`` and the lines after it go on.
"""

from __future__ import annotations

import codecs
import json
from typing import Any, Iterator

from ..model import RawDocument
from .dates import normalise_date
from .detect import bom_encoding, looks_html
from .names import printable
from .failures import (BAD_FIELD, BAD_JSON, EMPTY, NO_BODY, TOO_LARGE, failed, size_text)
from .source import Input
from .streams import CHUNK
from .text import canonical_url

BODY_FIELDS = ("text", "html")
# Common feed spellings of the body, accepted when neither contract field is present.
BODY_ALIASES = ("body", "content")
STRING_FIELDS = ("url", "title", "published")


def read_jsonl(inp: Input) -> Iterator[RawDocument]:
    yielded = False
    lineno = 0
    for lineno, raw, over in _lines(inp):
        if over:
            yielded = True
            yield failed(f"{inp.source}:{lineno}", TOO_LARGE,
                         f"line {lineno} is longer than the {size_text(inp.max_bytes)} limit "
                         "([input] max_bytes)")
            continue
        if not raw.endswith(b"\n") and inp.problem():
            lineno -= 1     # the cut-off last line is part of the damage reported below
            break
        if not raw.strip():
            continue
        yielded = True
        yield from_line(inp.source, lineno, raw, inp.published)
    problem = inp.problem()
    if problem:
        yield failed(inp.source, problem.kind,
                     f"{problem.message}; the {lineno} complete lines before it were read")
    elif not yielded:
        yield failed(inp.source, EMPTY, "no documents: the file holds only blank lines")


def _lines(inp: Input) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, the line's UTF-8 bytes, whether it was over the limit and skipped)."""
    enc = bom_encoding(inp.head)
    if enc and not enc.startswith("utf-8"):
        yield from _wide_lines(inp, enc)
        return
    stream = inp.stream
    lineno = 0
    while True:
        line = stream.readline(inp.max_bytes + 1)
        if not line:
            return
        lineno += 1
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[3:]
        if len(line) > inp.max_bytes and not line.endswith(b"\n"):
            _skip_line(stream)
            yield lineno, b"", True
            continue
        yield lineno, line, False


def _skip_line(stream) -> None:
    while True:
        rest = stream.readline(CHUNK)
        if not rest or rest.endswith(b"\n"):
            return


def _wide_lines(inp: Input, enc: str) -> Iterator[tuple[int, bytes, bool]]:
    """UTF-16/32 feeds (with a BOM): decoded incrementally, handed on as UTF-8."""
    reader = codecs.getreader(enc)(inp.stream, errors="replace")
    reader.read(1)  # the BOM
    lineno = 0
    while True:
        line = reader.readline(keepends=True)
        if not line:
            return
        lineno += 1
        data = line.encode("utf-8", "surrogatepass")
        yield lineno, data, len(data) > inp.max_bytes


def read_json(inp: Input) -> Iterator[RawDocument]:
    """A .json file: one object, or an array of objects; anything else is read as JSON Lines."""
    data, error = inp.read_whole(
        f"JSON file over the {size_text(inp.max_bytes)} limit ([input] max_bytes); "
        "write large feeds as JSON Lines, one document per line")
    if error is not None:
        yield error
        return
    try:
        obj = json.loads(data.decode("utf-8-sig", "replace"))
    except (ValueError, RecursionError):
        obj = None
    if isinstance(obj, dict):
        yield from_object(obj, inp.source, "the file", data, inp.published)
        return
    if isinstance(obj, list):
        if not obj:
            yield failed(inp.source, EMPTY, "no documents: the JSON array is empty")
        for i, item in enumerate(obj):
            label = f"{inp.source}[{i}]"
            yield from_object(item, label, f"item {i}",
                              json.dumps(item, ensure_ascii=False).encode("utf-8"), inp.published)
        return
    lines = data.splitlines(keepends=True)
    found = False
    for lineno, raw in enumerate(lines, 1):
        if raw.strip():
            found = True
            yield from_line(inp.source, lineno, raw, inp.published)
    if not found:
        yield failed(inp.source, EMPTY, "the file holds only whitespace")


def from_line(file_source: str, lineno: int, raw: bytes, published: str | None) -> RawDocument:
    label = f"{file_source}:{lineno}"
    raw = raw.rstrip(b"\r\n")
    text = raw.decode("utf-8", "replace")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return failed(label, BAD_JSON, f"line {lineno} is not valid JSON: {exc.msg} "
                                       f"(column {exc.colno})", content=raw)
    except ValueError as exc:   # e.g. an integer too long to convert
        return failed(label, BAD_JSON, f"line {lineno} is not usable JSON: {exc}", content=raw)
    except RecursionError:
        return failed(label, BAD_JSON, f"line {lineno} is JSON nested too deeply to read",
                      content=raw)
    return from_object(obj, label, f"line {lineno}", raw, published)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "an object", list: "an array", str: "a string", type(None): "null"}.get(
        type(value), type(value).__name__)


def from_object(obj: Any, label: str, where: str, content: bytes,
                published: str | None) -> RawDocument:
    """A RawDocument from one decoded JSON document; ``label`` names it in errors."""
    if not isinstance(obj, dict):
        return failed(label, BAD_JSON, f"{where} is {_type_name(obj)}, not a JSON object",
                      content=content)
    key = next((k for k in BODY_FIELDS + BODY_ALIASES if obj.get(k) is not None), None)
    if key is None:
        hint = ""
        if isinstance(obj.get("file"), str):
            hint = (f' (it is metadata for the file "{obj["file"]}", applied when that file is '
                    "read)")
        return failed(label, NO_BODY, f'{where} has no "text" or "html" field{hint}',
                      content=content)
    body = obj[key]
    if not isinstance(body, str):
        return failed(label, BAD_FIELD, f'"{key}" on {where} must be a string, '
                                        f"not {_type_name(body)}", content=content)
    fields: dict[str, str | None] = {}
    for name in STRING_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return failed(label, BAD_FIELD, f'"{name}" on {where} must be a string, '
                                            f"not {_type_name(value)}", content=content)
        fields[name] = value.strip() or None if isinstance(value, str) else None
    ident = obj.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, (str, int))):
        return failed(label, BAD_FIELD, f'"id" on {where} must be a string or an integer, '
                                        f"not {_type_name(ident)}", content=content)
    ident = str(ident).strip() if ident is not None else ""
    if not body.strip():
        return failed(label, EMPTY, f'{where} has an empty "{key}"', content=content)
    is_html = key == "html" or looks_html(body[:8192].encode("utf-8", "ignore"),
                                          strong_only=True)
    url = fields["url"]
    if is_html and not url:
        url = canonical_url(body)
    own = normalise_date(fields["published"])
    # a JSON "\ud800" escape decodes to a lone surrogate, which no UTF-8 output can hold:
    # labels are made printable here, the body and title at cleaning
    return RawDocument(
        source=printable(ident or fields["url"] or label),
        media_type="text/html" if is_html else "text/plain",
        text=body, content=content, title=fields["title"],
        published=own or published, published_default=own is None and published is not None,
        url=url, encoding="utf-8")
