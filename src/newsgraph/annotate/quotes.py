"""Quotes: direct, mixed and reported speech, each with its speaker and cue.

Three passes over the parse, then one over the leftovers.

1. Quotation-first. Every span inside quotation marks (``quote_marks``) is *full* when it
   stands as its own utterance (it opens its sentence, or follows a comma or colon) and
   *partial* when it is embedded in running prose (``was "dead on arrival"``). A full
   quotation takes the nearest reporting verb in its frame -- the rest of its sentence, up to
   the neighbouring quotations, the main verb of the next sentence, or the sentence before when
   that ends with a colon ("He added: ...") -- provided the verb has no clausal content of its
   own outside quotation marks. "Name: '...'" paragraphs (transcripts, headlines) take the name.
   Words between the cue and the marks that hang on a verb inside the quotation make it mixed
   ("says no matter what Obama does, 'his word does not trump the law'").
   With no verb of saying in its frame, a quotation is still attributed when the sentence
   before it ends with a colon and has a subject and a main verb ("X issued the following
   statement:"), or when a dash and a short name close its paragraph ('"..." -- Ana Ruiz', reader
   comments and epigraphs). A subject the parser found inside quotation marks (a show's title,
   the quoted clause's own subject) is a misparse: the name right after the quotation, else the
   noun before the cue, speaks.

2. Cue-first. Every remaining reporting verb (and "according to") with a subject and a clausal
   or object complement yields reported speech; the complement is the content. A complement
   that holds quotation marks is *mixed* (``He said the plan was "dead on arrival"``), or
   *direct* when the marks cover every word of it. A cue inside the content of another
   attribution is part of that content, not a new attribution ("X said Y believes ...").
   A complement runs on into quoted words the parser hung elsewhere in the sentence ("accused
   him of buying influence 'in a pattern of sleaze'") and into a phrase that follows its
   closing mark with no comma ("called it a 'rush to judgment' because ...").

   A cue set off by commas inside the clause it reports ("This plan, he says, is new"), and
   "according to X" between a subject and its predicate, split the content in two Quotes
   with one cue. Nouns of saying carry content too ("her claim that ...", "his call for
   ...": ``quote_nouns``) when the sentence names whose they are.

3. Partial quotations the parse left outside every complement ("called his actions 'a crucial
   step'") take the nearest free reporting verb before them in their sentence -- or any verb
   that casts its object "as" the quoted words ("pounding him as a 'con artist'"). Partial
   quotations that no cue reaches (scare quotes, titles) are not quotes.

Leftovers: a full quotation with no cue continues the voice of the attribution just before it in
the same or the previous paragraph (`"A," she said. "B."`, paragraphs of one speech); after
reported speech it keeps the speaker but has no cue of its own. Otherwise it is left out: a
quotation nobody is said to have said is not attributed.

The parser runs across paragraph breaks, so sentences can too; content, frames and subjects
are kept to the cue's paragraph (a subject across a break, or a dateline "WASHINGTON (AP) --",
is a misparse, and the noun right before the cue is taken instead).

A quotation split by its attribution (`"A," she said, "B."`) becomes two Quotes with the same
speaker and the same cue span: each Quote's text is exactly ``text[start:end]``, which one
joined quote could not be. Group Quotes by ``cue_span`` to get whole attributions.
A quotation continued over paragraphs is one Quote whose text holds the paragraph break and the
continuation's opening mark.

Speakers resolve through the entities (``actors.resolve_span``, pronouns included via its
coreference); "who" resolves through its antecedent. A pronoun that resolves to nothing keeps
its surface text: PolNeAR's sources are in-text spans, so no fallback (such as the nearest
preceding person) could be measured, and none is guessed.
"""

from __future__ import annotations

import bisect

import re
from dataclasses import dataclass, replace
from typing import Any

from ..model import Annotated, Quote, Span, Speaker
from .quote_cues import (QUOTE_TOKENS, classes_of, clause_end, content_tokens, continued_end,
                         inverted_cue, inverted_subject, is_according, iter_cues,
                         phrase_bounds, quoted_predicate_end, subject_of)
from .quote_marks import Marked, find_quotations
from .quote_nouns import noun_cues
from .quote_speakers import check_speakers, speaker_for

# How far (in tokens) after a quotation that ends its sentence a cue may stand in the next
# sentence ('"We will win." Trump said.' parsed as two sentences), unless it is that
# sentence's main verb ('"..." Miller, a retired worker from Ohio, said.').
NEXT_SENTENCE_WINDOW = 6
# Longest "Name:" that opens a paragraph as its speaker ("Former Secretary Hillary Clinton:")
LEAD_WORDS = 5
# Words that may open a sentence before a quotation that is still a whole utterance
SENTENCE_CONNECTIVES = {"but", "and", "so", "still", "yet", "then", "also", "now"}
_WORD = re.compile(r"\w+")
_BREAKS = re.compile(r"\n\s*")
_TRAIL = ",;:—–- \n\t"


@dataclass
class _Attr:
    cue: Span
    speaker: Speaker
    cue_tok: int


def stage(doc: Annotated) -> Annotated:
    sp = doc.nlp
    text = doc.article.text
    if sp is None or not text or sp.text != text:
        return doc
    try:
        quotes = extract(sp, text, doc.entities)
    except Exception as exc:  # bad input never stops the run; the reason is kept
        return replace(doc, skipped=doc.skipped + (f"quotes: {type(exc).__name__}: {exc}",))
    return replace(doc, quotes=tuple(quotes))


# ---------------------------------------------------------------------------- helpers
def _doc_text(sp: Any) -> str:
    """The Doc's text, joined once: spaCy's ``Doc.text`` joins every token on each call, so
    reading it once per quote made a long body quadratic."""
    text = sp.user_data.get("newsgraph_text")
    if text is None:
        text = sp.user_data["newsgraph_text"] = sp.text
    return text


def _tok_at(sp: Any, char: int) -> int | None:
    """Index of the token containing or following character ``char`` (a binary search over
    the token offsets, made once per Doc: a scan per call was quadratic on long bodies)."""
    bounds = sp.user_data.get("newsgraph_token_bounds")
    if bounds is None:
        bounds = sp.user_data["newsgraph_token_bounds"] = (
            [t.idx for t in sp], [t.idx + len(t.text) for t in sp])
    starts, ends = bounds
    i = bisect.bisect_right(starts, char) - 1
    if i >= 0 and char < ends[i]:
        return i
    return i + 1 if i + 1 < len(starts) else None


