"""Sidecar metadata: a JSON Lines file whose lines describe the other files of its folder.

Datasets often ship text or HTML pages with a ``meta.jsonl`` beside them, one object per page:
``{"file": "000.txt", "published": ..., "title": ..., "url": ...}`` and no body. Such a file is
not a feed of documents. Its dates, titles and URLs go to the files it names (a date given
there is the document's own, so it beats --published), and the sidecar itself yields nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from typing import Iterator, NamedTuple

from ..model import RawDocument
from .names import printable
from .dates import normalise_date
from .jsonl import BODY_ALIASES, BODY_FIELDS

SUFFIXES = (".jsonl", ".ndjson", ".json")
MAX_BYTES = 4_000_000          # metadata, not a corpus: a bigger file is read as a feed
BODY_KEYS = BODY_FIELDS + BODY_ALIASES   # a line with a body is a feed's document


class Meta(NamedTuple):
    published: str | None
    title: str | None
    url: str | None


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def parse(path: str) -> dict[str, Meta] | None:
    """{normalised path of a described file: its metadata}, or None when ``path`` is no sidecar."""
    try:
        if os.path.getsize(path) > MAX_BYTES:
            return None
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    folder = os.path.dirname(path)
    found: dict[str, Meta] = {}
    for obj in _entries(text):
        # the first entry that is not pure metadata shows this is a feed: stop reading it
        if (not isinstance(obj, dict) or not isinstance(obj.get("file"), str)
                or any(obj.get(k) is not None for k in BODY_KEYS)):
            return None
        target = os.path.normpath(os.path.join(folder, obj["file"]))
        found.setdefault(target, Meta(normalise_date(_str(obj.get("published"))),
                                      _str(obj.get("title")), _str(obj.get("url"))))
    return found or None


def _entries(text: str) -> Iterator[object]:
    """The objects of a JSON Lines file, or of a JSON array as some datasets write it."""
    if text.lstrip().startswith("["):
        try:
            whole = json.loads(text)
        except (ValueError, RecursionError):
            whole = None
        yield from whole if isinstance(whole, list) else [None]
        return
    for line in text.splitlines():
        if line.strip():
            try:
                yield json.loads(line)
            except (ValueError, RecursionError):
                yield None


class Sidecars:
    """Sidecars found so far, loaded one folder at a time as the walk reaches it."""

    def __init__(self) -> None:
        self.meta: dict[str, Meta] = {}
        self.files: set[str] = set()
        self._loaded: set[str] = set()

    def _load(self, folder: str) -> None:
        if folder in self._loaded:
            return
        self._loaded.add(folder)
        try:
            with os.scandir(folder or ".") as it:
                names = sorted(e.name for e in it if e.name.lower().endswith(SUFFIXES)
                               and not e.name.startswith(".") and e.is_file())
        except OSError:
            return
        for name in names:
            path = os.path.normpath(os.path.join(folder, name))
            found = parse(path)
            if found:
                self.files.add(path)
                for target, meta in found.items():
                    self.meta.setdefault(target, meta)

    def prepare(self, path: str, root: str | None = None) -> None:
        """Load the sidecars of ``path``'s folder and of every folder above it up to ``root``."""
        folder = os.path.dirname(os.path.normpath(path))
        stop = os.path.normpath(root) if root else folder
        chain = [folder]
        while folder != stop and os.path.dirname(folder) != folder and folder:
            folder = os.path.dirname(folder)
            chain.append(folder)
        for f in reversed(chain):
            self._load(f)

    def is_sidecar(self, path: str) -> bool:
        return os.path.normpath(path) in self.files

    def apply(self, doc: RawDocument, path: str) -> RawDocument:
        meta = self.meta.get(os.path.normpath(path))
        if meta is None or doc.error or doc.source != printable(path):
            return doc
        if meta.published:
            doc = replace(doc, published=meta.published, published_default=False)
        return replace(doc, title=doc.title or meta.title, url=doc.url or meta.url)
