"""Actor component: a PERSON is a person.

The tagger marks as PERSON many capitalised words that are not people: headline words
("Obama Calls"), places and constituencies ("Glasgow", "Leeds Central"), streets and
buildings ("Wilmslow Road"), bodies and programmes ("Fostering Network", "Westminster
Hour"), parties ("Lib Dems"), codes ("G8", "BAA"). After the vote, each surface form the
vote made PERSON is checked:

* **what it is not**: a digit, an all-capitals code, a lower-case hyphen suffix
  ("Bush-style"), a last word that heads names of places or bodies
  (``data/non_person_words.txt``: "Road", "Hour", "Network"), a compass word beside a
  place ("Nottingham North"); the first four are overruled by a known first name
  ("Barbara Castle", "Damian Green");
* **a place the gazetteer knows** ("Glasgow", "Lib Dems") is that place unless the document
  gives it person evidence;
* **a single word needs person evidence** somewhere in the document: an honorific or a
  title right before it ("Lord Falconer", "President Musharraf"), being part of a person's
  full name there, or being a known first name not preceded by a determiner ("Harry",
  not "the Bill");
* **a name seen only in title-case headline lines** whose shorter form is a person in the
  running text is that shorter form ("Obama Calls" -> "Obama"); with none, and no known
  first name, it is a headline phrase ("Momentum Slows"), not a person.

* **what the words around it say**, for a name with no person evidence and no known first
  name: after a preposition of place ("in Melton Mowbray", "on George Street"), before a
  common noun ("the Pop Idol format"), after "a group known as", beside a common noun
  ("yoga and Tai Chi"), a lone word in quotation marks, all its words titles ("Labour MP");
* **words before the name that are not part of it** go first: a sentence word ("Vote
  Blair") or a description before a first name ("Backbencher Stephen Pound").

A form that is not a person takes the label the tagger gave it elsewhere (ORG, GPE, ...),
else the kind its head word says, else it is no actor. Then state words inside a person's
name are part of the name ("Mark Cuban"), as before.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from ..names import name_key
from . import lexicon
from . import roles as R
from .actor_state import ActorState, Cand, headline_test, lookup_place, state_tokens

DATA = Path(__file__).resolve().parent / "data" / "non_person_words.txt"
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our",
                "his", "her", "my", "your", "every", "each", "no", "any"}
# English suffixes that make an adjective of a name ("Tae-yul", "Jong-un" are names)
_SUFFIX = re.compile(r"-(?:style|era|led|backed|like|type|based|owned|inspired|linked|"
                     r"esque|ite|ites|ism|ist|ists|ian|supporting|leaning|friendly)$")
_PLACE_KINDS = {"city", "region", "country", "alias", "capital", "area", "party", "group",
                "agency", "seat", "igo", "ngo"}


@lru_cache(maxsize=1)
def _words() -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for line in DATA.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        kind, _, words = line.partition(":")
        out[kind.strip()].update(w.strip().lower() for w in words.split() if w.strip())
    return dict(out)


def head_kind(word: str) -> str | None:
    """"place" / "org" when ``word`` heads names of places or bodies, else None."""
    w = word.lower().strip(".")
    for kind in ("place", "org"):
        if w in _words().get(kind, ()):
            return kind
    return None


def _is_code(surface: str) -> bool:
    letters = [ch for ch in surface if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _caps_line(text: str, pos: int) -> bool:
    """Is the line holding ``pos`` written in capitals (a heading)?"""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    line = text[ls:le if le >= 0 else len(text)]
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) > 12 and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)


def not_a_name(surface: str, words: list[str]) -> str | None:
    """Why a surface form cannot be a person's name ("digit", "suffix", "code", "head",
    "compass"), or None."""
    if any(ch.isdigit() for ch in surface):
        return "digit"
    if _SUFFIX.search(surface):
        return "suffix"                      # "George Bush-style", "Blair-led"
    if _is_code(surface):
        return "code"
    if len(words) >= 2 and head_kind(words[-1]):
        return "head"
    if len(words) >= 2 and R.canonical_title([words[-1]]) is not None \
            and not lexicon.is_first_name(words[0]):
        return "title"                       # "Roman Catholic Archbishop"
    if len(words) >= 2:
        compass = _words().get("compass", set())
        if words[0].lower() in compass and not lexicon.is_first_name(words[1]):
            return "compass"                 # "North Hykeham"
        if len(words) == 2 and words[1].lower() in compass \
                and not lexicon.is_first_name(words[0]):
            return "compass"                 # "Bolton West"
        if any(w.lower() in compass for w in words[1:]):
            others = [w for w in words if w.lower() not in compass]
            if others and lookup_place(" ".join(others)) is not None:
                return "compass"             # "Nottingham North", "Surrey South West"
    return None


def person_filter(st: ActorState) -> None:
    sp, text = st.sp, st.text
    loose = headline_test(text)

    def headline(pos: int) -> bool:
        # stricter than the naming test: a short title-case line with no closing stop
        if not loose(pos):
            return False
        ls = text.rfind("\n", 0, pos) + 1
        le = text.find("\n", pos)
        line = text[ls:le if le >= 0 else len(text)].rstrip()
        return len(line.split()) <= 16 and not line.endswith((".", '"', "\u201d", "?", "!"))

    # lower-case words of the running text: a capitalised one of them opening a name is a
    # word of the sentence ("Get Brown", "Vote Blair", "Across Wales")
    common = {t.lower_ for t in sp if t.is_lower and t.is_alpha and t.pos_ != "PROPN"}
    for c in st.cands:
        if c.label == "PERSON" and c.b - c.a == len(c.key) >= 2:
            _trim(sp, c, common)
    cands = st.cands
    by_key: dict[tuple, list[Cand]] = defaultdict(list)
    for c in cands:
        by_key[c.key].append(c)
    person_keys = {c.key for c in cands if c.label == "PERSON"}

    def evidence(c: Cand) -> bool:
        if c.gender:
            return True
        if c.a > 0:
            prev = sp[c.a - 1]
            # an honorific or a title, not a qualifier alone ("a former Eton pupil")
            if prev.text[:1].isalpha() and (R.honorific_gender(prev.text)[0]
                                            or (R.is_role_word(prev.text)
                                                and not R.qualifier(prev.text)[0])):
                return prev.text[:1].isupper() or prev.lower_ not in _DETERMINERS
        return False

    def bare_first_name(c: Cand) -> bool:
        """A first name standing as a name: not after a determiner ("the Bill") nor glued
        to a capitalised word before it ("the Identity Cards Bill")."""
        if c.a == 0:
            return True
        prev = sp[c.a - 1]
        if prev.pos_ == "ADJ" and c.a > 1 and sp[c.a - 2].lower_ in _DETERMINERS:
            return False                # "the average Bobby"
        return prev.lower_ not in _DETERMINERS and not (prev.text[:1].isupper()
                                                        and prev.is_alpha
                                                        and not prev.is_sent_start)

    longer: set[tuple] = set()
    for k in person_keys:
        for n in range(1, len(k)):
            for i in range(len(k) - n + 1):
                longer.add(k[i:i + n])
    drop: set[tuple] = set()
    relabel: dict[tuple, str] = {}
    rekey: dict[int, tuple[int, int]] = {}      # id(cand) -> new token range
    for k in sorted(person_keys):
        occ = by_key[k]
        first = occ[0]
        surface = text[first.start:first.end]
        words = surface.split()
        strong = any(evidence(c) for c in occ) or k in longer
        why = not_a_name(surface, words)
        if why == "code" and all(_caps_line(text, c.start) for c in occ):
            why = None                  # a heading in capitals: its names are capitals too
        if why is None and all(c.b < len(sp) and sp[c.b].lower_.lstrip("-") == "style"
                               for c in occ):
            why = "suffix"              # "a Pop Idol style contest"
        if why is None and not strong and not lexicon.is_first_name(words[0]):
            why = _context_says_not(sp, occ)
        if why is None and not strong and len(words) >= 2 \
                and words[-1].lower() in _STREET_HEADS \
                and any(c.a > 0 and sp[c.a - 1].lower_ in _LOCATIVE for c in occ):
            why = "place_context"       # "on George Street"
        if why is None and len(k) == 1 and all(_quoted_alone(text, c) for c in occ):
            why = "quoted"              # a word called by its name: women called "Betty"
        if why is None and all(R.is_role_word(w) or R.is_role_word(w.rstrip("s"))
                               or lookup_place(w) is not None for w in words):
            why = "title"               # "MPs", "Labour MP"
        if why is None and not strong:
            place = lookup_place(surface)
            if place is not None and place.kind in _PLACE_KINDS:
                why = "place"           # "Glasgow", "Lib Dems"
            elif len(words) >= 2 and not lexicon.is_first_name(words[0]):
                lead = lookup_place(words[0])
                if lead is not None and lead.kind in ("city", "region", "capital", "country"):
                    why = "compass"     # a constituency: "Manchester Gorton"
        if why is None and len(k) >= 2 and not strong and not lexicon.is_first_name(words[0]) \
                and all(c.b - c.a == len(k) for c in occ) \
                and any(sp[i].pos_ in ("VERB", "AUX") for c in occ for i in range(c.a, c.b)):
            why = "verb"                # "Momentum Slows"
        if why is None and len(k) == 1 and not strong:
            if not (lexicon.is_first_name(surface) and any(bare_first_name(c) for c in occ)):
                why = "evidence"
        if why is None and len(k) >= 2 and all(headline(c.start) for c in occ):
            # "Obama Calls": a shorter form that is a person in running text
            sub = _sub_person(k, person_keys, by_key, headline)
            if sub is not None:
                if all(c.b - c.a == len(k) for c in occ):
                    for c in occ:
                        extra = sp[c.a] if sub[0] == 1 else sp[c.b - 1]
                        if extra.lower_ in common or extra.pos_ not in ("PROPN", "NOUN"):
                            lo = c.a + sub[0]
                            rekey[id(c)] = (lo, lo + sub[1] - sub[0])
                continue
            if not lexicon.is_first_name(words[0]) and not strong:
                why = "headline"
        if why is None:
            continue
        if why == "place":
            relabel[k] = "PLACE"
            continue
        kind = head_kind(words[-1]) if words else None
        if why in ("compass", "place_context") or kind == "place":
            relabel[k] = "FAC"
        elif kind == "org":
            relabel[k] = "ORG"
        else:
            drop.add(k)
    out: list[Cand] = []
    places = list(st.places)
    for c in cands:
        if c.key in drop:
            continue
        if id(c) in rekey:
            _set_range(sp, c, *rekey[id(c)])
        lab = relabel.get(c.key)
        if lab == "PLACE":
            place = lookup_place(text[c.start:c.end])
            places.append(Cand(c.start, c.end, c.a, c.b, "PLACE", place=place))
            continue
        if lab:
            c.label = lab
        out.append(c)
    places.sort(key=lambda c: c.start)
    # a state word inside a person's name is part of the name ("Mark Cuban", "Jack English")
    pspans = sorted((c.start, c.end) for c in out if c.label == "PERSON")
    pstarts = [p[0] for p in pspans]

    def in_person(s: int, e: int) -> bool:
        k = bisect.bisect_left(pstarts, e) - 1
        while k >= 0 and pspans[k][1] > s - 200:
            if pspans[k][0] < e and s < pspans[k][1]:
                return True
            k -= 1
        return False

    if pspans:
        places = [c for c in places if not in_person(c.start, c.end)]
    st.cands = out
    st.places = places
    st.places_at_tok = state_tokens(sp, places)


# Prepositions of place: "in Melton Mowbray", "on George Street"
_LOCATIVE = {"in", "at", "near", "outside", "inside", "on", "off", "along", "opposite"}
# Heads of street and building names that are also surnames ("Andy Street", "Stuart
# Hall"): a place only after a preposition of place
_STREET_HEADS = {"street", "lane", "way", "row", "close", "drive", "hill", "green", "park",
                 "gate", "bridge", "house", "hall", "court", "road"}


def _context_says_not(sp, occ: list[Cand]) -> str | None:
    """What the words around every occurrence of a name without person evidence say it
    is: a place after a preposition of place, a modifier of a common noun ("the Pop Idol
    format"), something named by a body's noun ("a group known as ..."), one of a list of
    common nouns ("yoga and Tai Chi")."""
    if all(c.a > 0 and sp[c.a - 1].lower_ in _LOCATIVE for c in occ):
        return "place_context"
    if all(c.b < len(sp) and sp[c.b].is_lower and sp[c.b].pos_ == "NOUN" for c in occ) \
            and all(c.b - c.a >= 2 for c in occ):
        return "modifier"
    for c in occ:
        j = c.a
        if j >= 2 and sp[j - 1].lower_ == "as" and sp[j - 2].lower_ == "known":
            j -= 2
        elif j >= 1 and sp[j - 1].lower_ in ("called", "named", "dubbed"):
            j -= 1
        else:
            continue
        if j >= 1 and head_kind(sp[j - 1].text):
            return "named"
    for c in occ:
        root = sp[c.b - 1]
        linked = [root.head] if root.dep_ == "conj" else []
        linked += [ch for ch in root.children if ch.dep_ == "conj"]
        if any(t.is_lower and t.pos_ == "NOUN" for t in linked):
            return "listed"
    return None


_QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019"


def _quoted_alone(text: str, c: Cand) -> bool:
    return c.start > 0 and c.end < len(text) and text[c.start - 1] in _QUOTE_CHARS \
        and text[c.end] in _QUOTE_CHARS + ".,"  and text[c.end:c.end + 1] != "" and (
            text[c.end] in _QUOTE_CHARS or text[c.end + 1:c.end + 2] in _QUOTE_CHARS)


def _set_range(sp, c: Cand, a: int, b: int) -> None:
    c.a, c.b = a, b
    c.start, c.end = sp[a].idx, sp[b - 1].idx + len(sp[b - 1].text)
    c.key = name_key([t.text for t in sp[a:b]])


def _trim(sp, c: Cand, common: set[str]) -> None:
    """Words before a person's name that are not part of it: a sentence word the text
    writes in lower case elsewhere ("Vote Blair"), or a description before a first name
    ("Backbencher Stephen Pound", "Unison Dave Prentis")."""
    words = [t.text for t in sp[c.a:c.b]]
    if lexicon.is_first_name(words[0]):
        return
    if (words[0].lower() in common or sp[c.a].pos_ == "VERB") \
            and words[0].lower() not in _words().get("compass", ()):
        _set_range(sp, c, c.a + 1, c.b)
        return
    for i in (1, 2):
        if i < len(words) - 1 and lexicon.is_first_name(words[i]) \
                and not any(lexicon.is_first_name(w) for w in words[:i]):
            _set_range(sp, c, c.a + i, c.b)
            return


def _sub_person(k: tuple, person_keys: set, by_key: dict, headline) -> tuple[int, int] | None:
    """The word range of ``k`` (dropping its first or last word) that is a person named in
    running text, if one is."""
    for lo, hi in ((0, len(k) - 1), (1, len(k))):
        sub = k[lo:hi]
        if sub in person_keys and any(not headline(c.start) for c in by_key[sub]):
            return lo, hi
        # the shorter form may only be part of a full name in the text ("Obama" in
        # "Barack Obama")
        if len(sub) == 1 and any(sub[0] in pk and len(pk) > 1 and
                                 any(not headline(c.start) for c in by_key[pk])
                                 for pk in person_keys if pk != k):
            return lo, hi
    return None
