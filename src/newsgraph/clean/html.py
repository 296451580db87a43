"""Article body and metadata from an HTML page.

The body comes from trafilatura, run twice on the same page: once tuned for precision and
once with its defaults. Blocks both runs agree on are kept; a block only the permissive run
found is kept when it reads like prose (long, or a finished sentence), which recovers the
paragraphs the precise run drops without letting menus and teasers back in. A final pass
removes what both runs let through on real sites: the headline repeated as the first line,
an article printed twice, link lists, captions and credits, share/subscribe/newsletter lines.
Last, paragraphs trafilatura missed are put back when they sit in the same kind of container
as the kept ones (articles split into several containers around ads), as are embedded posts
(tweets) quoted between body paragraphs.

On the Article Extraction Benchmark this takes body F1 from 0.960 (trafilatura alone) to
0.973 (``python -m eval clean_html``; 0.974 dev, 0.972 held-out).

Nothing here may raise on bad input: pages nested thousands deep, malformed or huge markup
all give an :class:`HtmlExtract` (possibly with a body from a plain tag stripper). Whatever
is cut, skipped or replaced by a fallback is said in ``HtmlExtract.warnings``; a missing
dependency is no bad input and raises :class:`~newsgraph.errors.DependencyMissing`.
"""

from __future__ import annotations

import datetime as _dt
import html as _htmlmod
import logging
import re
from dataclasses import dataclass, field

from ..errors import DependencyMissing
from ..model import DocWarning
from .html_meta import choose_date, choose_title, date_lines
from . import patterns as P
from .metadata import HORIZON, _mkdate

__all__ = ["HtmlExtract", "extract", "strip_tags"]

# trafilatura warns on every page it finds no article in ("discarding data"); in a batch run
# that is noise, the caller reports empty bodies itself. A level set by the user is kept.
for _name in ("trafilatura", "htmldate"):
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.ERROR)

# Markup beyond this is not worth the parser's time: an article body sits in the first
# megabytes, what follows on giant pages is inline data and comment threads.
MAX_HTML_CHARS = 3_000_000
# lxml/libxml2 and trafilatura walk the tree recursively; deeper pages go to the stripper.
MAX_DEPTH = 300
# trafilatura's cost grows with the element count (news pages have 100-2,000 after scripts
# are gone): above LARGE_PAGE one fast run replaces the two full ones, and markup past
# MAX_ELEMENTS is not read at all, so that no page takes more than a few seconds.
LARGE_PAGE = 8_000
MAX_ELEMENTS = 20_000


@dataclass(frozen=True)
class HtmlExtract:
    body: str
    title: str | None = None
    author: str | None = None
    date: str | None = None              # YYYY-MM-DD, publication date from the page metadata
    removed: list[str] = field(default_factory=list)
    url: str | None = None               # canonical URL when the page declares one
    warnings: tuple[DocWarning, ...] = ()  # what was cut, skipped or fell back


def _import_trafilatura():
    """trafilatura, or DependencyMissing naming what to install (it needs lxml_html_clean)."""
    try:
        import trafilatura
        from trafilatura import load_html  # noqa: F401 - imports lxml.html.clean
    except ImportError as e:
        raise DependencyMissing(f"the HTML extractor (trafilatura: {e})",
                                "pip install -e .  (it pins trafilatura and lxml_html_clean)") from e
    return trafilatura


# ---------------------------------------------------------------------------- safety
# Sections cut before parsing (their text is never the article's). <noscript> is not among
# them: some blog platforms print the post there for readers without scripts (see
# _unwrap_noscript).
_RAW_TEXT = ("script", "style", "template", "svg")
# Attribute text stops at the next "<": a stray quote or an unclosed tag then costs one short
# scan instead of a scan to the end of the page for every "<" (quadratic on hostile input).
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^<>]*)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr "
                  "keygen command basefont frame isindex".split())
# Elements whose end is implied by the next sibling: their missing close tags must not
# count as nesting when measuring depth.
_IMPLIED = frozenset("p li dt dd tr td th option thead tbody tfoot colgroup rt rp".split())
_BLOCK = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer "
                   "blockquote pre hr dd dt dl figure figcaption main nav aside form title".split())