def _quote_index(sp: Any, marks: list[Marked]) -> list[int]:
    """For each token, the index of the quotation (marks included) it lies in, or -1."""
    out = [-1] * len(sp)
    k = 0
    for t in sp:
        while k < len(marks) and marks[k].close <= t.idx:
            k += 1
        if k < len(marks) and marks[k].open <= t.idx < marks[k].close:
            out[t.i] = k
    return out


def _char_span(sp: Any, i: int, j: int) -> tuple[int, int]:
    """Characters of tokens [i, j), trailing punctuation and spaces trimmed."""
    while j > i and (sp[j - 1].is_space or sp[j - 1].text in _TRAIL or sp[j - 1].is_punct
                     and sp[j - 1].text not in ("”", '"', "’", "'", ")", "?", "!")):
        j -= 1
    while i < j and (sp[i].is_space or sp[i].text in ",;:—–-"):
        i += 1
    if j <= i:
        return sp[i].idx, sp[i].idx
    return sp[i].idx, sp[j - 1].idx + len(sp[j - 1].text)


def _para_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the paragraph (line) holding ``pos``."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return lo, len(text) if hi < 0 else hi


def _para_of(text: str, pos: int) -> int:
    """Paragraph number of ``pos`` (a run of line breaks is one break)."""
    return len(_BREAKS.findall(text, 0, pos))


def _is_full(text: str, sp: Any, m: Marked, qidx: list[int]) -> bool:
    """The quotation stands alone rather than inside running prose."""
    start_tok = _tok_at(sp, m.open)
    if start_tok is None:
        return True
    sent = sp[start_tok].sent
    pre = text[max(sent.start_char, text.rfind("\n", 0, m.open) + 1):m.open].rstrip()
    if pre and pre[-1] == "," and _listed(text, m):
        return False
    if not pre or pre[-1] in ",:;—–(" or pre.endswith("-") or pre[-1] in "”\"’":
        return True
    # a quotation that makes a whole sentence after a sentence-final mark
    if pre[-1] in ".!?":
        return True
    # 'But "Trump's candidacy is strengthened ..."': a connective opening the sentence
    return pre.split()[-1].casefold() in SENTENCE_CONNECTIVES and (
        len(pre.split()) == 1 or pre.split()[-2][-1:] in ".!?”\"’")


_LIST_GOES_ON = re.compile(r"[ \t]+(?:and|or)[ \t]+\w")


def _listed(text: str, m: Marked) -> bool:
    """After a comma, the quotation is an item of a list in the writer's sentence.

    "cites the union's support, 'the placards carried by marchers' and the 1968 strike":
    words with no closing punctuation of their own, followed by "and"/"or" and more words,
    are a quoted phrase inside the sentence, not an utterance standing alone.
    """
    if not m.closed or m.end <= m.start or text[m.end - 1] in ",.!?;:":
        return False
    return bool(_LIST_GOES_ON.match(text, m.close))


