"""The clean stage: a RawDocument becomes an Article (body, title, date, language) or Dropped.

HTML goes through :mod:`.html` (trafilatura and friends); plain text through the line
cleaner in :mod:`.text`. Lines repeated across the pages of one batch are counted first
(:class:`BatchContext`), then every document is cleaned on its own, so the result for a
document depends only on its batch, never on which worker cleans it.

``clean_document`` never raises on bad input: whatever goes wrong becomes a :class:`Dropped`
with a reason, or a :class:`DocWarning` on the Article when a fallback saved it. A missing
dependency (:class:`~newsgraph.errors.DependencyMissing`) is raised: it is not the
document's fault and every document would fail the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, Sequence

from ..errors import DependencyMissing
from ..model import Article, DocWarning, Dropped, RawDocument, doc_id_for
from . import patterns as P
from .language import detect as _detect_language
from .metadata import date_from_text, infer_date_bound
from .repeats import repeated_lines
from .text import Cleaned, clean_text
from .controls import strip_controls
from ..ingest.names import printable

__all__ = ["BatchContext", "clean_document", "clean_text"]

log = logging.getLogger(__name__)


def _is_html(raw: RawDocument) -> bool:
    if raw.media_type == "text/html":
        return True
    head = raw.text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) and "</" in raw.text[:200_000]


@dataclass(frozen=True)
class BatchContext:
    """What the pages of one batch share: short lines printed on many of them."""

    repeated: frozenset[str] = frozenset()
    # set when counting them failed: each plain-text page of the batch says so
    warning: DocWarning | None = None

    @classmethod
    def from_raws(cls, raws: Sequence[RawDocument], cfg: dict[str, Any]) -> "BatchContext":
        min_docs = int(cfg.get("clean", {}).get("repeat_min_docs", 3))
        texts = [r.text for r in raws if not r.error and r.text and not _is_html(r)]
        if len(texts) < min_docs:
            return cls()
        try:
            return cls(repeated_lines(texts, min_docs))
        except Exception as e:  # noqa: BLE001 - an aid to quality, never a reason to fail
            log.exception("counting repeated lines failed; cleaning pages alone")
            return cls(warning=DocWarning(
                "batch_context_failed", f"lines repeated across the batch could not be "
                f"counted ({type(e).__name__}: {e}); this page was cleaned alone"))


def clean_document(raw: RawDocument, ctx: BatchContext, cfg: dict[str, Any]) -> Article | Dropped:
    """Clean one document; never raises."""
    if raw.error:
        return Dropped(raw.source, raw.error_kind or "unreadable", raw.error, raw)
    try:
        return _clean(raw, ctx, cfg)
    except DependencyMissing:
        raise
    except Exception as exc:  # noqa: BLE001 - bad input must not stop the run; recorded
        log.exception("cleaning %s failed", raw.source)
        return Dropped(raw.source, "clean_failed", f"cleaning failed: {type(exc).__name__}: {exc}",
                       raw)


# Longer bodies than this are not annotated (parsing them in pieces would take minutes and
# the memory of several documents): see [nlp] max_body_chars.
MAX_BODY_CHARS = 2_000_000


def _too_long(body: str, language: str | None, cfg: dict[str, Any]) -> str | None:
    """Why a body is too long to annotate, or None."""
    nlp = cfg.get("nlp", {})
    limit = int(nlp.get("max_body_chars", MAX_BODY_CHARS))
    langs = cfg.get("clean", {}).get("annotate_languages", ["en"])
    if len(body) <= limit or (language or "") not in langs:
        return None
    return (f"the cleaned body is {len(body):,} characters, over the {limit:,}-character "
            "limit for annotation ([nlp] max_body_chars); it was not annotated")


def _unprintable(raw: RawDocument) -> bool:
    """Whether a label of ``raw`` holds a lone surrogate (see ``ingest.names``)."""
    return any(v and printable(v) is not v for v in (raw.source, raw.title, raw.url))


def _header_lines(body: str, reach: int = 3) -> tuple[str, list[str], str | None]:
    """Split bylines and date stamps off the top of an extracted HTML body.

    HTML extractors keep a byline or "Published ..." line that sits inside the article
    element; it is page furniture (and the author/date), not body. Only short lines among
    the first ``reach`` count, so a sentence that starts with "By" stays.
    """
    lines = body.split("\n")
    taken: list[str] = []
    author = None
    i = 0
    while i < min(reach, len(lines)):
        t = lines[i].strip()
        if not t:
            i += 1
            continue
        if len(t.split()) > 12:
            break
        name = P.byline_name(t)
        if name:
            author = author or name
        elif not P.DATESTAMP.match(t):
            break
        taken.append(lines[i])
        i += 1
    if not taken:
        return body, [], None
    return "\n".join(lines[i:]).strip(), taken, author


def _credit_lines(body: str, reach: int = 3) -> tuple[str, list[str]]:
    """Take closing agency credit lines out of the last ``reach`` lines of an HTML body."""
    lines = body.rstrip().split("\n")
    tail = len(lines) - reach
    keep, taken = [], []
    for i, ln in enumerate(lines):
        t = ln.strip()
        if i >= tail and t and len(t.split()) <= 25 and P.AGENCY_CREDIT.match(t):
            taken.append(ln)
        else:
            keep.append(ln)
    return "\n".join(keep).rstrip(), taken


# warnings that mean the HTML extractor itself broke down on a page
_EXTRACTOR_FAILURES = frozenset({"extractor_failed", "unparsable", "too_deep"})


def _language(body: str, warnings: list[DocWarning]) -> str | None:
    try:
        return _detect_language(body)
    except Exception as e:  # noqa: BLE001 - a document without a language is still a document
        warnings.append(DocWarning("language_failed", f"language identification failed "
                                   f"({type(e).__name__}: {e}); language unknown"))
        return None


def _clean(raw: RawDocument, ctx: BatchContext, cfg: dict[str, Any]) -> Article | Dropped:
    if not raw.text or not raw.text.strip():
        return Dropped(raw.source, "empty", "the document has no text", raw)
    text, control_notes = strip_controls(raw.text)
    if control_notes or _unprintable(raw):
        raw = replace(raw, text=text, source=printable(raw.source),
                      title=printable(raw.title) if raw.title else raw.title,
                      url=printable(raw.url) if raw.url else raw.url,
                      warnings=raw.warnings + tuple(control_notes))
        if not raw.text.strip():
            return Dropped(raw.source, "empty", "the document holds only control characters",
                           raw)

    meta_date: str | None = None
    url = raw.url
    media_type = "text/html" if _is_html(raw) else "text/plain"
    warnings = list(raw.warnings)
    if media_type == "text/html":
        from .html import extract

        ex = extract(raw.text, raw.url)
        warnings.extend(ex.warnings)
        body, removed = ex.body.strip(), list(ex.removed)
        title = raw.title or ex.title
        author = ex.author
        meta_date = ex.date
        url = raw.url or ex.url
        body, stamps, byline_author = _header_lines(body)
        body, credits = _credit_lines(body)
        removed.extend(stamps + credits)
        author = author or byline_author
        date_text = "\n".join([*stamps, body])
    else:
        if ctx.warning is not None:
            warnings.append(ctx.warning)
        c: Cleaned = clean_text(raw.text, ctx.repeated, title=raw.title)
        body, removed = c.body, list(c.removed)
        title = raw.title or c.title
        author = c.author
        # A dateline is looked for where pages print it: the stamps above the body, then
        # the body's own first and last lines.
        date_text = "\n".join([*c.stamps, body])

    if not body:
        failed = [w for w in warnings if w.code in _EXTRACTOR_FAILURES]
        if failed:
            # not "no article here": the extractor broke down on the page
            return Dropped(raw.source, "extractor_failed", failed[0].message, raw)
        return Dropped(raw.source, "no_body",
                       "nothing but page furniture was found (no article body)", raw)

    # The document's own date wins; --published (published_default) only dates documents
    # that carry none. A document with no date given or found stays undated
    # (published = None): what its content implies is only a lower bound, kept apart.
    given = raw.published if not raw.published_default else None
    published, published_source = given, "metadata" if given else None
    if not published and meta_date:
        published, published_source = meta_date, "metadata"
    if not published:
        d = date_from_text(date_text, title)
        if d:
            published, published_source = d, "content"
    if not published and raw.published:
        published, published_source = raw.published, "metadata"
    not_before = None if published else infer_date_bound(body)
    language = _language(body, warnings)
    too_long = _too_long(body, language, cfg)
    if too_long:
        return Dropped(raw.source, "too_long", too_long, raw)

    return Article(
        doc_id=doc_id_for(body), source=raw.source, text=body, title=title,
        published=published, published_source=published_source,
        language=language, removed=tuple(removed), url=url, author=author,
        media_type=media_type, raw=raw.content, warnings=tuple(warnings),
        published_not_before=not_before,
    )