# HTML start tags that end foreign content (an <svg> left open) in a browser's parser.
_BREAKOUT = ("b|big|blockquote|body|br|center|code|dd|div|dl|dt|em|embed|h[1-6]|head|hr|i|img|"
             "li|listing|menu|meta|nobr|ol|p|pre|ruby|s|small|span|strong|strike|sub|sup|"
             "table|tt|u|ul|var")
# Where an unclosed script, style or comment is taken to end: the next block of the page.
_BLOCK_START = re.compile(r"<(?:p|div|article|section|main|h[1-6]|ul|ol|table|blockquote|"
                          r"header|footer|nav|aside|figure|body)(?=[\s/>])", re.I)


def _section_patterns(tag: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(opening, closing, where an unclosed one ends) for a section to cut."""
    if tag == "!--":
        return re.compile(r"<!--"), re.compile(r"--!?>"), _BLOCK_START
    # "</script >", "</SCRIPT\n>", "</script data-x>": end tags may carry space and junk
    close = re.compile(rf"</{tag}(?=[\s/>])[^>]*>", re.I)
    if tag == "svg":
        return (re.compile(r"<svg(?=[\s/>])", re.I), close,
                re.compile(rf"<(?:{_BREAKOUT})(?=[\s/>])", re.I))
    return re.compile(rf"<{tag}(?=[\s/>])", re.I), close, _BLOCK_START


def _cut(html: str, tag: str, keep=None) -> str:
    """Remove every ``<tag ...> ... </tag>`` section (``tag`` "!--" for comments).

    Linear on any input: closing tags and fallback ends are found in one pass each. A section
    whose closing tag never comes ends where a browser would end it for ``<svg>`` (at the
    first HTML start tag that leaves foreign content) and, for the others, at the next block
    of the page: a page whose script runs to its end is broken, and what follows is the
    article. ``keep(section)`` may spare a section.
    """
    import bisect

    opening, closing, fallback = _section_patterns(tag)
    closes = [(m.start(), m.end()) for m in closing.finditer(html)]
    close_at = [c[0] for c in closes]
    ends = [m.start() for m in fallback.finditer(html)]
    out: list[str] = []
    pos = 0
    for m in opening.finditer(html):
        i = m.start()
        if i < pos:
            continue
        k = bisect.bisect_left(close_at, m.end())
        stop = closes[k][1] if k < len(closes) else None
        if tag == "svg" or stop is None:
            f = bisect.bisect_left(ends, m.end())
            if f < len(ends) and (stop is None or ends[f] < closes[k][0]):
                stop = ends[f]
        if stop is None:
            stop = len(html)
        out.append(html[pos:i])
        section = html[i:stop]
        out.append(section if keep is not None and keep(section) else " ")
        pos = stop
    out.append(html[pos:])
    return "".join(out)


def _prepare(html: str) -> str:
    """Drop scripts/styles/comments (plain searching, no parser) and cap the size."""
    html = html[: MAX_HTML_CHARS * 4]
    html = _cut(html, "!--")
    for tag in _RAW_TEXT:
        if "<" + tag in html.lower():
            # JSON-LD stays: it carries the publication date and the author.
            html = _cut(html, tag, keep=lambda sec: "ld+json" in sec[:200].lower())
    return html[:MAX_HTML_CHARS]


def _scan(html: str) -> tuple[int, int, int | None]:
    """(nesting depth, elements, offset of the element past MAX_ELEMENTS) by a flat scan."""
    depth = best = count = 0
    cut = None
    for m in _TAG_RE.finditer(html):
        name = m.group(2).lower()
        if m.group(1):
            if name not in _VOID and name not in _IMPLIED:
                depth = max(0, depth - 1)
            continue
        count += 1
        if count > MAX_ELEMENTS and cut is None:
            cut = m.start()
        if name in _VOID or name in _IMPLIED or m.group(3).rstrip().endswith("/"):
            continue
        depth += 1
        if depth > best:
            best = depth
    return best, count, cut


def strip_tags(html: str) -> str:
    """Plain text of any markup by a flat scan: block tags become line breaks."""
    return _flat_text(_prepare(html))


def _flat_text(html: str) -> str:
    """strip_tags on markup that has been through _prepare already."""
    out: list[str] = []
    pos = 0
    for m in _TAG_RE.finditer(html):
        out.append(html[pos:m.start()])
        if m.group(2).lower() in _BLOCK:
            out.append("\n")
        pos = m.end()
    out.append(html[pos:])
    text = _htmlmod.unescape("".join(out))
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


# ---------------------------------------------------------------------------- body blocks
_WS = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip().casefold()


def _blocks(xml: str | None) -> list[tuple[str, str, float]]:
    """trafilatura XML output -> [(kind, text, link share)] in reading order.

    Tables become one line per row (cells joined by spaces) and lists one line per item;
    the share of a block's characters inside links tells link lists from prose.
    """
    if not xml:
        return []
    from lxml import etree

    # (recover=True: libxml2 repairs what it can of trafilatura's output rather than raise)
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=False))
    if root is None:
        return []
    main = root.find(".//main")
    if main is None:
        return []
    out: list[tuple[str, str, float]] = []

    def text_of(el) -> tuple[str, float]:
        parts: list[str] = []
        link = 0
        for node in el.iter():
            if node.tag == "lb":
                parts.append("\n")
            elif node.text and node is not el or (node is el and el.text):
                if node.tag == "ref":
                    link += len(node.text or "")
                parts.append(node.text or "")
            if node is not el and node.tail:
                parts.append(node.tail)
        txt = "".join(parts)
        txt = "\n".join(_WS.sub(" ", x).strip() for x in txt.split("\n"))
        txt = "\n".join(x for x in txt.split("\n") if x)
        total = len(txt.replace("\n", "")) or 1
        return txt, min(1.0, link / total)

    def emit(kind: str, txt: str, share: float) -> None:
        for line in txt.split("\n"):
            if line.strip():
                out.append((kind, line.strip(), share))

    def walk_list(lst) -> None:
        # An item with a nested list: its text before the nested list, the nested items,
        # then its text after the nested list, in page order (the text around the nested
        # list, inline markup and all, is the item's own).
        for item in lst:
            if item.tag != "item":
                continue
            if item.find(".//list") is None:
                emit("item", *text_of(item))
                continue
            parts: list[str] = [item.text or ""]
            links = 0
            for child in item:
                if child.tag == "list":
                    flush(parts, links)
                    parts, links = [], 0
                    walk_list(child)
                else:
                    txt, share = text_of(child)
                    parts.append(" " + txt + " " if child.tag in ("lb", "p") else txt)
                    links += int(share * len(txt))
                parts.append(child.tail or "")
            flush(parts, links)

    def flush(parts: list[str], links: int) -> None:
        txt = _WS.sub(" ", "".join(parts)).strip()
        if txt:
            emit("item", txt, min(1.0, links / max(1, len(txt))))

    if main.text and main.text.strip():
        emit("text", main.text, 0.0)
    for el in main:
        if el.tag == "table":
            for row in el.iter("row"):
                cells = [text_of(c)[0].replace("\n", " ") for c in row if c.tag in ("cell",)]
                line = " ".join(c for c in cells if c)
                if line:
                    out.append(("row", line, 0.0))
        elif el.tag == "list":
            walk_list(el)
        else:
            txt, share = text_of(el)
            emit("head" if el.tag == "head" else el.tag, txt, share)
        if el.tail and el.tail.strip():
            emit("text", el.tail, 0.0)
    return out


# (not div or span: their text is their whole subtree's, costly on deep pages; lines from
# them get their share from the link texts they contain)
_LINK_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt",
                "blockquote", "figcaption")


def _link_shares(tree) -> tuple[dict[str, float], list[str]]:
    """({letters of a block's text: share of its characters inside links}, link texts).

    A block nested in another counts on its own too (the innermost blocks are what the
    extractor's lines come from); the first block with a given text wins. The link texts
    (letters only) serve the lines that match no single block.
    """
    out: dict[str, float] = {}
    for el in tree.iter(*_LINK_BLOCKS):
        key = _letters(el.text_content())
        if not key or key in out or len(key) > 2000:
            continue
        linked = sum(len(_letters(a.text_content())) for a in el.iter("a"))
        out[key] = min(1.0, linked / len(key))
    anchors = {_letters(a.text_content()) for a in tree.iter("a")}
    return out, sorted(a for a in anchors if len(a) >= 8)


def _with_shares(blocks: list[tuple[str, str, float]],
                 shares: tuple[dict[str, float], list[str]]) -> list[tuple[str, str, float]]:
    by_block, anchors = shares
    out = []
    for kind, line, share in blocks:
        key = _letters(line)
        got = by_block.get(key)
        if got is None and len(key) >= 40:
            # a line glued from several blocks (a row of teaser cards): the link texts in it
            got = min(1.0, sum(len(a) for a in anchors if a in key) / len(key))
        out.append((kind, line, share if got is None else got))
    return out


def _run(tree, url: str | None, notes: list[DocWarning], **kw) -> list[tuple[str, str, float]]:
    import copy

    trafilatura = _import_trafilatura()
    try:
        # Links are not asked for: include_links changes which part of the page trafilatura
        # takes (away from its own tuned default); their share comes from the page instead
        # (_link_shares).
        xml = trafilatura.extract(copy.deepcopy(tree), url=url, output_format="xml",
                                  include_comments=False, include_tables=True,
                                  include_links=False, with_metadata=False, **kw)
    except (Exception, RecursionError) as e:  # noqa: BLE001 - a failing run loses its vote
        notes.append(DocWarning("extractor_run_failed",
                                f"one trafilatura run ({kw or 'defaults'}) failed: "
                                f"{type(e).__name__}: {e}"))
        return []
    return _blocks(xml)


# ---------------------------------------------------------------------------- line filters
# A line that ends a sentence. Closing quotation marks differ by language: ” and ’ in
# English, “ and ‘ in German („...“), » and « in French and German, › and ‹.
_CLOSERS = "\"'”’“‘»«›‹"
_SENT_END = re.compile(rf"[.!?…:;{_CLOSERS})\]]\s*$")
# A line of dialogue: a quotation opened at its start and closed after a sentence's end.
_DIALOGUE = re.compile(rf"^\s*[„‚{_CLOSERS}].*[.!?…,][{_CLOSERS}]\s*$")
_URL_ONLY = re.compile(r"^(https?://|www\.)\S+$", re.I)
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.+\-Z]+)?$")
# Lines that are page furniture on any news site (whole-line patterns, case-insensitive).
_FURNITURE = re.compile(
    r"^(?:"
    r"(?:click|tap) here\b.*|"
    r"(?:sign up|subscribe)\b.{0,80}(?:newsletter|updates|inbox|email).*|"
    r".{0,40}\bnewsletter\b.{0,40}|"
    r"(?:follow|like) us on\b.*|"
    r"share (?:this|on)\b.{0,60}|"
    r"(?:read|see) (?:more|also)\b.{0,120}|"
    r"related(?: articles| stories| coverage| content)?:?.{0,120}|"
    r"(?:more|recommended|top|trending|popular) (?:stories|articles|news|from)\b.{0,80}|"
    r"advertisement|sponsored(?: content)?|"
    r"thanks? (?:you )?for (?:signing up|subscribing|reading).*|"
    r"(?:an )?error (?:has )?occurred.*|there was an error.*|"
    r"this (?:article|story|copy) (?:has been sent|is for your personal).*|"
    r"write to .{1,80}(?:@|\bat\b).{1,80}|"
    r"copyright\b.{0,120}|©.{0,120}|all rights reserved\.?|"
    r".{0,60}\bcookies?\b.{0,100}(?:accept|consent|policy|agree).{0,60}|"
    r"(?:photo|image|picture|video|credit|source)s?\s*(?:credit)?\s*[:|].{0,80}|"
    r"(?:getty images|reuters|ap photo|afp|shutterstock|istock)\.?|"
    r"(?:listen|watch|play)(?: to)?(?: this)? (?:article|story|video)\b.{0,40}|"
    r"(?:comments?|leave a (?:comment|reply)|\d+ comments?)|"
    r"(?:tags?|topics?|filed under|categories)\s*:.*|"
    r"order reprints?|print(?: this)? (?:article|story|page)|reprints? (?:&|and) permissions|"
    r"like this (?:story|article)\?.*|you (?:may|might) (?:also )?(?:like|be interested in).{0,60}|"
    r"(?:don'?t|do not) miss.{0,80}|more:|you can also|"
    r"\[\w+[^\]]*\].*\[/\w+\]"
    r")$", re.I)
_CAPTION_CREDIT = re.compile(
    r"(?:\((?:photo|image|picture|credit)[^)]{0,60}\)|"
    r"\b(?:photo|image|picture)s?(?: credit)?\s*(?:by|:|©)\s*[^.]{0,60}$|"
    r"[|/]\s*(?:photo|image|credit)?:?\s*(?:getty images|reuters|ap|afp|shutterstock|epa)\b.{0,30}$|"
    r"©\s*\S.{0,60}$)", re.I)


def _words(s: str) -> int:
    return len(s.split())


def _prose(line: str) -> bool:
    """Reads like running text: long, a finished sentence of a few words, or dialogue."""
    n = _words(line)
    # (a short line of dialogue, "»Ja, morgen.«", is a sentence like any other)
    return n >= 15 or (n >= 5 and bool(_SENT_END.search(line))) or (
        n >= 2 and bool(_DIALOGUE.match(line)))


def _furniture(kind: str, line: str, share: float, agreed: bool = False) -> bool:
    s = line.strip()
    # A bare URL line is kept when both runs agree (shopping lists, source notes); a
    # machine timestamp never is.
    if _TIMESTAMP.match(s) or (_URL_ONLY.match(s) and not agreed):
        return True
    if _words(s) <= 40 and _FURNITURE.match(s):
        return True
    if _words(s) <= 30 and _CAPTION_CREDIT.search(s):
        return True
    # A call to the reader about the site ("Get our briefing in your inbox"); a quotation
    # mark means someone is quoted, which is reporting, not a promotion.
    if _words(s) <= 30 and P.PROMO_WORD.search(s) and P.READER.search(s) \
            and not any(q in s for q in '"“”„«»'):
        return True
    # A line that is mostly link text is a menu or a teaser, not the article.
    if share >= 0.6 and (kind == "item" or _words(s) <= 12) and not agreed:
        return True
    return False


def _merge(precise: list, loose: list, title: str | None, extra_titles: tuple[str, ...] = (),
           standfirst: str | None = None) -> tuple[list[str], list[str]]:
    """Choose the body lines from the two runs; returns (kept, removed)."""
    pset = {_norm(t) for _, t, _ in precise}
    plen = sum(len(t) for _, t, _ in precise)
    llen = sum(len(t) for _, t, _ in loose)
    # When the precise run lost most of the page it is not a reliable vote.
    trust = plen >= 0.3 * llen and plen > 0
    base = loose if loose else precise
    keys = [_norm(t) for _, t, _ in base]
    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        first.setdefault(k, i)

    def repeated_run(i: int) -> bool:
        # A page that prints its article twice repeats a run of lines; a single repeated
        # line (an interview's recurring question) is content.
        j = first[keys[i]]
        if j == i:
            return False
        nxt = i + 1 < len(keys) and j + 1 < i and keys[i + 1] == keys[j + 1]
        prv = i > 0 and j > 0 and keys[i - 1] == keys[j - 1]
        return nxt or prv

    kept: list[str] = []
    removed: list[str] = []
    titles = {_norm(t) for t in (title, *extra_titles) if t}
    stand = _norm(standfirst) if standfirst else None
    for i, (kind, line, share) in enumerate(base):
        key = keys[i]
        drop = False
        if repeated_run(i):
            drop = True
        elif key in titles and (len(kept) < 3 or not _prose(line)):
            drop = True
        elif key == stand and kind == "head" and len(kept) < 3:
            drop = True
        elif _furniture(kind, line, share, key in pset):
            drop = True
        elif trust and key not in pset and not _prose(line):
            drop = True
        if drop:
            removed.append(line)
        else:
            kept.append(line)
    return kept, removed


def _letters(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.casefold())


def _signature(el) -> tuple:
    sig = []
    for a in el.iterancestors():
        sig.append((a.tag, (a.get("class") or "").strip()))
        if len(sig) == 3:
            break
    return tuple(sig)


def _is_tweet(el) -> bool:
    return el.tag == "blockquote" and "tweet" in (el.get("class") or "").lower()


def _tweet_lines(el) -> list[str]:
    """An embedded post: its text paragraphs, then the attribution line(s) after them."""
    lines = [_WS.sub(" ", p.text_content()).strip() for p in el.iter("p")]
    rest = el.text_content()
    for ln in lines:
        rest = rest.replace(ln, " ", 1) if ln else rest
    rest = "\n".join(_WS.sub(" ", x).strip() for x in rest.split("\n"))
    return [x for x in lines + rest.split("\n") if x.strip()]


# Containers whose paragraphs are never the article's, by element or by class/id word.
_FURNITURE_TAGS = frozenset({"footer", "aside", "nav", "form", "header", "menu"})
_FURNITURE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:newsletter|subscri\w*|sign-?up|promo\w*|footer|related|share|sharing|"
    r"social|cta|banner|sponsor\w*|advert\w*|ad|ads|comments?|bio|disclaimer|copyright|"
    r"signup|paywall|teaser|recirc\w*|outbrain|taboola)(?:$|[\s_-])", re.I)


def _in_page_furniture(el) -> bool:
    """``el`` sits in a footer, aside, menu or form, or in a box named like one."""
    for a in el.iterancestors():
        if a.tag in _FURNITURE_TAGS:
            return True
        names = f"{a.get('class') or ''} {a.get('id') or ''}"
        if names.strip() and _FURNITURE_CLASS.search(names):
            return True
        if a.tag in ("article", "main", "body"):
            break
    return False


def _lone_paragraph(el) -> bool:
    parent = el.getparent()
    return parent is None or sum(1 for c in parent if c.tag == "p") < 2


def _recover_siblings(tree, kept: list[str], removed: list[str]) -> list[str]:
    """Add paragraphs that sit in the same kind of container as the kept ones.

    Sites that split an article into several containers (around ads or embeds) lose every
    container after the first; their paragraphs share the markup path of the kept ones.
    Embedded posts (tweets) that sit between body paragraphs are quoted material and are
    put back too, where trafilatura dropped them.
    """
    if tree is None or not kept:
        return kept
    # Letters only: text_content() glues what <br> separated and trafilatura may split or
    # merge paragraphs, so spacing and punctuation must not decide whether text is present.
    norms = [_letters(k) for k in kept]
    exact = set(norms)
    joined = "".join(norms)
    # Prefixes of what the merge threw out: a paragraph starting like one is not recovered
    # (a set, not a substring search, so the cost stays linear on huge pages).
    gone = {_letters(r)[:40] for r in removed}
    starts = []
    off = 0
    for n in norms:
        starts.append(off)
        off += len(n)
    import bisect

    def where(key: str) -> int | None:
        # Index of the kept line where this paragraph's text starts, if it is in the body.
        if len(key) < 20:
            return norms.index(key) if key in exact else None
        i = joined.find(key[:200])
        return None if i < 0 else bisect.bisect_right(starts, i) - 1

    items = []   # (element, text lines, key, link share, where)
    inside_tweet: set = set()
    for el in tree.iter("p", "blockquote"):
        if el in inside_tweet:
            continue
        if _is_tweet(el):
            inside_tweet.update(el.iter("p"))
            lines = _tweet_lines(el)
            key = _letters(" ".join(lines))
            if key:
                items.append((el, lines, key, 0.0, where(key)))
            continue
        if el.tag != "p":
            continue
        txt = _WS.sub(" ", el.text_content()).strip()
        key = _letters(txt)
        if key:
            links = sum(len(a.text_content()) for a in el.iter("a"))
            items.append((el, [txt], key, links / max(1, len(txt)), where(key)))
    votes: dict[tuple, int] = {}
    for el, _lines, _key, _share, at in items:
        if at is not None and el.tag == "p":
            sig = _signature(el)
            votes[sig] = votes.get(sig, 0) + 1
    body_sigs = {sig for sig, n in votes.items() if n >= 3}
    if not body_sigs:
        return kept
    last_located = max((i for i, it in enumerate(items) if it[4] is not None), default=-1)
    inserts: dict[int, list[str]] = {}
    anchor = -1
    added: set[str] = set()
    for n, (el, lines, key, share, at) in enumerate(items):
        if at is not None:
            anchor = max(anchor, at)
            continue
        if key in added or key[:40] in gone:
            continue
        if _is_tweet(el):
            if anchor < 0 or n > last_located:
                continue
        else:
            txt = lines[0]
            if share > 0.3 or _signature(el) not in body_sigs:
                continue
            if not _prose(txt) or _furniture("p", txt, 0.0) or _in_page_furniture(el):
                continue
            if n > last_located and _lone_paragraph(el):
                # past the article's end, a container holding one paragraph is a box (a
                # newsletter offer, a slogan), not the article's next part
                continue
        inserts.setdefault(anchor, []).extend(lines)
        added.add(key)
    if not inserts:
        return kept
    out = list(inserts.get(-1, []))
    for i, k in enumerate(kept):
        out.append(k)
        out.extend(inserts.get(i, []))
    return out


MAX_REMOVED_LINES = 300


def _chrome_lines(tree, kept: list[str]) -> list[str]:
    """Text of the page's menus, headers, footers and asides, for the record of removals."""
    have = {_letters(k) for k in kept}
    out: list[str] = []
    seen: set[str] = set()
    for el in tree.iter("nav", "header", "footer", "aside"):
        # One line per text node: menus are runs of short links with no spaces between.
        for line in el.itertext():
            line = _WS.sub(" ", line).strip()
            key = _letters(line)
            if key and key not in have and key not in seen:
                seen.add(key)
                out.append(line)
                if len(out) >= MAX_REMOVED_LINES:
                    return out
    return out


# ---------------------------------------------------------------------------- metadata
def _h1(tree) -> str | None:
    h1 = tree.find(".//h1")
    return _WS.sub(" ", h1.text_content()).strip() or None if h1 is not None else None


def _date(tree, url: str | None, notes: list[DocWarning]) -> str | None:
    try:
        from htmldate import find_date
    except ImportError as e:
        raise DependencyMissing(f"htmldate ({e})", "pip install -e .") from e
    try:
        # A fixed latest date, not today's: the result must not depend on the day it runs.
        return find_date(tree, extensive_search=False, original_date=True, url=url,
                         max_date=HORIZON.isoformat())
    except (Exception, RecursionError) as e:  # noqa: BLE001 - the printed date lines remain
        notes.append(DocWarning("date_extractor_failed",
                                f"htmldate failed ({type(e).__name__}: {e}); the date comes "
                                "from the page's printed date lines only"))
        return None


def _valid_date(d: str | None) -> str | None:
    """``d`` as YYYY-MM-DD when it starts with a real date between 1800 and the horizon."""
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", d or "")
    day = _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    return day.isoformat() if day else None


# ---------------------------------------------------------------------------- entry point
# Elements that a data table's cell does not hold but a page laid out with a table does.
_LAYOUT_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote",
                            "article", "section"})
_TABLE_PARTS = frozenset({"tr", "td", "th", "tbody", "thead", "tfoot"})


def _unwrap_layout_tables(tree) -> None:
    """Turn tables used for page layout into plain blocks.

    Older sites lay whole pages out in tables (menu in one cell, story in the next);
    extractors read a table row as one line, which glues the menu to the article. A table
    whose own cells hold paragraphs or headings is layout, not data: its rows and cells
    become divs, so each cell's blocks are read as blocks. Nested data tables are untouched.
    """
    def owner(el):
        p = el.getparent()
        while p is not None and p.tag != "table":
            p = p.getparent()
        return p

    for table in list(tree.iter("table")):
        parts = [el for el in table.iter() if el is not table and owner(el) is table]
        if any(el.tag in _LAYOUT_BLOCKS for el in parts):
            for el in parts:
                if el.tag in _TABLE_PARTS:
                    el.tag = "div"
            table.tag = "div"


#: Words of prose in a <noscript> that make it the page's content rather than a notice.
NOSCRIPT_PROSE_WORDS = 40


def _unwrap_noscript(tree) -> None:
    """Make a <noscript> holding prose an ordinary block (the extractor drops noscript).

    Blog platforms that render the post with a script print it inside <noscript> for
    readers without one; elsewhere noscript holds a tracking pixel or a "please enable
    JavaScript" notice, which has no prose and stays as it is.
    """
    for el in list(tree.iter("noscript")):
        words = sum(len(p.text_content().split()) for p in el.iter("p", "li", "blockquote"))
        if words >= NOSCRIPT_PROSE_WORDS:
            el.tag = "div"


def extract(html: str, url: str | None = None) -> HtmlExtract:
    """Body, title, author, date and canonical URL of one HTML page.

    Never raises on bad input: an extraction that fails gives the page's plain text as the
    body, with an ``extractor_failed`` warning. Raises DependencyMissing when trafilatura or
    htmldate cannot be imported (every HTML page would fail the same way).
    """
    try:
        return _extract(html or "", url)
    except DependencyMissing:
        raise
    except (Exception, RecursionError) as e:  # noqa: BLE001 - recorded, with the fallback
        return HtmlExtract(body=strip_tags(html or ""), url=url, warnings=(DocWarning(
            "extractor_failed", f"HTML extraction failed ({type(e).__name__}: {e}); the body "
            "is the page's plain text, menus and all"),))


def _flat(html: str, url: str | None, code: str, message: str) -> HtmlExtract:
    return HtmlExtract(body=_flat_text(html), url=url, warnings=(DocWarning(code, message),))


def _extract(html: str, url: str | None) -> HtmlExtract:
    notes: list[DocWarning] = []
    size = len(html)
    html = _prepare(html)
    if size > MAX_HTML_CHARS * 4 or len(html) >= MAX_HTML_CHARS:
        notes.append(DocWarning("page_cut", f"only the first {MAX_HTML_CHARS:,} characters of "
                                "the page's markup were read"))
    if not html.strip():
        return HtmlExtract(body="", url=url, warnings=tuple(notes))
    depth, elements, cut = _scan(html)
    if depth > MAX_DEPTH:
        return _flat(html, url, "too_deep", f"markup nested {depth} deep (over {MAX_DEPTH}): "
                     "the body is the page's plain text, menus and all")
    if cut is not None:
        html = html[:cut]
        notes.append(DocWarning("page_cut", f"markup past element {MAX_ELEMENTS:,} was not read"))
    large = elements > LARGE_PAGE
    _import_trafilatura()
    from trafilatura import load_html
    from trafilatura.metadata import extract_metadata

    tree = load_html(html)
    if tree is None:
        return _flat(html, url, "unparsable", "the markup could not be parsed: the body is the "
                     "page's plain text, menus and all")
    _unwrap_layout_tables(tree)
    _unwrap_noscript(tree)
    doc = None
    try:
        import copy
        doc = extract_metadata(copy.deepcopy(tree), default_url=url, extensive=False)
    except (Exception, RecursionError) as e:  # noqa: BLE001 - the page's own tags remain
        notes.append(DocWarning("metadata_failed", f"trafilatura's metadata reader failed "
                                f"({type(e).__name__}: {e}); title and author from the page's "
                                "tags only"))
    h1 = _h1(tree)
    raw_title = getattr(doc, "title", None)
    title = choose_title(tree, url, raw_title, getattr(doc, "sitename", None))
    if large:
        precise, loose = [], _run(tree, url, notes, fast=True)
    else:
        precise = _run(tree, url, notes, favor_precision=True)
        loose = _run(tree, url, notes)
    shares = _link_shares(tree)
    precise, loose = _with_shares(precise, shares), _with_shares(loose, shares)
    desc = getattr(doc, "description", None)
    heads = tuple(t for t in (raw_title, h1) if t)
    kept, removed = _merge(precise, loose, title, heads, desc)
    kept = _recover_siblings(tree, kept, removed)
    if not kept:
        # Nothing recognisable as an article (broken markup, a bare list of paragraphs):
        # the prose lines of the flat text are a better answer than nothing.
        kept = [ln for ln in _flat_text(html).split("\n")
                if _prose(ln) and not _furniture("p", ln, 0.0)]
        if kept:
            notes.append(DocWarning("body_fallback", "the extractor found no article; the body "
                                    "is the page's lines of prose"))
    body = "\n".join(kept)
    chrome = _chrome_lines(tree, kept)
    if len(chrome) >= MAX_REMOVED_LINES:
        notes.append(DocWarning("removed_cut", f"the page's menus, headers and footers were "
                                f"removed; only the first {MAX_REMOVED_LINES} of their lines "
                                "are listed in removed"))
    removed = removed + chrome
    author = (getattr(doc, "author", None) or None) if doc is not None else None
    printed = date_lines(_flat_text(_cut(html, "script")).split("\n"), title,
                         kept[0] if kept else None)
    date = choose_date(_valid_date(_date(tree, url, notes)), printed, url)
    canon = (getattr(doc, "url", None) or url) if doc is not None else url
    return HtmlExtract(body=body, title=title, author=author, date=date, removed=removed,
                       url=canon, warnings=tuple(notes))