# ---------------------------------------------------------------------------- pass 1
def _speaker_from(sp: Any, text: str, entities: Any, cue_tok: Any, qidx: list[int]
                  ) -> Speaker | None:
    if is_according(cue_tok):
        to = sp[cue_tok.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        head = objs[0] if objs else None
    elif inverted_cue(cue_tok):
        head = inverted_subject(cue_tok)      # "Said Ellis: ..."
    else:
        head = subject_of(cue_tok)
        if head is not None and qidx[head.i] >= 0 and qidx[head.i] != qidx[cue_tok.i]:
            # a subject inside quotation marks is the parser's, not the speaker: '"..., we
            # will win," Chief Ann Rourke said' hung "said" on the quoted verb and took its
            # subject, and 'X said on "Morning Drive."' took the show's title
            head = _after_quote_subject(sp, cue_tok, qidx) or _adjacent_subject(sp, cue_tok)
    if head is None and not is_according(cue_tok) or head is not None and _misparsed(
            sp, text, head, cue_tok):
        # no subject, or a dateline, heading or date taken for one: take the noun phrase
        # right before the cue
        after = _after_dateline(sp, text, head, cue_tok) if head is not None else None
        head = after or _adjacent_subject(sp, cue_tok) or (
            head if head is not None and not _misparsed(sp, text, head, cue_tok) else None)
    return _speaker_at(sp, text, entities, head, qidx)


def _after_dateline(sp: Any, text: str, head: Any, cue_tok: Any) -> Any | None:
    """The subject after a dateline the parser took for one: "WASHINGTON -- President Obama,
    dedicating the museum on Saturday, said" -> "Obama" (the noun right before the cue would
    be "Saturday")."""
    if not (head.is_upper and head.i < cue_tok.i) or _para_of(text, head.idx) != _para_of(
            text, cue_tok.idx):
        return None
    k = head.i + 1
    while k < cue_tok.i and sp[k].text not in ("—", "–", "--", "-"):
        k += 1
    k += 1
    while k < cue_tok.i and (sp[k].is_punct or sp[k].is_space or sp[k].pos_ == "DET"):
        k += 1
    if k >= cue_tok.i or sp[k].pos_ not in ("PROPN", "NOUN"):
        return None
    t = sp[k]
    while t.dep_ == "compound" and t.head.i < cue_tok.i and t.head.i > t.i:
        t = t.head
    return t if t.ent_type_ not in ("DATE", "TIME", "GPE") else None


def _speaker_at(sp: Any, text: str, entities: Any, head: Any, qidx: list[int]
                ) -> Speaker | None:
    """The speaker whose phrase is headed by token ``head`` (None inside a quotation)."""
    if head is None or qidx[head.i] >= 0:
        return None
    i, j = phrase_bounds(head)
    while i < head.i and inverted_cue(sp[i]):
        i += 1      # "Said Ellis": the tagger made the verb part of the name
    if any(qidx[k] >= 0 for k in range(i, j)):
        i = j = head.i
        j += 1
    s, e = sp[i].idx, sp[j - 1].idx + len(sp[j - 1].text)
    key = head
    if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
        # "Smith, who said ...": the speaker as written is "who", the person is its antecedent
        key = head.head.head
    spk = speaker_for(text, entities, s, e, (key.idx, key.idx + len(key.text)),
                      _lookup_range(sp, head, i, j))
    if key is not head and spk.entity is None:
        a, b = phrase_bounds(key)
        name = text[sp[a].idx:sp[b - 1].idx + len(sp[b - 1].text)]
        spk = replace(spk, name=name)
    return spk


def _lookup_range(sp: Any, head: Any, i: int, j: int) -> tuple[int, int]:
    """Characters of phrase [i, j) that may name the speaker: the possessor is left out.

    "his office said", "the senator's spokesman said": the one who speaks is the office or
    the spokesman, never the possessor, so "his" must not resolve the speaker to the person.
    """
    lo = i
    if head.pos_ != "PRON":
        for c in head.lefts:
            if c.dep_ == "poss" and c.right_edge.i + 1 > lo:
                lo = c.right_edge.i + 1
    while lo < j and (sp[lo].is_punct or sp[lo].is_space or sp[lo].tag_ == "POS"):
        lo += 1
    if lo >= j:
        return sp[head.i].idx, sp[head.i].idx
    return sp[lo].idx, sp[j - 1].idx + len(sp[j - 1].text)


def _misparsed(sp: Any, text: str, head: Any, cue_tok: Any) -> bool:
    """A subject the parser got from a heading, a dateline or a date, not a speaker."""
    if _para_of(text, head.idx) != _para_of(text, cue_tok.idx):
        return True
    if head.ent_type_ in ("DATE", "TIME") and (head.pos_ in ("PROPN", "NUM") or head.lower_ in (
            "today", "yesterday", "tonight", "tomorrow")):
        return True     # "Saturday said" ("the 46-year-old said" is a speaker)
    lo, hi = sorted((head.idx, cue_tok.idx))
    # "WASHINGTON (AP) — Donald Trump said": the dash ends the dateline
    return head.i < cue_tok.i and (any(ch in text[lo:hi] for ch in "—–") or "--" in text[lo:hi]
                                   ) and head.is_upper


def _after_quote_subject(sp: Any, cue_tok: Any, qidx: list[int]) -> Any | None:
    """The name right after the quotation before the cue: '"...," Ward, the frontrunner in
    the polls since the primaries, said' -> "Ward" (the noun right before the cue would be
    "primaries")."""
    k = cue_tok.i - 1
    while k >= cue_tok.sent.start and qidx[k] < 0 and "\n" not in sp[k].text_with_ws:
        k -= 1
    if k < cue_tok.sent.start or qidx[k] < 0:
        return None
    k += 1
    while k < cue_tok.i and (sp[k].is_punct or sp[k].is_space):
        k += 1
    if k >= cue_tok.i or sp[k].pos_ not in ("PROPN", "PRON"):
        return None
    t = sp[k]
    while t.dep_ == "compound" and t.i < t.head.i < cue_tok.i:
        t = t.head
    return t


def _adjacent_subject(sp: Any, cue_tok: Any) -> Any | None:
    """The noun right before the cue ("... Donald Trump declared"), when the parse has none."""
    k = cue_tok.i - 1
    while k >= 0 and "\n" not in sp[k].text:
        if sp[k].text == ")":
            # skip a parenthesis: "Sen. Elizabeth Warren (D-MA) said"
            depth = 0
            while k >= 0 and "\n" not in sp[k].text:
                depth += (sp[k].text == ")") - (sp[k].text == "(")
                k -= 1
                if depth == 0:
                    break
            continue
        if sp[k].pos_ in ("ADV", "AUX", "PART") or sp[k].text == ",":
            k -= 1
            continue
        break
    if k >= 0 and sp[k].pos_ in ("PROPN", "NOUN", "PRON") and "\n" not in sp[k].text_with_ws:
        head = sp[k]
        # "Olsen, a longtime critic, said": the name the description stands beside
        while head.dep_ == "appos" and head.head.i < head.i and head.head.pos_ == "PROPN" \
                and "\n" not in sp[head.head.i:head.i].text:
            head = head.head
        return head
    return None


def _cue_span(sp: Any, tok: Any) -> Span:
    """The cue as written: the verb with its particle ("pointed out"), or "according to"."""
    s, e = tok.idx, tok.idx + len(tok.text)
    if is_according(tok):
        nxt = sp[tok.i + 1]
        e = nxt.idx + len(nxt.text)
    else:
        for c in tok.rights:
            if c.dep_ == "prt" and c.i == tok.i + 1:
                e = c.idx + len(c.text)
    return Span(s, e, _doc_text(sp)[s:e])


def _has_own_content(tok: Any, qidx: list[int], k: int) -> bool:
    """The verb reports a clause outside the quotation (so the quotation is not its content)."""
    lo, hi = _para_bounds(_doc_text(tok.doc), tok.idx)
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp") and qidx[c.i] != k:
            toks = range(c.left_edge.i, c.right_edge.i + 1)
            outside = [t for t in toks if qidx[t] < 0 and not tok.doc[t].is_punct
                       and not tok.doc[t].is_space and lo <= tok.doc[t].idx < hi]
            if len(outside) >= 2:
                return True
    return False


def _frame(sp: Any, text: str, marks: list[Marked], k: int) -> list[tuple[int, int]]:
    """Token indices of the attribution frame of quotation k, each with its distance."""
    m = marks[k]
    para_start = text.rfind("\n", 0, m.open) + 1
    para_end = text.find("\n", m.close)
    para_end = len(text) if para_end < 0 else para_end
    prev_close = marks[k - 1].close if k > 0 else 0
    nk = k + 1
    while nk < len(marks) and marks[nk].close < para_end and _nickname(text, marks[nk]):
        nk += 1     # 'Del. Marcia "Cia" Price shouted': a name's quoted part is no utterance
    next_open = marks[nk].open if nk < len(marks) else len(text)
    out: list[tuple[int, int]] = []
    first = _tok_at(sp, m.open)
    if first is None:
        return out
    sent = sp[first].sent
    left_lo = max(sent.start_char, para_start, prev_close)
    # "He added: ..." -- the cue sits in the sentence before, which ends with a colon, in
    # this paragraph or (a block quotation) closing the paragraph before
    if not text[left_lo:m.open].strip():
        lo = para_start if text[para_start:m.open].strip() else prev_close
        before = text[lo:m.open].rstrip()
        if before.endswith(":"):
            colon_tok = _tok_at(sp, lo + len(before) - 1)
            if colon_tok is not None:
                left_lo = max(sp[colon_tok].sent.start_char, prev_close)
                if "\n" in text[left_lo:lo + len(before)]:
                    left_lo = text.rfind("\n", 0, lo + len(before)) + 1
    for t in sp[max(first - 60, 0):first]:
        if t.idx >= left_lo and t.idx < m.open:
            out.append((t.i, first - t.i))
    last = _tok_at(sp, m.close)
    if last is not None and m.close < para_end:
        end_sent = sp[max(last - 1, 0)].sent
        same = end_sent.end > last
        hi = min(next_open, para_end)
        limit = end_sent.end if same else sp[last].sent.end
        for t in sp[last:limit]:
            if t.idx >= hi:
                break
            if not same and t.i - last > NEXT_SENTENCE_WINDOW and t.dep_ != "ROOT":
                continue    # in the next sentence only its first words or its main verb
            out.append((t.i, t.i - last + 1))
    return out


def _nickname(text: str, m: Marked) -> bool:
    """A quoted nickname inside a name ('Marcia "Cia" Price'): one capitalised word between
    capitalised words."""
    word = text[m.start:m.end]
    if not re.fullmatch(r"[A-Z][\w.'-]*", word):
        return False
    before = re.search(r"([A-Z][\w.'-]*)[ \t]+$", text[max(0, m.open - 40):m.open])
    after = re.match(r"[ \t]+[A-Z]", text[m.close:m.close + 3])
    return before is not None and after is not None


def _lead_in(sp: Any, marks: list[Marked], k: int, cue_i: int, qidx: list[int]) -> int | None:
    """Start of words between a cue and its quotation that belong to the quoted clause.

    "Ryan says no matter what Obama does on guns, 'his word does not trump the law'": the
    words before the marks hang on a verb inside them, so the content is mixed and starts
    there. Words that hang on the cue ("said in a statement on Tuesday, '...'") do not count.
    """
    m = marks[k]
    if cue_i < 0 or sp[cue_i].idx > m.open \
            or sp[cue_i].idx < _para_bounds(_doc_text(sp), m.open)[0]:
        return None
    if _doc_text(sp)[:m.open].rstrip().endswith(":"):
        return None     # a colon hands over to the quotation
    first = None
    for t in sp[cue_i + 1:len(sp)]:
        if t.idx >= m.open:
            break
        if t.is_punct or t.is_space:
            continue
        a = t
        for _ in range(30):
            if a.i == cue_i or qidx[a.i] == k or a.head is a:
                break
            a = a.head
        if qidx[a.i] == k and first is None:
            first = t.idx
        elif qidx[a.i] != k:
            first = None        # only a run of words right before the marks counts
    return first


def _attribute_full(sp: Any, text: str, entities: Any, marks: list[Marked], k: int,
                    qidx: list[int]) -> _Attr | None:
    m = marks[k]
    cands = []
    for ti, dist in _frame(sp, text, marks, k):
        tok = sp[ti]
        if qidx[ti] >= 0:
            continue
        if is_according(tok):
            cands.append((dist, tok))
            continue
        cls = classes_of(tok)
        if not cls & {"speech", "frame"} or _has_own_content(tok, qidx, k):
            continue
        cands.append((dist, tok))
    for _, tok in sorted(cands, key=lambda x: x[0]):
        spk = _speaker_from(sp, text, entities, tok, qidx)
        if spk is not None:
            return _Attr(_cue_span(sp, tok), spk, tok.i)
    colon = _colon_sentence(sp, text, entities, marks, k, qidx)
    if colon is not None:
        return colon
    # "Smith: '...'" -- a name and a colon introduce the whole paragraph (transcripts)
    para_end = text.find("\n", m.close)
    rest = text[m.close:len(text) if para_end < 0 else para_end]
    if not _WORD.search(rest):
        lead = _colon_lead(sp, text, text.rfind("\n", 0, m.open) + 1, m.open, entities)
        if lead is not None:
            return lead
    return _dash_byline(sp, text, entities, m)


# '"..." ― Ana Ruiz' / '"..." -- Ana Ruiz, a teacher in Ohio.': a dash and a name closing the
# paragraph sign the quotation (reader comments, epigraphs, pull quotes)
_BYLINE = re.compile(r"[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*([A-Z][^\n,;:]{0,60}?)"
                     r"(?:,[^\n]{0,100}?)?[ \t\u00a0.]*$")
_NAME_PARTICLES = {"de", "del", "da", "van", "von", "la", "le", "al", "bin", "y", "of"}


def _dash_byline(sp: Any, text: str, entities: Any, m: Marked) -> _Attr | None:
    """The name after a dash that ends the quotation's paragraph: the quotation's speaker.

    Only a short name, every word capitalised but name particles, with nothing else after it
    but an optional description set off by a comma; a dash that goes on in the writer's words
    ('"..." -- a line he repeats') is no signature.
    """
    para_end = text.find("\n", m.close)
    para_end = len(text) if para_end < 0 else para_end
    got = _BYLINE.match(text[m.close:para_end])
    if got is None:
        return None
    s, e = m.close + got.start(2), m.close + got.end(2)
    words = text[s:e].split()
    if not 1 <= len(words) <= LEAD_WORDS or any(
            not w[:1].isupper() and w.casefold() not in _NAME_PARTICLES for w in words):
        return None
    span = sp.char_span(s, e, alignment_mode="expand")
    if span is None or not any(t.pos_ in ("PROPN", "NOUN") for t in span):
        return None
    head = span[-1]
    spk = speaker_for(text, entities, s, e, (head.idx, head.idx + len(head.text)))
    d0, d1 = m.close + got.start(1), m.close + got.end(1)
    return _Attr(Span(d0, d1, text[d0:d1]), spk, -1)


def _colon_sentence(sp: Any, text: str, entities: Any, marks: list[Marked], k: int,
                    qidx: list[int]) -> _Attr | None:
    """A sentence that ends with a colon hands over to the quotation after it.

    "Ward issued the following statement:", "In a later interview, Ward went even further:",
    "Ward lobbies for a higher wage:" -- its verb is no verb of saying, but someone doing
    something and a colon introduce what they said. The sentence's main verb is the cue and
    its subject the speaker; a copula ("The answer is:") or a sentence without a subject
    ("Transcript as follows:") introduces nobody.
    """
    m = marks[k]
    lo = marks[k - 1].close if k > 0 else 0
    before = text[lo:m.open].rstrip()
    if not before.endswith(":") or _para_of(text, m.open) - _para_of(text, lo + len(before)) > 1:
        return None
    c = _tok_at(sp, lo + len(before) - 1)
    if c is None or sp[c].text != ":" or qidx[c] >= 0:
        return None
    root = sp[c].sent.root
    if root.i > c or qidx[root.i] >= 0 or root.pos_ != "VERB" or root.lemma_ == "be" or \
            _para_of(text, root.idx) != _para_of(text, sp[c].idx):
        return None
    if subject_of(root) is None:
        return None
    spk = _speaker_from(sp, text, entities, root, qidx)
    if spk is None:
        return None
    return _Attr(_cue_span(sp, root), spk, root.i)


def _colon_lead(sp: Any, text: str, para_start: int, limit: int, entities: Any
                ) -> _Attr | None:
    """A paragraph that opens "Name: ..." (headlines, interview transcripts)."""
    head_end = text.find(":", para_start, limit)
    if head_end < 0 or text[head_end + 1:head_end + 2] not in (" ", "\u00a0", "\n"):
        return None
    lead = text[para_start:head_end]
    words = lead.split()
    if not 0 < len(words) <= LEAD_WORDS or not lead[:1].isupper() or any(
            ch.isdigit() for ch in lead):
        return None
    span = sp.char_span(para_start, head_end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    if any(t.pos_ in ("VERB", "AUX", "ADP", "SCONJ") and not t.text[:1].isupper() for t in span):
        return None
    names = [t for t in span if t.pos_ in ("PROPN", "NOUN", "PRON")]
    if not names:
        return None
    head = names[-1]
    # "Editor's note:", "For instance:": a label or a lead-in, not someone
    if not head.text[:1].isupper() or span[0].pos_ == "ADP":
        return None
    s, e = span.start_char, span.end_char
    spk = speaker_for(text, entities, s, e, (head.idx, head.idx + len(head.text)))
    return _Attr(Span(head_end, head_end + 1, ":"), spk, -1)


def _colon_paragraphs(sp: Any, text: str, entities: Any, taken: list[tuple[int, int]],
                      marks: list[Marked]) -> list[Quote]:
    """Reported content of "Name: ..." paragraphs with no quotation marks around it."""
    out = []
    for m in re.finditer(r"(?m)^[^\n:]{1,80}:", text):
        att = _colon_lead(sp, text, m.start(), m.end(), entities)
        if att is None:
            continue
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        s, e = m.end(), end
        while s < e and text[s].isspace():
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in "."):
            e -= 1
        if e - s < 3 or any(lo < e and s < hi for lo, hi in taken):
            continue
        body = sp.char_span(s, e, alignment_mode="expand")
        # a claim, not a label or a figure ("Clinton: 1,769", "The Ninth Circle: A View")
        if body is None or _word_count(text, s, e) < 3 or not any(
                t.pos_ in ("VERB", "AUX") for t in body):
            continue
        out.append(Quote(_kind(text, marks, s, e), text[s:e], s, e, att.speaker, att.cue.text,
                         att.cue))
    return out


def _trim_chars(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and (text[e - 1].isspace() or text[e - 1] in _TRAIL + "."):
        e -= 1
    return s, e


def _kind(text: str, marks: list[Marked], s: int, e: int) -> str:
    outside = _unquoted_words(text, marks, s, e)
    if not outside:
        return "direct"
    return "mixed" if outside < _word_count(text, s, e) else "indirect"


# ---------------------------------------------------------------------------- pass 2
def _word_count(text: str, s: int, e: int) -> int:
    return sum(1 for _ in _WORD.finditer(text, s, e))


def _unquoted_words(text: str, marks: list[Marked], s: int, e: int) -> int:
    """Words of text[s:e] outside quotation marks (a complement with none is direct)."""
    n = 0
    for w in _WORD.finditer(text, s, e):
        if not any(m.open <= w.start() < m.close for m in marks):
            n += 1
    return n


def extract(sp: Any, text: str, entities: Any = ()) -> list[Quote]:
    marks = find_quotations(text)
    qidx = _quote_index(sp, marks)
    out: list[Quote] = []
    used_cues: set[int] = set()
    taken: list[tuple[int, int]] = []         # character ranges already attributed

    orphans: list[int] = []
    for k, m in enumerate(marks):
        if not _is_full(text, sp, m, qidx) or _title_like(text, m):
            continue
        att = _attribute_full(sp, text, entities, marks, k, qidx)
        if att is None:
            orphans.append(k)
            continue
        used_cues.add(att.cue_tok)
        lead = _lead_in(sp, marks, k, att.cue_tok, qidx)
        if lead is not None:
            s, e = lead, m.close
            out.append(Quote("mixed", text[s:e], s, e, att.speaker, att.cue.text, att.cue))
            taken.append((s, e))
            continue
        out.append(Quote("direct", text[m.start:m.end], m.start, m.end, att.speaker,
                         att.cue.text, att.cue))
        taken.append((m.open, m.close))

    # cue-first: reported and mixed speech
    found: list[tuple[int, int, Quote]] = []
    for tok, cls in iter_cues(sp):
        if tok.i in used_cues or qidx[tok.i] >= 0:
            continue
        if not cls & {"speech", "belief", "according"}:
            continue
        if is_according(tok):
            rng = _according_content(sp, tok)
        elif "belief" in cls and "speech" not in cls:
            rng = content_tokens(tok, frozenset())
        else:
            rng = content_tokens(tok, cls)
        if rng is None:
            found += _parenthetical(sp, text, entities, marks, taken, tok, qidx)
            continue
        i, j = rng
        if j <= i:
            continue
        if i > tok.i and not is_according(tok):
            j = _run_on(sp, qidx, tok, i, _quoted_tail(sp, marks, qidx, taken, tok, j))
        spk = _speaker_from(sp, text, entities, tok, qidx)
        if spk is None:
            # "Asked whether ...", "It was reported that ...": a reported clause whose
            # source the sentence does not name
            if not any(c.dep_ == "ccomp" for c in tok.children) or not (
                    tok.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in tok.children)):
                continue
            spk = Speaker()
        q = _reported(sp, text, marks, taken, tok, i, j, spk, _cue_span(sp, tok))
        if q is not None:
            found.append((q.start, q.end, q))
            rest = _according_rest(sp, tok) if is_according(tok) else None
            if rest is not None:
                q2 = _reported(sp, text, marks, taken, tok, *rest, spk, q.cue_span)
                if q2 is not None:
                    found.append((q2.start, q2.end, q2))

    for tok, (i, j), src in noun_cues(sp):
        if qidx[tok.i] >= 0:
            continue
        spk = _speaker_at(sp, text, entities, src, qidx)
        if spk is None:
            continue
        q = _reported(sp, text, marks, taken, tok, i, j, spk, Span(
            tok.idx, tok.idx + len(tok.text), tok.text))
        if q is not None:
            found.append((q.start, q.end, q))

    for q in _colon_paragraphs(sp, text, entities, taken, marks):
        found.append((q.start, q.end, q))

    # a cue inside another attribution's content belongs to that content -- except in a
    # "Name: ..." paragraph, a turn of a transcript, whose own reported speech ("A: I think
    # the senator will run") is attributed as well
    for s, e, q in found:
        cs = q.cue_span
        if cs and any(s2 <= cs.start < e2 and (s2, e2) != (s, e) and q2.cue != ":"
                      for s2, e2, q2 in found):
            continue
        out.append(q)
    out.sort(key=lambda q: (q.start, q.end))
    out = _continue(sp, text, marks, orphans, out, qidx)
    used_cues |= {_tok_at(sp, q.cue_span.start) for q in out if q.cue_span}
    out += _partial(sp, text, entities, marks, qidx, out, used_cues)
    out.sort(key=lambda q: (q.start, q.end))
    # a speaker is an actor or a description of one: never a thing, a heading, a place or
    # the one a question was put to ("X was asked whether ...")
    return check_speakers(sp, text, entities, out)


def _quoted_tail(sp: Any, marks: list[Marked], qidx: list[int], taken: list[tuple[int, int]],
                 tok: Any, j: int) -> int:
    """End of a content that runs on into quoted words the parse hung elsewhere.

    "accused him of buying influence 'in a pattern of sleaze'", "said he was not advocating
    violence, only a 'loud voice'": the quoted words after the complement are still what the
    speaker is reported to have said, though the parser attaches them to the cue or cuts them
    off as an aside. The content runs to the last such quotation in the sentence, unless
    another cue, a quotation already attributed or a line break comes first.
    """
    sent_end = tok.sent.end
    end = j
    k = j
    while k < sent_end:
        t = sp[k]
        if "\n" in t.text_with_ws:
            break
        q = qidx[k]
        if q < 0:
            if classes_of(t) or is_according(t) or t.text == ";":
                break
            k += 1
            continue
        m = marks[q]
        if any(lo < m.close and m.open < hi for lo, hi in taken):
            break
        while k < sent_end and qidx[k] == q:
            k += 1
        end = k
    return end


# Prepositions that, hung on the cue, place the act of saying ("said it in an interview",
# "on Tuesday", "at a rally", "to reporters") rather than continue what was said
EVENT_PREPS = {"in", "on", "at", "to", "during", "after", "before", "with", "via", "through",
               "while", "from", "by", "since", "over", "amid"}

# Words that, right after a quotation, go back to the writer's narration ("chanted 'X' until
# she spoke up", "promises to 'stop them' while clips play")
NARRATION_LINKS = {"until", "while", "when", "as", "after", "before", "since", "once",
                   "whereas", "though", "although", "with"}


def _run_on(sp: Any, qidx: list[int], tok: Any, i: int, j: int) -> int:
    """End of a content that closes on a quotation mark but whose phrase goes on.

    "called the report a 'rush to judgment' because delegates can still change", "ordered
    his team to 'stand down' rather than move in", "criticized the 'identity politics' on
    display in the race": words that follow the closing mark with no comma and hang on the
    content (or on the cue, where the parser puts such modifiers) finish the reported phrase.
    """
    if j <= i or j >= len(sp) or qidx[j - 1] < 0 or not (sp[j - 1].is_quote or
                                                         sp[j - 1].text in QUOTE_TOKENS):
        return j
    t = sp[j]
    if t.lower_ in NARRATION_LINKS or quoted_predicate_end(sp, i, j + 1) == j:
        return j        # "a 'costly mess' during a stop in Ohio": when it was said
    if (t.is_punct or t.is_space or qidx[t.i] >= 0 or "\n" in sp[j - 1].text_with_ws
            or t.sent.start != sp[j - 1].sent.start or classes_of(t) or is_according(t)
            or t.dep_ in ("cc", "conj", "nsubj", "nsubjpass", "ROOT")
            or t.pos_ in ("VERB", "AUX", "PROPN", "PRON", "NOUN")):
        return j
    # the phrase that t opens: climb to the word hung on the content or on the cue
    c = t
    for _ in range(20):
        if c.head.i == tok.i or i <= c.head.i < j or c.head is c:
            break
        c = c.head
    if c.head is c or c.left_edge.i < j or c.dep_ in ("conj", "cc") or c.ent_type_ in (
            "DATE", "TIME"):
        return j
    if c.head.i == tok.i and (c.dep_ == "prep" and c.lower_ in EVENT_PREPS or c.dep_ in (
            "npadvmod", "agent", "dative")):
        return j
    end = c.right_edge.i + 1
    # never past a line break, another cue or the sentence
    for k in range(j, end):
        if "\n" in sp[k].text_with_ws and k + 1 < end or k > j and (
                classes_of(sp[k]) or is_according(sp[k])):
            return j
    return min(end, t.sent.end)


def _parenthetical(sp: Any, text: str, entities: Any, marks: list[Marked],
                   taken: list[tuple[int, int]], tok: Any, qidx: list[int]
                   ) -> list[tuple[int, int, Quote]]:
    """A cue set off by commas inside the clause it reports: "This plan, he says, is new."

    The content is the clause around the cue, in two parts (like a quotation split by its
    attribution): two Quotes with the same speaker and cue.
    """
    head = tok.head
    if tok.dep_ != "parataxis" or head.i <= tok.i or qidx[head.i] >= 0:
        return []
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    # the commas around the cue may hang on it
    while lo < tok.i and sp[lo].is_punct:
        lo += 1
    while hi > tok.i + 1 and sp[hi - 1].is_punct:
        hi -= 1
    if lo == 0 or sp[lo - 1].text not in (",", "—", "–") or hi >= len(sp) or sp[hi].text not in (
            ",", "—", "–"):
        return []
    first = head.left_edge.i
    if first >= lo - 1:
        return []
    spk = _speaker_from(sp, text, entities, tok, qidx)
    if spk is None:
        return []
    cue = _cue_span(sp, tok)
    out = []
    for i, j in ((first, lo), (hi + 1, clause_end(head))):
        if j <= i:
            return []
        q = _reported(sp, text, marks, taken, tok, i, j, spk, cue)
        if q is None:
            return []
        out.append((q.start, q.end, q))
    return out


def _reported(sp: Any, text: str, marks: list[Marked], taken: list[tuple[int, int]], tok: Any,
              i: int, j: int, spk: Speaker, cue: Span) -> Quote | None:
    """The Quote for content tokens [i, j) of cue ``tok``, or None when it cannot stand."""
    s, e = _char_span(sp, i, j)
    # the parser runs over paragraph breaks; reported content stays in the cue's paragraph
    lo, hi = _para_bounds(text, tok.idx)
    s, e = _trim_chars(text, max(s, lo), min(e, hi))
    if e <= s:
        return None
    for mm in marks:
        if mm.open < e and s < mm.close:
            s, e = min(s, mm.open), max(e, mm.close)
    if any(lo < e and s < hi for lo, hi in taken):
        return None
    if spk.mention and s <= spk.mention.start < e:
        return None
    outside = _unquoted_words(text, marks, s, e)
    inner = [mm for mm in marks if s <= mm.open and mm.close <= e + 1]
    if not outside and len(inner) == 1:
        s, e = inner[0].start, inner[0].end
        kind = "direct"
    elif outside < _word_count(text, s, e):
        kind = "mixed"
    else:
        kind = "indirect"
    return Quote(kind, text[s:e], s, e, spk, cue.text, cue)


def _partial(sp: Any, text: str, entities: Any, marks: list[Marked], qidx: list[int],
             have: list[Quote], used: set[int | None]) -> list[Quote]:
    """Partial quotations that the parse left outside any complement.

    "She called his actions 'a crucial step'", "calls her 'an intelligent woman'": the
    parser often hangs the quoted words on the object instead of giving the verb a clause, so
    the complement rule misses them. A partial quotation not yet inside any attribution takes
    the nearest free reporting verb before it in its sentence; the content runs from that verb
    to the end of the last such quotation in the sentence. Without a verb it is a scare quote
    or a title and is not a quote.
    """
    out: list[Quote] = []
    by_cue: dict[int, list[Marked]] = {}
    for k, m in enumerate(marks):
        if any(q.start - 1 <= m.start and m.end <= q.end + 1 for q in have):
            continue
        first = _tok_at(sp, m.open)
        if first is None:
            continue
        sent = sp[first].sent
        para_lo = _para_bounds(text, m.open)[0]
        for t in reversed(sp[sent.start:first]):
            if t.idx < para_lo:
                break
            if qidx[t.i] >= 0 or t.i in used:
                continue
            cls = classes_of(t)
            if cls & {"speech", "belief"} or _quoted_as(t, first) or "frame" in cls and (
                    t.i + 1 == first and sp[first].text in QUOTE_TOKENS):
                # ('chanted "What curfew?"': a verb that frames a quotation right after it)
                by_cue.setdefault(t.i, []).append(m)
                break
    for ti, ms in by_cue.items():
        tok = sp[ti]
        spk = _speaker_from(sp, text, entities, tok, qidx)
        if spk is None:
            continue
        cue = _cue_span(sp, tok)
        s = cue.end
        first = _tok_at(sp, ms[0].open)
        if first is not None and not classes_of(tok) and sp[tok.i + 1].dep_ == "prep":
            s = sp[tok.i + 1].idx + len(sp[tok.i + 1].text)   # "gone after [Ward as a ...]"
        for c in tok.children:
            # "telling customers that 'I need you'": the content is the clause, not the addressee
            if c.dep_ == "ccomp" and cue.end <= c.left_edge.idx <= ms[0].open:
                s = c.left_edge.idx
        if first is not None and first > tok.i and s == cue.end:
            # "tweeted in the early hours that X was 'a fraud'", "told an aide on a regular
            # basis that 'patience is the answer'": the content opens at its "that", whatever
            # the parser hung the clause on; the time and the addressee are the cue's
            for t in sp[tok.i + 1:first]:
                if t.lower_ == "that" and t.dep_ == "mark" and qidx[t.i] < 0:
                    s = t.idx
                    break
        while s < len(text) and (text[s].isspace() or text[s] in ",:"):
            s += 1
        e = max(m.close for m in ms)
        for c in tok.children:
            if first is not None and c.i > tok.i and c.left_edge.i <= first <= c.right_edge.i:
                ce = quoted_predicate_end(sp, c.left_edge.i, clause_end(c))
                if ce > c.left_edge.i:
                    e = max(e, sp[ce - 1].idx + len(sp[ce - 1].text))
        after = _tok_at(sp, e)
        if after is not None and first is not None and first > tok.i:
            more = _run_on(sp, qidx, tok, tok.i + 1, after)
            if more > after:
                e = sp[more - 1].idx + len(sp[more - 1].text)
                after = more
        if after is not None:
            more = continued_end(tok, after)
            if more > after:
                e = max(e, sp[more - 1].idx + len(sp[more - 1].text))
        s, e = _trim_chars(text, s, e)
        if e <= s or (spk.mention and s <= spk.mention.start < e):
            continue
        kind = _kind(text, marks, s, e)
        if kind == "direct" and len(ms) == 1:
            s, e = ms[0].start, ms[0].end
        out.append(Quote(kind, text[s:e], s, e, spk, cue.text, cue))
    return out


def _quoted_as(verb: Any, first: int) -> bool:
    """The verb casts its object "as" the quoted words: "has been pounding Ward as a 'con
    artist'", "openly admires him as a 'strong leader'". Whatever the verb, the quoted
    predicate is what its subject called the object, so the verb is the cue."""
    if verb.pos_ != "VERB" or any(classes_of(a) & {"speech", "belief"} for a in verb.ancestors):
        return False        # "hailed the vote to leave X as 'fantastic'": the cue is "hailed"
    if not any(
            c.i > verb.i and (c.dep_ == "dobj" or c.dep_ == "prep" and c.i == verb.i + 1 and any(
                g.dep_ == "pobj" for g in c.children)) for c in verb.children):
        return False        # an object: "pounding Ward", "gone after Ward"
    return any(c.dep_ == "prep" and c.lower_ == "as" and c.i < first <= c.right_edge.i
               for c in verb.children)


_TITLE_SMALL = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "with", "for", "at",
                "by", "from", "de", "la", "vs"}


def _title_like(text: str, m: Marked) -> bool:
    """A title in quotation marks ("The Late Show With Stephen Colbert," "Guardians of the
    Galaxy"): a few words, every one capitalised but the small ones, without the closing
    punctuation of a sentence. Words someone said are not written so."""
    body = text[m.start:m.end]
    words = _WORD.findall(body)
    if not 2 <= len(words) <= 8 or body.rstrip("”\"’' ").rstrip()[-1:] in ".!?…":
        return False
    caps = [w for w in words if w.casefold() not in _TITLE_SMALL]
    # a line in capitals is a shout or a heading, not a title: left to the other rules
    return bool(caps) and all(w[:1].isupper() or w[:1].isdigit() for w in caps) and \
        not all(w.isupper() for w in caps if len(w) > 1)


_GOES_ON = re.compile(r"[ \t]*[a-z(]")


def _named_term(text: str, m: Marked) -> bool:
    """A quoted name or term rather than words someone said: a word or two with no
    closing punctuation of their own ('MSNBC's "Morning Joe," where ...'), or a phrase the
    writer's sentence runs on from ('"Spanish" should only be used ...')."""
    words = _word_count(text, m.start, m.end)
    last = text[m.start:m.end].rstrip("”\"’'").rstrip()[-1:]
    if last in (".", "!", "?", "…"):
        return False
    if words <= 2:
        return True
    # no punctuation of its own and the sentence runs on: a phrase of the writer's sentence
    return last not in (",", ";", ":", "—", "-") and m.closed and \
        bool(_GOES_ON.match(text, m.close)) and words <= 6


def _continue(sp: Any, text: str, marks: list[Marked], orphans: list[int], out: list[Quote],
              qidx: list[int]) -> list[Quote]:
    """Give a cue-less full quotation the voice of the attribution just before it.

    News runs one speaker's words on: '"A," she said. "B."' and the paragraphs after it that
    open with a quotation mark. The quotation continues the latest attribution ending before it,
    in the same or the previous paragraph, when no other cue stands between them.
    """
    for k in orphans:
        m = marks[k]
        if _named_term(text, m):
            continue
        before = [q for q in out if q.end <= m.open]
        if not before:
            continue
        last = max(before, key=lambda q: q.end)
        if _para_of(text, m.open) - _para_of(text, last.end) > 1:
            continue
        gap = sp.char_span(last.end, m.open, alignment_mode="expand")
        cue_at = last.cue_span.start if last.cue_span else -1
        # another cue in between starts another voice -- unless it hangs on this cue
        # ('," said Mr. Ek, who noted ...', '," Clinton said, recalling ...')
        if gap is not None and any(
                qidx[t.i] < 0 and t.idx != cue_at and (classes_of(t) or is_according(t))
                and not any(a.idx == cue_at for a in t.ancestors)
                for t in gap):
            continue
        if last.kind == "indirect":
            # after reported speech the quotation is the same voice but a new attribution,
            # with no cue of its own
            q = Quote("direct", text[m.start:m.end], m.start, m.end, last.speaker)
        else:
            q = Quote("direct", text[m.start:m.end], m.start, m.end, last.speaker, last.cue,
                      last.cue_span)
        out.append(q)
        out.sort(key=lambda q: (q.start, q.end))
    return out


def _according_rest(sp: Any, tok: Any) -> tuple[int, int] | None:
    """The second part of a clause that "according to X" interrupts.

    "Other cleavages, according to the poll, include age and income": the phrase stands
    between the subject and the predicate, so the content is both sides of it (two Quotes with
    one cue, like a quotation split by its attribution).
    """
    to = sp[tok.i + 1]
    phrase_hi = max(tok.right_edge.i, to.right_edge.i) + 1
    sent = tok.sent
    if tok.i - sent.start <= 1 or sp[tok.i - 1].text != "," or phrase_hi >= sent.end - 1 or \
            sp[phrase_hi].text != ",":
        return None
    if not any(t.is_alpha for t in sp[phrase_hi + 1:sent.end]):
        return None
    return phrase_hi + 1, sent.end


def _according_content(sp: Any, tok: Any) -> tuple[int, int] | None:
    """The clause that "according to X" qualifies, without the phrase itself."""
    phrase_lo, phrase_hi = tok.i, tok.right_edge.i + 1
    to = sp[tok.i + 1]
    phrase_hi = max(phrase_hi, to.right_edge.i + 1)
    sent = tok.sent
    if phrase_lo - sent.start <= 1:                # "According to X, <clause>."
        return phrase_hi, sent.end
    return sent.start, phrase_lo                   # "<clause>, according to X."


