"""Events: who did what to whom, when and where, coded in CAMEO and PLOVER, with its sentence.

A pure per-document stage over the parse (``nlp``), the actors with their coreference
mentions (``entities``), the time expressions (``times``) and the quotes (``quotes``).

**Predicates.** Every verb the lexicon (``event_lexicon``, built from PETRARCH2's CAMEO
dictionary plus our own additions) codes, and every eventive noun ("visit", "talks",
"abduction", "sanctions", "return"), is a candidate. A verb's code comes from its most
specific pattern over its subject (words before it) and its objects and complements (words
after it); else its default. Support verbs ("conduct a test", "hold talks", "embark on a
visit", "reaffirm a willingness") take the code of their eventive object. Heads of intent,
appeal, demand, refusal and threat ("offered to meet", "urged X to free", "refused to
attend", "threatened to strike", "willingness to engage", "calls for talks") compose with
the act in their complement (``event_coding.compose``): an offer to meet is 036, a demand
for a release 1053, a refusal to meet 125.

**Arguments** (``event_args``): the subject is the source and the object (else a
dative, else a to/with/against/on/for phrase, else an actor modifying the object: "praised
Haiti's efforts") the target; in the passive the by-agent is the source. A noun's
possessor, by- and from-phrase are its source ("Koizumi's visit", "abduction by North
Korea", "offers from the United States"), its to/with/against phrase its target; "of"
names the patient of acts done to someone ("the return of five Japanese nationals", "the
abduction of Japanese citizens") and the agent otherwise. Coordinated actors each take
part; reciprocal acts ("met", "talks between A and B", "will work together") go both ways.
An argument without a source of its own inherits the subject of the clause that governs it
(an infinitive, a participle, "during a meeting ..., Trump declared"). A place is the
event's ``location`` when it is where the act happened (in/at/near) and an actor when it
acts ("Pyongyang has exhibited ..."); a place visited is both the target and the location;
a state named as the place of an act with no other target is its target too, as CAMEO
coders do ("protested in Beijing").

**Modality**: ``intended`` for intents, offers and futures ("will", "plan to", "would like
to"), ``hypothetical`` under "could", "might", "may", "would" and "if", ``negated`` for
negation ("did not result in", "no normalization", "has yet to", "failed to"). A refusal
is an event type, not a modality: "would not provide" and "refused to" are CAMEO 12, and
so is a cooperative act withheld until a condition is met ("no normalization until the
issue is resolved", "does not negotiate unless ...") or for the future ("will hold no
talks"): the speaker (else the first side) refuses it to the others, one way.

**Context across clauses**: a relative clause at the place of a visit ("a visit to
Pyongyang, where he met Kim Jong Il") names whom the visit met; a definite eventive noun
("the trip", "this visit") is the event already reported, not a new one, and what it
"resulted in" or "led to" happened then, between the same sides (a release that a visit
brought about is done by the side visited); a release of captives with no agent is done by
whoever took them in the document's abduction or arrest.

**Statements.** Inside a quotation, "I"/"we" and the speaker's own state are the speaker:
"Japan and U.S. will work together" said by Ishiba is Ishiba's intent to cooperate with the
United States. A commitment in the first person ("we will have relations with North
Korea") is an intent (03). A direct quotation in which nothing more specific is coded is a
statement (CAMEO 010) of its speaker, aimed at the first other actor it names; it never
duplicates an event coded inside it.

**Dates**: the time expression of the event's own clause (its own words, then those of the
clause that governs it); else, for an act the article reports as news (a finite verb of a
main clause, a statement, a noun marked "recent"), the publication date -- unless a photo
caption that cleaning removed (a line with a credit, in ``Article.removed``) shows the same
occasion: it names the act's source and a proper name of the occasion that the act's
sentence names, and writes a full date at most a week before publication; that date is
the act's, with ``date_source`` "caption"; else that of the event it results from; else
null. ``date_source`` says which.

Confidence is a heuristic in [0, 1]: higher for a specific pattern than a default code, for
two named actors than one, lower for an actor found through context.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from ..model import Actor, Annotated, Event, Span, TimeExpr
from . import event_lexicon as L
from .event_args import Arg, DocContext
from .event_coding import HEADS, INTENT_ADJ, NOUN_HEADS, compose

log = logging.getLogger(__name__)

__all__ = ["stage", "extract"]

# Verbs whose eventive object is the act, done by their subject.
# heads of intent with an infinitive ("undertook to mediate") that do what a noun object
# names ("undertook a mediation mission", "committed abuses")
DOING_HEADS = {"undertake", "commit"}
SUPPORT_VERBS = {
    "conduct", "hold", "stage", "carry", "launch", "mount", "make", "pay", "undertake",
    "begin", "start", "resume", "continue", "embark", "engage", "have", "deliver", "issue",
    "express", "reaffirm", "reiterate", "announce", "extend", "lodge", "file", "voice",
    "declare", "convey", "organize", "organise", "host", "attend", "join", "participate",
    "give", "wage", "commit", "perpetrate", "complete", "open", "initiate", "renew", "show",
    "exhibit", "demonstrate", "signal", "stress", "emphasize", "emphasise", "underscore",
    "confirm", "state", "restate", "repeat", "accept", "propose", "finish", "plan",
    "schedule", "arrange", "go", "set", "lead", "head", "chair", "broker", "reignite",
    "rekindle", "restart", "revive", "renew", "reopen", "relaunch", "pursue", "seek",
}
# Verbs whose eventive object is an event of its own, done by whoever its own words say.
NEUTRAL_VERBS = {"include", "involve", "feature", "result", "lead", "bring", "produce",
                 "yield", "follow", "precede", "mark", "see", "witness", "cause", "spark",
                 "trigger", "prompt", "comprise", "encompass", "end", "follow"}
EXPRESS_VERBS = {"say", "state", "declare", "reaffirm", "reiterate", "express", "convey",
                 "announce", "stress", "emphasize", "emphasise", "underscore", "add", "tell",
                 "voice", "confirm", "insist", "note", "affirm", "pledge", "promise", "vow",
                 "signal", "show", "exhibit", "demonstrate", "deliver", "highlight",
                 "mention", "remark", "explain", "write"}
ATTITUDE_VERBS = {"hope", "wish", "fear", "expect", "believe", "think", "doubt", "predict",
                  "suspect", "want", "pray", "worry"}
RESULT_VERBS = {"result", "lead", "bring", "produce", "yield", "secure", "achieve", "win",
                "cause", "prompt", "pave"}
TARGET_PREPS = ("to", "with", "against", "on", "upon", "toward", "towards", "into", "at",
                "for", "over", "between", "among", "from")
NO_FALLBACK_PREPS = {"toward", "towards", "in", "near", "after", "before", "since", "during",
                     "despite", "like", "as", "than", "until", "about", "regarding", "amid",
                     "throughout", "within", "across", "around", "under", "because"}
LOC_PREPS = {"in", "at", "near", "inside", "outside", "across", "throughout", "around",
             "within", "outside"}
PARTICIPATION_PREPS = {"during", "at", "in", "on", "through"}
BACKGROUND_PREPS = {"despite", "after", "before", "since", "following", "amid", "over",
                    "about", "regarding", "concerning", "of"}
BACKGROUND_MARKS = {"although", "though", "since", "because", "while", "whereas", "after",
                    "before", "once", "until", "unless", "if", "when", "whether", "as"}
HYPOTHETICAL_AUX = {"could", "might", "may", "should", "can", "must", "ought"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
INTENT_AMOD = {"planned", "proposed", "scheduled", "upcoming", "expected", "possible",
               "potential", "prospective", "future", "forthcoming"}
RECENT_AMOD = {"recent", "latest", "new", "fresh", "today", "yesterday", "ongoing"}
ANAPHORIC_DET = {"the", "this", "that", "these", "those", "such"}
CAPTIVES = {"abductee", "abductees", "hostage", "hostages", "captive", "captives", "detainee",
            "detainees", "prisoner", "prisoners", "kidnap", "victims"}
# codes whose "of" argument is the one the act is done to
_PATIENT_ROOTS = {"08", "09", "11", "12", "16", "17", "18", "19", "20"}
# reciprocal acts: A met B is B met A
_RECIPROCAL = {"04", "057", "046", "036", "037", "050", "030", "031", "032", "061", "062",
               "063", "064", "06", "190", "193"}
_QUOTE_KINDS_AS_STATEMENT = {"direct", "mixed"}
# acts that are always done to someone: without a target they say nothing
_NEEDS_TARGET = {"04", "05", "06"}
# CAMEO's verbal quad classes (1 verbal cooperation, 3 verbal conflict): acts of speech,
# addressed to someone
_VERBAL_ROOTS = {"01", "02", "03", "04", "05", "10", "11", "12", "13", "14"}
MAX_PATTERN_WORDS = 16


# ---------------------------------------------------------------------- candidates
@dataclass
class Act:
    """A coded predicate before its arguments: what it is and which words say so."""

    code: str
    pred: Any                      # token whose arguments are the act's (verb or noun)
    trigger: list[Any]             # tokens naming the act
    consumed: set[int] = field(default_factory=set)
    kind: str | None = None        # intent / appeal / demand / reject / threat (composed)
    comp: "Act | None" = None      # the act composed with
    patterned: bool = False        # a pattern (not a default code) decided it
    # the dictionary's default for a word we have not reviewed: trusted only with both a
    # source and a target (PETRARCH codes only dyads); a head with no act: needs a target
    needs_dyad: bool = False
    needs_target: bool = False
    reporter: Any = None           # "X said Y must ...": X's verb (a demand of X on Y)
    comp_tok: Any = None           # an uncoded complement ("promised to democratize Serbia")
    reverse: bool = False          # the code is for the target acting on the source

    def __post_init__(self) -> None:
        # "A:B": A source -> target (B, the reverse, is the other side's act: not coded
        # twice); ":B": only the reverse ("faced trial": the court acts on the subject)
        if ":" in self.code:
            a, _, b = self.code.partition(":")
            self.code, self.reverse = (a, False) if a else (b or "-", True)


@dataclass
class Cand:
    code: str
    trigger: list[Any]
    sent: Any
    sources: list[Arg]
    targets: list[Arg]
    location: str | None = None
    modality: str = "asserted"
    time: TimeExpr | None = None
    date: str | None = None
    date_source: str | None = None
    news: bool = False
    quote: int | None = None
    conf: float = 0.5
    pred: Any = None
    anaphoric: bool = False
    inferred: bool = False
    noun: bool = False
    drop: bool = False
    recip: bool = False
    consumed: set[int] = field(default_factory=set)
    mod_tok: Any = None
    ante: "Cand | None" = None
    bare: bool = False             # no actor yet: kept for context, dropped if none comes

    @property
    def start(self) -> int:
        return min(t.idx for t in self.trigger)

    @property
    def end(self) -> int:
        return max(t.idx + len(t) for t in self.trigger)


# roots of cooperative acts that withholding makes a refusal (CAMEO 12)
_REFUSABLE = ("03", "04", "05", "06", "07", "08")
# the marks of a condition an act waits for ("no talks until ...", "... unless ...")
HOLD_MARKS = frozenset({"until", "unless", "till", "untill"})


def _conj_nouns(t: Any) -> list[Any]:
    out, stack = [t], [c for c in t.children if c.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        out.append(c)
        stack.extend(g for g in c.children if g.dep_ == "conj")
    return out


def _result_participle(v: Any) -> bool:
    """A subject-less -ing clause after the clause it hangs on ("..., intensifying
    tensions and ushering in a new phase"): its subject is borrowed from that clause."""
    h = v
    for _ in range(4):
        if h.dep_ == "conj" and h.head.pos_ in ("VERB", "AUX") and h.head.i < h.i:
            h = h.head
            continue
        break
    if h.dep_ != "advcl" or h.tag_ != "VBG" or h.i < h.head.i:
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "mark", "csubj") for c in h.children)


COPULAS = {"be", "remain", "seem", "appear", "look", "prove", "sound"}


def _evaluated(n: Any) -> bool:
    """A noun inside the subject of a copular evaluation ("Japan's pursuit of engagement
    with X is not new", "the talks were a failure"): the clause judges it, reports no act."""
    h = n
    for _ in range(6):
        if h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.head.pos_ in ("NOUN", "PROPN"):
            h = h.head.head
        elif h.dep_ in ("conj", "appos", "compound") and h.head.pos_ in ("NOUN", "PROPN"):
            h = h.head
        else:
            break
    if h.dep_ != "nsubj" or h.head.lemma_.lower() not in COPULAS:
        return False
    return any(c.dep_ in ("acomp", "attr") for c in h.head.children)


@functools.lru_cache(maxsize=1)
def _verb_words() -> frozenset[str]:
    """Every verb the coder reads by its lemma: the lexicon's and the coder's own lists."""
    lex = L.lexicon()
    return frozenset({k.split()[0] for k in lex["verbs"]} | set(HEADS) | SUPPORT_VERBS |
                     EXPRESS_VERBS | NEUTRAL_VERBS | RESULT_VERBS | COPULAS | {"fail"})


def _deinflect(w: str) -> list[str]:
    """The regular bases an inflected verb form may have ("staged" -> stage, "fined" ->
    fine, "enrolled" -> enroll, enrol; "harbouring" -> harbour)."""
    out = []
    if w.endswith(("ied", "ies")):
        out.append(w[:-3] + "y")
    if w.endswith("ing") and len(w) > 5:
        b = w[:-3]
        out += [b, b + "e"] + ([b[:-1]] if len(b) > 2 and b[-1] == b[-2] else [])
    elif w.endswith("ed") and len(w) > 4:
        b = w[:-2]
        out += [b, w[:-1]] + ([b[:-1]] if len(b) > 2 and b[-1] == b[-2] else [])
    elif w.endswith("es") and len(w) > 4:
        out += [w[:-2], w[:-1]]
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        out.append(w[:-1])
    return out


def inflections(w: str) -> set[str]:
    """The regular inflected forms of a verb (what ``_deinflect`` reads back)."""
    out = {w + "s", w + "es", w + "ed", w + "d", w + "ing"}
    if w.endswith("e"):
        out.add(w[:-1] + "ing")
    if w.endswith("y"):
        out |= {w[:-1] + "ied", w[:-1] + "ies"}
    if len(w) > 2 and w[-1] not in "aeiouwxy":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return out


@functools.lru_cache(maxsize=1)
def _core_verbs() -> frozenset[str]:
    """The verbs the coder's own rules read (heads, support, speech, attitude verbs)."""
    return frozenset(set(HEADS) | SUPPORT_VERBS | EXPRESS_VERBS | NEUTRAL_VERBS |
                     RESULT_VERBS | ATTITUDE_VERBS | COPULAS)


@functools.lru_cache(maxsize=65536)
def _base(lower: str, lemma: str) -> str:
    core = _core_verbs()
    if lemma not in core:
        # "hoped" -> "hop": a verb of the coder's own lists before a dictionary word
        got = next((b for b in _deinflect(lower) if b in core), None)
        if got is not None:
            return got
    known = _verb_words()
    if lemma in known:
        return lemma
    # the tagger's lemmatizer misses some regular forms ("staged" -> "stag", "bombing"
    # -> "bombing", "fined" -> "fin"): the regular base the coder knows, if one is
    return next((b for b in _deinflect(lower) if b in known), lemma)


def _lem(t: Any) -> str:
    """A token's lemma, a verb's read back to the base the lexicon lists."""
    lemma = t.lemma_.lower()
    return _base(t.lower_, lemma) if t.pos_ in ("VERB", "AUX") else lemma


def _where_met(code: str, place: str | None, sources: list[Arg], targets: list[Arg]) -> str:
    """CAMEO's meetings by where they happen: at the other side's place it is a visit (042),
    in a state neither side belongs to a meeting at a "third" location (044)."""
    if code not in ("040", "044") or not place or not sources:
        return code
    src = {a.country for a in sources if a.country}
    tgt = {a.country for a in targets if a.country}
    if not src:
        return code
    if place in tgt and place not in src:
        return "042"
    if code == "040" and tgt and place not in src | tgt:
        return "044"
    return code


def _refines(code: str, general: str) -> bool:
    """``code`` is a named sub-code of ``general``'s root where ``general`` is that root's
    "not specified" code (044 of 040, 0841 of 080)."""
    if not code or not general or code == general or code[:2] != general[:2]:
        return False
    return general in (code[:2], code[:2] + "0") and not code.endswith("0")


def _used(act: "Act") -> set[int]:
    """Every token an act stands on (it is not another event)."""
    return act.consumed | {act.pred.i} | {t.i for t in act.trigger}


def _specific(args: list[Arg]) -> list[Arg]:
    """A state and a person acting for it in one slot: the person is the more specific."""
    persons = {a.country for a in args if a.entity is not None and a.entity.type == "PERSON"}
    return [a for a in args if not (a.entity is not None and a.entity.type == "COUNTRY" and
                                    a.country in persons)] or args


def _forms(t: Any) -> frozenset[str]:
    return frozenset((t.lower_, t.lemma_.lower()))


def _words(tokens: Iterable[Any]) -> list[frozenset[str]]:
    return [_forms(t) for t in tokens if not t.is_punct and not t.is_space]


_CLAUSAL = {"xcomp", "ccomp", "advcl", "conj", "relcl", "parataxis", "punct", "mark", "cc",
            "csubj", "acl", "appos", "dep", "nsubj", "nsubjpass", "csubjpass", "expl", "aux",
            "auxpass", "neg", "agent"}


_OWN_CLAUSE = {"relcl", "advcl", "ccomp", "parataxis"}


def _phrase(c: Any) -> list[Any]:
    """A phrase's words without the clauses inside it ("a resolution [that aims to tighten
    sanctions]": "support" is not "support sanctions"), in order."""
    out, stack = [], [c]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(g for g in t.children if g.dep_ not in _OWN_CLAUSE)
    return sorted(out, key=lambda t: t.i)


def _post_tokens(v: Any) -> list[Any]:
    """The words after a predicate that its patterns read: its objects and complements."""
    out: list[Any] = []
    for c in v.children:
        if c.dep_ == "nsubjpass":
            out.extend(_phrase(c))
    for c in v.children:
        if c.i > v.i and c.dep_ not in _CLAUSAL:
            out.extend(_phrase(c))
        elif c.i < v.i and c.dep_ in ("dobj", "prt", "prep", "attr", "acomp", "dative"):
            out.extend(_phrase(c))
    out.sort(key=lambda t: t.i) if not any(c.dep_ == "nsubjpass" for c in v.children) else None
    return out[:MAX_PATTERN_WORDS]


PARTICLES = {"up", "down", "out", "off", "back", "away", "over", "in", "on", "through"}


_NOUN_CORE = {"compound", "amod", "nmod", "poss", "nummod", "det", "case", "conj", "cc"}


def _core(n: Any) -> list[Any]:
    """A noun phrase's head and its modifiers before it ("Israeli military forces"), not
    its phrases and clauses ("riots against Israeli military policies": "riots")."""
    out, stack = [], [n]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(g for g in t.children if g.dep_ in _NOUN_CORE)
    return sorted(out, key=lambda t: t.i)


def _pre_tokens(v: Any) -> list[Any]:
    out: list[Any] = []
    for c in v.children:
        if c.dep_ in ("nsubj", "compound", "amod", "nmod", "poss", "npadvmod", "advmod") and \
                c.i < v.i:
            # the subject's own words: a pattern's "&MILITARY *" is a military subject
            out.extend(_core(c) if c.dep_ == "nsubj" else c.subtree)
        elif c.dep_ == "agent":
            out.extend(c.subtree)
    return out[-MAX_PATTERN_WORDS:]


class Extractor:
    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.sp = ctx.sp

    # ------------------------------------------------------------------ coding
    def _verb_entry(self, v: Any) -> L.Entry | None:
        lemma = _lem(v)
        for c in v.children:
            if c.dep_ in ("prt", "prep") and c.i > v.i:
                e = L.verb(f"{lemma} {c.lower_}")
                if e is not None:
                    return e
        return L.verb(lemma) or L.verb(v.lower_)

    def _parts(self, v: Any) -> list[Any]:
        """A verb's own particles, and its prepositions that take an actor, in order
        ("stepped down", "set off for Rome", "marched against the government"): what a
        phrasal pattern reads. A phrase of time or manner ("on Tuesday", "for damages")
        is not the verb's phrase: the dictionary's "(ON)" is "on" someone."""
        out = []

        def prep_ok(c: Any) -> bool:
            return any(g.dep_ == "pobj" and self.ctx.actors_of(g) for g in c.children)
        for c in v.children:
            if c.i < v.i:
                continue
            if c.dep_ == "prt" or c.dep_ == "advmod" and c.lower_ in PARTICLES:
                out.append(c)
                # "out of": the parser may hang the preposition on the particle
                out.extend(g for g in c.children if g.dep_ == "prep" and prep_ok(g))
            elif c.dep_ in ("prep", "agent") and prep_ok(c):
                out.append(c)
        return sorted(out, key=lambda t: t.i)

    def _noun_entry(self, n: Any) -> L.Entry | None:
        return L.noun(n.lower_) or L.noun(n.lemma_.lower())

    def _matched(self, pat: L.Pattern | None, toks: list[Any]) -> set[int]:
        """Token indices of the nouns a pattern matched (they are part of this act)."""
        if pat is None:
            return set()
        out = set()
        slots = list(pat.post)
        j = 0
        for t in toks:
            if j < len(slots) and not slots[j].isdisjoint(_forms(t)):
                # a noun with an agent of its own ("welcomed Tokyo's offer") stays an event
                if t.pos_ in ("NOUN", "PROPN", "VERB") and not any(
                        c.dep_ == "poss" for c in t.children):
                    out.add(t.i)
                j += 1
        return out

    def verb_act(self, v: Any, depth: int = 0) -> Act | None:
        if depth > 3:
            return None
        lemma = _lem(v)
        entry = self._verb_entry(v)
        code, pat = (None, None)
        post = _post_tokens(v)
        if entry is not None:
            code, pat = entry.code(_words(_pre_tokens(v)), _words(post), _words(self._parts(v)))
        kind = HEADS.get(lemma)
        if kind and any(c.dep_ == "prt" and c.lower_ in ("off", "out", "down", "back", "up", "away")
                        for c in v.children):
            kind = None            # "called off the talks" is no call for them
        if lemma in ("like", "love") and not any(c.lower_ in ("would", "'d") for c in v.children):
            kind = None
        comp = self._complement(v, depth) if kind else None
        if kind == "intent" and comp is not None and lemma in ("want", "wish", "like", "love") \
                and comp.pred.dep_ == "xcomp" and comp.pred.head.i == v.i and \
                any(c.dep_ == "dobj" and self.ctx.actors_of(c) for c in v.children):
            kind = "appeal"        # "would like Peru to withdraw": an appeal to Peru
        elif kind == "intent" and comp is not None and comp.pred.dep_ == "ccomp" and \
                comp.pred.head.i == v.i and not self._same_subject(v, comp.pred):
            # "she hoped [officials would be indicted]": a wish about others, no intent of
            # hers; "X wants Y to attack Z" is X's appeal to Y (CAMEO 02)
            if lemma in ("want", "wish", "like", "love") and \
                    any(c.dep_ == "nsubj" for c in comp.pred.children):
                kind = "appeal"
            else:
                kind, comp = None, None
        if kind == "intent" and lemma in DOING_HEADS and comp is not None and \
                comp.pred.pos_ in ("NOUN", "PROPN") and comp.pred.head.i == v.i and \
                comp.pred.dep_ in ("dobj", "obj"):
            # "undertook a mediation mission", "committed atrocities": the object is done,
            # not promised ("undertook to mediate" is the promise)
            kind, comp = None, None
        if kind and comp is not None and comp.code not in ("-", "010"):
            act = Act(compose(kind, comp.code), v, [v], _used(comp),
                      kind=kind, comp=comp, patterned=True)
            return act
        if lemma in SUPPORT_VERBS or lemma in EXPRESS_VERBS:
            # the eventive object is the act ("held talks", "reaffirmed its willingness")
            matched = self._matched(pat, post)
            for n in self._objects(v):
                na = self.noun_act(n, depth + 1)
                if na is not None:
                    ncode = na.code
                    if n.i in matched and na.kind is not None and code and \
                            code not in ("-", "010") and code[:2] != ncode[:2]:
                        # "accepted demands" (083, yield): the verb's pattern says what is
                        # done with the other side's demand, offer or call
                        return Act(code, v, [v], matched | na.consumed | {n.i}, patterned=True)
                    if n.i in matched and na.kind is None and code and \
                            _refines(code.split(":")[0], ncode.split(":")[0]):
                        # the verb's own pattern over this very object names a sub-code of
                        # the noun's "not specified" one ("attend a summit" 044, a meeting
                        # at a third place, where "summit" alone is 040)
                        ncode = code
                    return Act(ncode, n, na.trigger, na.consumed | {n.i, v.i}, kind=na.kind,
                               comp=na.comp, patterned=na.patterned or pat is not None)
        if code and code != "-" and code != "010":
            xc = next((c for c in v.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"),
                      None) if kind else None
            return Act(code, v, [v], self._matched(pat, post), patterned=pat is not None,
                       needs_dyad=pat is None and entry is not None and not entry.curated,
                       needs_target=kind == "intent" and not (entry and entry.curated),
                       comp_tok=xc)
        return None

    def _objects(self, v: Any) -> list[Any]:
        out = [c for c in v.children if c.dep_ in ("dobj", "obj", "attr", "nsubjpass")]
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "in", "into"):
                out.extend(g for g in c.children if g.dep_ == "pobj")
            if c.dep_ == "prt":
                for g in c.children:
                    if g.dep_ == "pobj":
                        out.append(g)
        return out

    def _complement(self, h: Any, depth: int) -> Act | None:
        """The act an intent/appeal/demand/refusal/threat head governs."""
        for c in h.children:
            if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") and c.i > h.i:
                a = self.verb_act(c, depth + 1)
                if a is not None:
                    return a
            if c.dep_ == "acl" and c.pos_ == "VERB":
                a = self.verb_act(c, depth + 1)
                if a is not None:
                    return a
        for c in h.children:
            if c.dep_ in ("dobj", "attr"):
                a = self.noun_act(c, depth + 1)
                if a is not None:
                    return a
                for g in c.children:
                    if g.dep_ in ("xcomp", "acl") and g.pos_ == "VERB":
                        a = self.verb_act(g, depth + 1)
                        if a is not None:
                            return a
            if c.dep_ == "prep" and c.lower_ in ("for", "to", "of", "on", "toward", "towards"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        a = self.noun_act(g, depth + 1)
                        if a is not None:
                            return a
                    if g.dep_ == "pcomp" and g.pos_ == "VERB":
                        a = self.verb_act(g, depth + 1)
                        if a is not None:
                            return a
        if h.pos_ in ("NOUN", "PROPN") and h.dep_ == "pobj":
            # "Despite offers from X, under Y, for talks": the parser hangs the noun's
            # complement on the verb; a for-phrase right after the noun's phrase (only
            # commas and other phrases between) is the noun's
            end = max(x.i for x in h.subtree) + 1
            j = end
            while j < min(len(self.sp), end + 12) and j < h.sent.end:
                x = self.sp[j]
                if x.dep_ == "prep" and x.lower_ in ("for", "to") and x.head.i not in \
                        {y.i for y in h.subtree}:
                    for g in x.children:
                        if g.dep_ == "pobj":
                            a = self.noun_act(g, depth + 1)
                            if a is not None:
                                return a
                    break
                if x.is_punct or x.dep_ in ("prep", "pobj", "compound", "det", "amod", "appos"):
                    j = max(j + 1, max(y.i for y in x.subtree) + 1 if x.dep_ == "prep" else j + 1)
                    continue
                break
        if h.pos_ in ("NOUN", "PROPN"):
            # the parser often hangs the complement of a noun on a word inside its phrase
            # ("offers from the US, under President Biden, for talks", "a willingness
            # from Japan to collaborate")
            for t in h.subtree:
                if t.i <= h.i or t.head.i == h.i:
                    continue
                if t.dep_ == "prep" and t.lower_ in ("for", "to") :
                    for g in t.children:
                        if g.dep_ == "pobj":
                            a = self.noun_act(g, depth + 1)
                            if a is not None:
                                return a
                elif t.pos_ == "VERB" and t.dep_ in ("acl", "xcomp", "relcl") and \
                        any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                    a = self.verb_act(t, depth + 1)
                    if a is not None:
                        return a
        return None

    def noun_act(self, n: Any, depth: int = 0) -> Act | None:
        if depth > 4 or n.pos_ not in ("NOUN", "PROPN"):
            return None
        lemma = n.lemma_.lower()
        kind = NOUN_HEADS.get(lemma) or NOUN_HEADS.get(n.lower_)
        if kind:
            comp = self._complement(n, depth)
            if comp is not None and comp.code not in ("-", "010"):
                return Act(compose(kind, comp.code), n, [n], _used(comp),
                           kind=kind, comp=comp, patterned=True)
        entry = self._noun_entry(n)
        extra: set[int] = set()
        if entry is None:
            # "a mediation mission", "war games", "peace talks": the eventive word is the
            # compound; the phrase's head carries the arguments
            for c in n.children:
                if c.dep_ == "compound" and c.i < n.i and c.pos_ == "NOUN" and self._noun_entry(c):
                    entry, extra = self._noun_entry(c), {c.i}
                    break
        if entry is None:
            return None
        pre = [t for c in n.children if c.i < n.i and c.dep_ in ("compound", "amod", "nmod")
               for t in c.subtree]
        post = [t for c in n.children if c.i > n.i and c.dep_ in ("prep", "acl", "compound")
                for t in c.subtree][:MAX_PATTERN_WORDS]
        code, pat = entry.code(_words(pre), _words(post))
        if not code or code == "-":
            return None
        if lemma == "talk" and n.lower_ != "talks":
            return None
        return Act(code, n, [n], self._matched(pat, post) | extra, kind=kind,
                   patterned=pat is not None)

    # ------------------------------------------------------------------ arguments
    def _pp(self, t: Any) -> list[tuple[str, Any]]:
        out = []
        for c in t.children:
            if c.dep_ in ("prep", "agent"):
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if not objs:
                    # a preposition the parser left without its object ("meet with
                    # President Kim face to face": "Kim" made the subject of "face"): the
                    # name right after it
                    for j in range(c.i + 1, min(c.i + 5, c.sent.end)):
                        nxt = self.sp[j]
                        if nxt.is_punct or nxt.pos_ in ("VERB", "ADP"):
                            break
                        em = self.ctx.tok_ment[j]
                        if em is not None:
                            end = em[1].end
                            objs = [max((x for x in self.sp[j:c.sent.end] if x.idx < end),
                                        key=lambda x: x.i)]
                            break
                out.extend((c.lower_, g) for g in objs)
        return out

    def _subject_of(self, v: Any, depth: int = 0) -> list[Arg]:
        """The source of a verb: its subject, a passive's agent, or the governing clause's."""
        if depth > 4:
            return []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
        if passive:
            for p, g in self._pp(v):
                if p == "by":
                    return self.ctx.actors_of(g)
            return []
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                got = self.ctx.actors_of(c)
                if not got and c.lower_ in ("it", "they", "we") and not self._in_direct(c):
                    # "Syria says it is willing ...": an unresolved pronoun subject of a
                    # reported clause is the reporter (when coreference left it open)
                    rep = self._reporter(v)
                    if rep is not None:
                        got = [a for a in self._subject_of(rep, depth + 1)
                               if (a.entity is None or a.entity.type != "PERSON")
                               or c.lower_ == "we"]
                if not got and c.tag_ not in ("WDT", "WP") and c.pos_ != "PRON":
                    # a subject whose head the parser split from its name ("Up to 1,000
                    # ethnic Turks"): the first actor inside it
                    got = self._first_actor(c.subtree)
                if not got:
                    # a collective actor with no name ("rebels", "a human rights group")
                    got = [a for t in _conj_nouns(c) if (a := self.ctx.generic_arg(t))]
                if got or c.tag_ not in ("WDT", "WP"):
                    return got
        if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
            # "issued a declaration demanding ...": the issuer
            g = self._governor(v.head)
            if g is not None and g.pos_ in ("VERB", "AUX") and _lem(g) in \
                    SUPPORT_VERBS | EXPRESS_VERBS:
                return self._subject_of(g, depth + 1)
        if v.dep_ == "relcl" and v.head.pos_ in ("NOUN", "PROPN"):
            return self.ctx.actors_of(v.head)
        if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):
            # "made the pledge after meeting Zelensky": the one who met
            return self._subject_of(v.head.head, depth + 1)
        if v.dep_ in ("xcomp", "advcl", "conj", "ccomp", "acl") and v.head.pos_ in ("VERB", "AUX",
                                                                               "ADJ"):
            h = v.head
            # "X was indicted by Y and will resign": an active verb coordinated with a
            # passive shares its subject, not its by-agent
            if v.dep_ == "conj" and any(c.dep_ == "nsubjpass" for c in h.children):
                return [a for c in h.children if c.dep_ == "nsubjpass"
                        for a in self.ctx.actors_of(c)]
            if h.pos_ == "ADJ" and h.dep_ in ("acomp", "amod"):
                h = h.head
            # "X is expected / scheduled / was urged to visit": the passive's subject
            if v.dep_ == "xcomp" and any(c.dep_ == "nsubjpass" for c in h.children) and \
                    not any(p == "by" for p, _ in self._pp(h)):
                return [a for c in h.children if c.dep_ == "nsubjpass"
                        for a in self.ctx.actors_of(c)]
            # "asked Obama to help": the object of an appeal is the infinitive's subject
            if v.dep_ == "xcomp":
                for c in h.children:
                    if c.dep_ in ("dobj",) and HEADS.get(_lem(h)) in ("appeal", "demand"):
                        return self.ctx.actors_of(c)
            return self._subject_of(h, depth + 1)
        return []

    def _must_clause(self, v: Any) -> Any:
        """The reporting verb of "X said [Y must Z]" (Y not X), else None."""
        aux = {c.lower_ for c in v.children if c.dep_ == "aux"}
        if not aux & {"must", "should"}:
            return None
        rep = self._reporter(v)
        if rep is None:
            return None
        subj = [a for c in v.children if c.dep_ in ("nsubj", "nsubjpass")
                for a in self.ctx.actors_of(c)]
        said = self._subject_of(rep)
        if not subj or not said or {a.key for a in subj} & {a.key for a in said}:
            return None
        return rep

    def _in_direct(self, t: Any) -> bool:
        qi = self.ctx.quote_at(t.idx)
        return qi is not None and self.ctx.quotes[qi].kind in ("direct", "mixed")

    def _reporter(self, v: Any) -> Any:
        """The reporting verb whose clause ``v`` is ("X said [it would ...]")."""
        h = v
        for _ in range(3):
            if h.dep_ in ("ccomp", "xcomp") and _lem(h.head) in EXPRESS_VERBS | {
                    "announce", "warn", "threaten", "claim", "hope", "believe", "insist",
                    "conclude", "argue", "contend", "maintain", "assert", "suggest",
                    "recommend"}:
                return h.head
            if h.dep_ not in ("conj", "xcomp", "ccomp") or h.head.i == h.i:
                return None
            h = h.head
        return None

    def _first_actor(self, toks: Iterable[Any], states: bool = False) -> list[Arg]:
        for t in toks:
            a = self.ctx.mention_arg(t)
            if a is not None and (not a.place or states and a.entity is not None and
                                  a.entity.type == "COUNTRY"):
                return [a]
        return []

    def _targets_of_verb(self, v: Any, exclude: set[str], fallback: bool = True
                         ) -> tuple[list[Arg], list[Arg]]:
        """(targets, places) of a verb; ``fallback``: else the first actor among its objects
        and phrases (not for coordinated subjects acting together)."""
        targets: list[Arg] = []
        places: list[Arg] = []

        def add(args: list[Arg]) -> None:
            for a in args:
                if a.key not in exclude and all(a.key != b.key for b in targets):
                    targets.append(a)

        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
        objs = [c for c in v.children if c.dep_ in (("nsubjpass",) if passive else ("dobj", "obj"))]
        objs += [c for c in v.children if c.dep_ in ("dative", "iobj", "attr", "oprd")]
        first_prep = None
        for o in objs:
            got = self.ctx.actors_of(o)
            if not got:
                for c in o.children:
                    if c.dep_ == "poss":
                        got = self.ctx.actors_of(c)
                        break
            if not got:
                for p, g in self._pp(o):
                    # "rejected an offer from X", "accepted demands by X": an act's agent,
                    # as with "X's offer" (of an eventive noun only: not "a letter from X")
                    agent_pp = p in ("from", "by") and (self._noun_entry(o) is not None or
                                                        _lem(o) in NOUN_HEADS)
                    if p in ("to", "with", "on", "against", "of", "for", "toward",
                             "towards") or agent_pp:
                        got = self.ctx.actors_of(g)
                        if got:
                            first_prep = p
                            break
            add(got)
        pps = self._pp(v)
        for p, g in pps:
            got = self.ctx.actors_of(g)
            if p in LOC_PREPS and got and all(a.place for a in got):
                places.extend(got)
                continue
            if p == "by" and passive:
                continue
            # "with North Korea, with Kim Jong Un": a restatement in the same slot
            if p in TARGET_PREPS and got and (not targets or p == first_prep):
                first_prep = first_prep or p
                add(got)
                for pp, gg in self._pp(g):
                    if pp == p:
                        add(self.ctx.actors_of(gg))
        if not targets and fallback:
            # the parser split the object from its name ("kidnapped up to 16 Russian
            # advisers"): the first actor among the verb's own objects and phrases
            for c in v.children:
                if c.i > v.i and (c.dep_ in ("dobj", "npadvmod", "dative", "obj") or
                                  c.dep_ in ("prep", "prt") and c.lower_ not in NO_FALLBACK_PREPS):
                    got = [a for a in self._first_actor(c.subtree, states=True)
                           if a.key not in exclude]
                    if got:
                        if got[0].place and c.dep_ == "prep" and c.lower_ in LOC_PREPS:
                            continue
                        add(got)
                        break
        return _specific(targets), places

    def _noun_roles(self, n: Any, code: str) -> tuple[list[Arg], list[Arg], list[Arg], bool]:
        """(sources, targets, places, reciprocal) of an eventive noun."""
        ctx = self.ctx
        sources: list[Arg] = []
        targets: list[Arg] = []
        places: list[Arg] = []
        sides: list[Arg] = []
        recip = False
        patient_of = code[:2] in _PATIENT_ROOTS
        for c in n.children:
            if c.dep_ == "poss":
                sources += ctx.actors_of(c)
        for c in n.children:
            if c.i < n.i and c.dep_ in ("compound", "amod", "nmod", "npadvmod"):
                a = ctx.mention_arg(c)
                if a is None and c.dep_ == "compound":
                    a = next((ctx.mention_arg(g) for g in c.children if ctx.mention_arg(g)), None)
                if a is not None and all(a.key != b.key for b in sources):
                    sources.append(a)
        pps = self._pp(n)
        # "normalization of relations between Japan and North Korea": the sides hang on
        # the noun's own complement
        for p, g in list(pps):
            if p == "of" and not ctx.actors_of(g):
                pps += [(pp, gg) for pp, gg in self._pp(g)
                        if pp in ("between", "among", "with", "to", "against", "by", "from")]
        for p, g in pps:
            got = ctx.actors_of(g)
            if not got:
                continue
            if p in ("by", "from"):
                sources += [a for a in got if all(a.key != b.key for b in sources)]
            elif p == "of":
                if patient_of or sources:
                    targets += got
                else:
                    sources += got
            elif p in ("between", "among"):
                recip = True
                sides += [a for a in got if all(a.key != b.key for b in sides)]
            elif p in LOC_PREPS and all(a.place for a in got):
                places += got
            elif p in TARGET_PREPS:
                targets += got
            # a visit "to Pyongyang": the state visited, and the place
            if p == "to" and code[:2] == "04":
                places += [a for a in got if a.place]
        # "Japan's pursuit of engagement with North Korea": the pursuer's
        if not sources and n.dep_ == "pobj" and n.head.lower_ == "of" and \
                n.head.head.pos_ in ("NOUN", "PROPN"):
            sources = self._agent_of_noun(n.head.head)
        # "talks between A and B": the sides take part in it; "mediation between A and B"
        # by C, "a meeting between A and B" C hosts: the sides are what C acts on
        if sides:
            if sources or code[:3] in ("039", "045", "043", "038"):
                targets = targets + [a for a in sides if a.key not in {b.key for b in sources}]
                recip = False
            else:
                sources = sides
        # "a US-North Korea summit": the sides
        if len(sources) > 1 and not targets and code[:3] in _RECIPROCAL | {c[:3] for c in _RECIPROCAL}:
            recip = True
        return sources, targets, places, recip

    def _agent_of_noun(self, h: Any) -> list[Arg]:
        """Who a non-eventive noun belongs to: "Japan's pursuit", "the diplomacy initiated
        by Biden's predecessor"."""
        for c in h.children:
            if c.dep_ == "poss":
                got = self.ctx.actors_of(c)
                if got:
                    return got
        for c in h.children:
            if c.dep_ == "acl" and c.tag_ == "VBN":
                for p, g in self._pp(c):
                    if p == "by":
                        return self.ctx.actors_of(g)
        for p, g in self._pp(h):
            if p in ("by", "from"):
                return self.ctx.actors_of(g)
        return []

    # ------------------------------------------------------------------ modality
    def _modality(self, v: Any, cand_code: str, in_quote: bool) -> tuple[str, str]:
        """(modality, code): a refused future is a refusal."""
        code = cand_code
        aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
        neg = any(c.dep_ == "neg" for c in v.children) or \
            any(c.lower_ in ("never",) for c in v.children if c.dep_ == "advmod")
        hyp = bool(aux & HYPOTHETICAL_AUX)
        fut = bool(aux & FUTURE_AUX) or ("going" in aux)
        would = bool(aux & {"would", "'d"})
        # the modal of a head verb governs its complement ("could advance toward")
        h = v
        for _ in range(3):
            if h.dep_ in ("xcomp", "acomp") and h.head.pos_ in ("VERB", "AUX", "ADJ"):
                h = h.head
                haux = {c.lower_ for c in h.children if c.dep_ in ("aux", "auxpass")}
                hyp = hyp or bool(haux & HYPOTHETICAL_AUX)
                fut = fut or bool(haux & FUTURE_AUX)
                would = would or bool(haux & {"would", "'d"})
                if any(c.dep_ == "neg" for c in h.children):
                    neg = True
                if _lem(h) == "fail" or any(c.lower_ == "yet" for c in h.children):
                    neg = True
            else:
                break
        reported = self._reported(v)
        cond = self._conditional(v)
        if neg and (fut or would or (in_quote and hyp is False and "can" not in aux)) and \
                code[:2] in ("03", "04", "05", "06", "07", "08"):
            if fut or would:
                return "asserted", compose("reject", code)
        if neg:
            return "negated", code
        if cond or self._wished(v):
            return "hypothetical", code
        if would:
            return ("intended", code) if reported or in_quote else ("hypothetical", code)
        if hyp:
            return "hypothetical", code
        if fut:
            return "intended", code
        return "asserted", code

    def _reported(self, v: Any) -> bool:
        h = v
        for _ in range(4):
            if h.dep_ in ("ccomp", "xcomp", "conj") and _lem(h.head) in EXPRESS_VERBS:
                return True
            if h.head.i == h.i:
                return False
            h = h.head
        return False

    def _same_subject(self, head: Any, clause: Any) -> bool:
        """The clause's subject is the head's ("she hoped she would win"), or it has none."""
        own = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if not own:
            return True
        if own[0].lower_ in ("i", "we", "he", "she", "they", "it") and \
                own[0].dep_ == "nsubj":
            return True
        theirs = [c for c in head.children if c.dep_ == "nsubj"]
        if not theirs:
            return False
        a = {x.key for x in self.ctx.actors_of(own[0])}
        b = {x.key for x in self.ctx.actors_of(theirs[0])}
        return bool(a & b)

    def _wished(self, v: Any) -> bool:
        """``v`` is what someone hopes, fears or expects of another ("she hoped French
        officials would be indicted"): not asserted, and not the hoper's act."""
        h = v
        for _ in range(3):
            if h.dep_ == "ccomp" and _lem(h.head) in ATTITUDE_VERBS:
                own = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
                return bool(own) and not self._same_subject(h.head, h)
            if h.dep_ not in ("conj", "xcomp") or h.head.i == h.i:
                return False
            h = h.head
        return False

    def _conditional(self, v: Any) -> bool:
        h = v
        for _ in range(4):
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in h.children):
                return True
            if h.head.i == h.i or h.dep_ not in ("advcl", "conj", "xcomp", "ccomp", "acomp"):
                return False
            h = h.head
        return False

    # ------------------------------------------------------------------ one predicate
    def candidate(self, t: Any, sent: Any) -> Cand | None:
        if t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ == "ROOT"):
            act = self.verb_act(t)
            rep = self._must_clause(t)
            if rep is not None:
                # "X said Y must do Z" / "should": X demands Z of Y
                act = Act(compose("demand", act.code if act else None), t, [t],
                          _used(act) if act else set(), kind="demand", comp=act,
                          patterned=True, reporter=rep)
        elif t.pos_ == "ADJ" and t.lemma_.lower() in INTENT_ADJ:
            comp = self._complement(t, 0)
            act = None
            if comp is not None and comp.code not in ("-", "010"):
                act = Act(compose("intent", comp.code), t, [t], _used(comp),
                          kind="intent", comp=comp, patterned=True)
        elif t.pos_ in ("NOUN", "PROPN"):
            act = self.noun_act(t)
            if act is not None and (not self._noun_is_event(t) or _evaluated(t)):
                return None
        else:
            act = None
        if act is None:
            return None
        return self._assemble(act, t, sent)

    def _noun_is_event(self, n: Any) -> bool:
        """An eventive noun is its own event unless a verb of its clause governs it with a
        meaning of its own ("lifted the sanctions": the verb's pattern is the event)."""
        if n.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            h = n.head
            lemma = _lem(h)
            # "welcomed Tokyo's offer": an act of someone else's, named with its agent
            own_agent = any(c.dep_ == "poss" for c in n.children) or \
                any(p in ("by", "from") for p, _ in self._pp(n))
            return lemma in SUPPORT_VERBS or lemma in NEUTRAL_VERBS or lemma in EXPRESS_VERBS \
                or h.pos_ not in ("VERB",) or own_agent
        if n.dep_ == "pobj" and n.head.dep_ == "prep":
            p = n.head.lower_
            gov = n.head.head
            if gov.pos_ == "VERB" and p in ("in", "into", "on") and \
                    _lem(gov) not in SUPPORT_VERBS | NEUTRAL_VERBS and \
                    self._verb_entry(gov) is not None and \
                    self._verb_entry(gov).default not in (None, "-"):
                return False
        return True

    def _governor(self, n: Any) -> Any:
        """The verb that governs a noun (through one preposition)."""
        if n.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "nsubj", "obj"):
            return n.head
        if n.dep_ == "pobj" and n.head.dep_ in ("prep", "agent"):
            return n.head.head
        return None

    def _assemble(self, act: Act, t: Any, sent: Any) -> Cand | None:
        ctx = self.ctx
        code = act.code
        pred = act.pred
        qi = ctx.quote_at(t.idx)
        places: list[Arg] = []
        recip = False
        noun = pred.pos_ in ("NOUN", "PROPN")
        inferred = False
        if not noun:
            clause = t if t.pos_ != "ADJ" else t.head
            sources = self._subject_of(clause)
            exclude = {a.key for a in sources}
            targets, places = self._targets_of_verb(pred, exclude, fallback=len(sources) < 2)
            if act.comp is not None and act.kind in ("intent", "reject", "threat"):
                ct, cp = self._act_targets(act.comp, exclude)
                targets = ct or targets
                places = places or cp
                if act.kind == "reject" and act.comp.pred.pos_ in ("NOUN", "PROPN"):
                    # "rejected an offer of talks with Y from X": X's offer is refused
                    owners = [a for a in self._noun_roles(act.comp.pred, act.comp.code)[0]
                              if a.key not in exclude]
                    targets = owners or targets
            elif act.comp is not None and not targets:
                targets, cp = self._act_targets(act.comp, exclude)
                places = places or cp
            if act.comp_tok is not None and (not targets or act.kind is None):
                ct, cp = self._targets_of_verb(act.comp_tok, exclude)
                targets = ct or targets
                places = places or cp
            # nouns a pattern matched carry arguments too ("embarked on a visit to X")
            for i in sorted(act.consumed):
                n = self.sp[i]
                if n.pos_ in ("NOUN", "PROPN") and (L.noun(n.lower_) or L.noun(n.lemma_.lower())):
                    s2, t2, p2, r2 = self._noun_roles(n, code)
                    if not targets:
                        targets = [a for a in t2 if a.key not in exclude]
                    places = places or p2
            mod_tok = t if t.pos_ != "ADJ" else t.head
        else:
            sources, targets, places, recip = self._noun_roles(pred, code)
            if act.comp is not None:
                ct, cp = self._act_targets(act.comp, {a.key for a in sources})
                targets = targets or ct
                places = places or cp
            gov = self._governor(pred)
            if not sources and gov is not None and gov.pos_ in ("VERB", "AUX"):
                lemma = _lem(gov)
                prep = pred.head.lower_ if pred.dep_ == "pobj" else None
                # a meeting the subject goes to, speaks after or travels for is theirs
                joins = prep in PARTICIPATION_PREPS or (
                    code[:2] == "04" and prep in ("after", "before", "following", "for"))
                if (pred.dep_ in ("dobj", "attr") and (lemma in SUPPORT_VERBS or
                                                       lemma in EXPRESS_VERBS)) or \
                        (joins and gov.pos_ == "VERB"):
                    sources = self._subject_of(gov)
                    if joins and not targets:
                        targets = [a for a in self._targets_of_verb(gov, set())[0]]
                    inferred = prep is not None
                elif lemma in NEUTRAL_VERBS and pred.dep_ in ("dobj", "attr", "pobj"):
                    # "the diplomacy initiated by X included three meetings with Y"
                    for c in gov.children:
                        if c.dep_ == "nsubj":
                            sources = ctx.actors_of(c) or self._agent_of_noun(c)
                    inferred = bool(sources)
            if gov is not None and gov.pos_ in ("VERB", "AUX") and \
                    _lem(gov) in SUPPORT_VERBS and pred.dep_ in ("dobj", "attr", "obj") and \
                    not (targets and places):
                # "opened investigations against X", "held exercises in Alaska": the
                # phrase hangs on the verb
                vt, vp = self._targets_of_verb(gov, {a.key for a in sources})
                targets = targets or vt
                places = places or vp
            mod_tok = gov if gov is not None and gov.pos_ in ("VERB", "AUX") else pred
        if not noun:
            hk = act.kind or HEADS.get(_lem(pred))
            if hk in ("appeal", "demand"):
                # the one asked or pressed: the object, else the subject of the clause
                # that says what they must do ("demanded that the US cancel ...")
                addressee = [a for c in pred.children if c.dep_ in ("dobj", "dative")
                             for a in ctx.actors_of(c)]
                if not addressee:
                    for c in pred.children:
                        if c.dep_ == "ccomp":
                            addressee = [a for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
                                         for a in ctx.actors_of(s)]
                if addressee:
                    targets = addressee
            if act.reporter is not None:
                sources = self._subject_of(act.reporter)
                targets = [a for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")
                           for a in ctx.actors_of(c)] or targets
            if code[:2] == "11":
                # the accused: what the complaint is over or about ("complained to the UN
                # over Israeli raids")
                for p, g in self._pp(pred):
                    if p in ("over", "about", "against", "for", "of"):
                        got = ctx.actors_of(g) or self._first_actor(g.subtree)
                        if got:
                            targets = got
                            break
                if not targets:
                    # "alleged that France was aware ...": the subject of what is alleged
                    src = {a.key for a in sources}
                    targets = [a for c in pred.children if c.dep_ == "ccomp"
                               for sb in c.children if sb.dep_ in ("nsubj", "nsubjpass")
                               for a in ctx.actors_of(sb) if a.key not in src]
        if not targets and code[:2] == "13":
            # "threatened to strike unless Israel rescinded ...": a threat is addressed to
            # the one whose act its condition names
            targets = self._condition_subjects(pred, {a.key for a in sources})
        if act.reverse:
            sources, targets = targets, sources
        # who speaks for a state: the speaker's own state as the source of what they say
        sources = [self._speaker_side(a, pred, qi) for a in sources]
        src_keys = {a.key for a in sources}
        targets = [a for a in targets if a.key not in src_keys]
        # a place visited is the target; a state where an act happened, when none is named
        loc = None
        if places:
            p0 = places[0]
            loc = p0.text if not p0.text.lower().startswith("the ") else p0.text[4:]
            together = len(sources) > 1 and (code[:3] in _RECIPROCAL or code[:2] in _RECIPROCAL)
            if not targets and not (recip or together):
                st = p0 if p0.entity is not None and p0.entity.type == "COUNTRY" else \
                    ctx.state_arg(p0.country, p0)
                src_states = {a.country for a in sources if a.country}
                # a city or region of a state none of the sources belongs to ("protested in
                # Beijing", "exercises in Alaska"): that state, as CAMEO coders code it
                abroad = bool(src_states) and p0.country not in src_states
                if st is not None and st.key not in src_keys and \
                        (code[:2] == "04" or abroad or
                         p0.entity is not None and p0.entity.type == "COUNTRY"):
                    targets = [st]
            code = _where_met(code, p0.country, sources, targets)
        bare = not sources and not targets
        if bare and not (noun or code[:2] == "08"):
            return None
        mutual = len(sources) > 1 and (code[:3] in _RECIPROCAL or code[:2] in _RECIPROCAL)
        if not noun and not targets and not mutual and code[:2] in _VERBAL_ROOTS and \
                _result_participle(t if t.pos_ != "ADJ" else t.head):
            # "X conducted a test, intensifying tensions": a participle that says what the
            # main act brought about borrows its subject; a verbal act (a statement, an
            # intent, a rejection...) with no one it is addressed to is then a comment on
            # the main act, not a second one ("..., killing 20 people" is an act of its own)
            return None
        if act.needs_dyad and not (sources and targets):
            return None
        if act.needs_target and not targets and len(sources) < 2:
            return None
        in_quote = qi is not None
        modality, code = self._modality(mod_tok, code, in_quote) if mod_tok is not None \
            else ("asserted", code)
        if noun:
            modality = self._noun_modality(pred, modality)
        held = mod_tok if mod_tok is not None else pred
        if modality == "negated" and code[:2] in _REFUSABLE and (self._held_back(held) or (
                noun and held is not pred and
                {c.lower_ for c in held.children if c.dep_ == "aux"} &
                (FUTURE_AUX | {"would"}))):
            # "no normalization until the issue is resolved", "does not negotiate unless
            # ...", "will hold no talks" (as "will not hold talks"): an act withheld until a
            # condition is met, or for the future, is refused (CAMEO 12), by the
            # one who withholds it -- the speaker, else the first side -- from the others
            code, modality = compose("reject", code), "asserted"
            if len(sources) > 1 or recip:
                speaker = self._speaker_of(pred, qi)
                mine = [a for a in sources if speaker is not None and a.entity is speaker] \
                    or sources[:1]
                keys = {a.key for a in mine}
                targets = [a for a in sources if a.key not in keys] + \
                    [a for a in targets if a.key not in keys]
                sources, recip = mine, False
            elif not sources:
                # "There can be no dialogue with X until ...", said by Y: Y refuses it
                who = self.ctx.speaker_arg(pred) if qi is not None else None
                if who is None and qi is None:
                    rep = self._reporter(mod_tok if mod_tok is not None else pred)
                    who = next(iter(self._subject_of(rep)), None) if rep is not None else None
                if who is not None:
                    who = replace(who, inferred=True)
                    sources = [who]
                    targets = [a for a in targets if a.key != who.key]
        if act.kind == "intent" or code[:2] == "03":
            if modality == "asserted":
                modality = "intended"
        elif modality == "intended" and act.kind is None and \
                (code[:2] in ("04", "05", "06", "07", "08") or code[:2] >= "14"):
            # an act announced for the future is an intent to do it (CAMEO 03: "will
            # visit", "will work together"), or a threat when it is a use of force or a
            # sanction ("would blockade Paris", "will boycott ... unless")
            code = compose("intent", code)
        if L.info(code) is None:
            code = code[:3] if L.info(code[:3]) else code[:2]
        cand = Cand(code, act.trigger if act.trigger else [t], sent, sources, targets, loc,
                    modality, quote=qi, pred=pred, noun=noun, inferred=inferred)
        cand.anaphoric = noun and self._anaphoric(pred)
        cand.bare = bare
        cand.conf = self._confidence(act, cand)
        if noun and pred.dep_ == "pobj" and pred.head.lower_ in BACKGROUND_PREPS - {"of"}:
            # "complained over two air raids", "despite offers of talks": an act told as the
            # background of another, ranked below the act the clause reports
            cand.conf = max(0.05, round(cand.conf - 0.1, 2))
        elif not noun and pred.dep_ == "advcl" and \
                any(c.dep_ == "aux" and c.lower_ == "to" for c in pred.children):
            # "staged a strike to demand ...": the aim of the act the clause reports
            cand.conf = max(0.05, round(cand.conf - 0.1, 2))
        cand.recip = recip
        cand.mod_tok = mod_tok
        cand.consumed = act.consumed | {act.pred.i}
        return cand

    def _held_back(self, v: Any) -> bool:
        """``v``'s clause (or one governing it) is held until a condition is met: an
        until/unless/till clause ("no talks until the troops leave", "will not sign unless")
        or an until-phrase ("no deal until next year" is not one: it needs a clause)."""
        h = v
        for _ in range(4):
            for c in h.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in HOLD_MARKS
                                             for m in c.children):
                    return True
                if c.dep_ in ("prep", "mark") and c.lower_ in HOLD_MARKS and \
                        any(g.dep_ in ("pcomp", "advcl", "ccomp") for g in c.children):
                    return True
            if h.head.i == h.i or h.dep_ not in ("attr", "dobj", "nsubj", "nsubjpass",
                                                 "xcomp", "conj", "acomp", "pobj", "prep"):
                return False
            h = h.head
        return False

    def _speaker_of(self, pred: Any, qi: int | None) -> Any:
        """The person who says what ``pred`` is in: the quote's speaker, else the person
        subject of the reporting verb that governs it ("..., Carney said")."""
        if qi is not None:
            return self.ctx.speaker.get(qi)
        h = pred
        for _ in range(6):
            if h.head.i == h.i:
                return None
            h = h.head
            if _lem(h) in EXPRESS_VERBS and h.pos_ == "VERB":
                subj = self._subject_of(h)
                return subj[0].entity if subj and subj[0].entity is not None else None
        return None

    def _condition_subjects(self, pred: Any, exclude: set[str]) -> list[Arg]:
        """The actors that the if/unless clause of a predicate (or of the clause it
        governs) is about."""
        frontier = [pred]
        for _ in range(3):
            nxt = []
            for h in frontier:
                for c in h.children:
                    if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                                 for m in c.children):
                        got = [a for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
                               for a in self.ctx.actors_of(s) if a.key not in exclude]
                        if got:
                            return got
                    if c.dep_ in ("xcomp", "ccomp", "conj"):
                        nxt.append(c)
            frontier = nxt
        return []

    def _act_targets(self, act: Act, exclude: set[str]) -> tuple[list[Arg], list[Arg]]:
        p = act.pred
        if p.pos_ in ("NOUN", "PROPN"):
            s, t, pl, _ = self._noun_roles(p, act.code)
            t = [a for a in t if a.key not in exclude]
            if act.comp is not None and not t:
                t, pl2 = self._act_targets(act.comp, exclude)
                pl = pl or pl2
            return t, pl
        t, pl = self._targets_of_verb(p, exclude)
        if act.comp is not None and not t:
            t, pl2 = self._act_targets(act.comp, exclude)
            pl = pl or pl2
        if act.pred.i != act.trigger[0].i:
            s, t2, pl2, _ = self._noun_roles(act.trigger[0], act.code)
            t = t or [a for a in t2 if a.key not in exclude]
        return t, pl

    def _noun_modality(self, n: Any, modality: str) -> str:
        if any(c.dep_ == "det" and c.lower_ in ("no",) for c in n.children):
            return "negated"
        if any(c.dep_ == "amod" and c.lower_ in INTENT_AMOD for c in n.children):
            return "intended" if modality == "asserted" else modality
        return modality

    def _first_person(self, sources: list[Arg], qi: int | None) -> bool:
        if qi is None:
            return False
        sp = self.ctx.speaker.get(qi)
        return bool(sp) and any(a.entity is sp for a in sources)

    def _speaker_side(self, a: Arg, pred: Any, qi: int | None) -> Arg:
        """Inside what a person says, their own state acting is them acting for it."""
        if a.entity is None or a.entity.type != "COUNTRY":
            return a
        speaker = None
        if qi is not None:
            speaker = self.ctx.speaker.get(qi)
        else:
            h = pred
            for _ in range(5):
                if h.head.i == h.i:
                    break
                h = h.head
                if _lem(h) in EXPRESS_VERBS and h.pos_ == "VERB":
                    subj = self._subject_of(h)
                    if subj and subj[0].entity is not None and subj[0].entity.type == "PERSON":
                        speaker = subj[0].entity
                    break
        if speaker is not None and speaker.type == "PERSON" and speaker.country == a.country:
            return Arg(speaker, speaker.name, speaker.country, a.start, a.end, a.text, a.token,
                       False, a.inferred)
        return a

    def _anaphoric(self, n: Any) -> bool:
        dets = [c for c in n.children if c.dep_ in ("det", "poss")]
        return any(c.lower_ in ANAPHORIC_DET or c.pos_ == "PRON" for c in dets) and \
            not any(c.dep_ == "prep" and c.lower_ in ("to", "with", "between", "by", "of")
                    for c in n.children)

    def _confidence(self, act: Act, c: Cand) -> float:
        conf = 0.45 + (0.2 if act.patterned else 0.0)
        if c.sources and c.targets:
            conf += 0.15
        named = [a for a in c.sources + c.targets if a.entity is not None]
        if named and all(a.text[:1].isupper() for a in named):
            conf += 0.1
        if c.inferred:
            conf -= 0.15
        return round(max(0.05, min(0.95, conf)), 2)


# ---------------------------------------------------------------------- dates
class Dater:
    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        sp = ctx.sp
        self.time_at: dict[int, TimeExpr] = {}   # predicate-ish token -> time expression
        for te in ctx.doc.times:
            if te.kind in ("DURATION", "SET"):
                continue
            span = sp.char_span(te.start, te.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            head = span.root
            h = head.head
            for _ in range(6):
                if h.pos_ in ("VERB", "AUX", "NOUN", "PROPN") and not (span.start <= h.i < span.end):
                    if h.pos_ in ("VERB", "AUX") or L.noun(h.lower_) or L.noun(h.lemma_.lower()):
                        self.time_at.setdefault(h.i, te)
                        break
                if h.head.i == h.i:
                    self.time_at.setdefault(h.i, te)
                    break
                h = h.head

    def value(self, te: TimeExpr) -> str | None:
        v = te.value
        if v in ("PAST_REF", "PRESENT_REF"):
            pub = self.ctx.published
            if pub and (v == "PRESENT_REF" or "recent" in te.text.lower() or
                        "past few" in te.text.lower()):
                return pub[:7] if v == "PAST_REF" else pub
            return None
        if v.startswith("FUTURE") or v.startswith("XXXX"):
            return None
        return v.split("T")[0] if "T" in v and len(v) > 10 else v

    def own_time(self, tok: Any) -> TimeExpr | None:
        return self.time_at.get(tok.i)

    def clause_time(self, tok: Any) -> TimeExpr | None:
        """The time of a predicate's clause: its own, else up the governing predicates
        (not across a reported clause's cue or a subordinate clause's mark)."""
        h = tok
        for _ in range(6):
            te = self.time_at.get(h.i)
            if te is not None:
                return te
            if h.head.i == h.i or h.dep_ in ("ccomp", "parataxis", "relcl"):
                return None
            if h.dep_ == "advcl" and any(c.dep_ == "mark" for c in h.children):
                return None
            if h.dep_ == "pobj" and h.head.lower_ in BACKGROUND_PREPS:
                return None
            h = h.head
        return None

    def is_news(self, tok: Any) -> bool:
        """A finite verb of a main clause reporting a past or present act."""
        h = tok
        for _ in range(6):
            if h.pos_ in ("VERB", "AUX"):
                break
            if h.dep_ == "pobj" and h.head.lower_ in BACKGROUND_PREPS:
                return False
            if h.head.i == h.i:
                return False
            h = h.head
        if h.pos_ not in ("VERB", "AUX"):
            return False
        v = h
        for _ in range(5):
            if v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS
                                         for c in v.children):
                return False
            if v.dep_ in ("ROOT",):
                break
            if v.dep_ in ("xcomp", "conj", "advcl", "ccomp"):
                v = v.head
                continue
            return False
        aux = {c.lower_ for c in h.children if c.dep_ in ("aux", "auxpass")}
        if aux & (FUTURE_AUX | HYPOTHETICAL_AUX | {"would"}):
            return False
        return h.tag_ in ("VBD", "VBZ", "VBP") or bool(aux & {"has", "have", "had", "is", "are",
                                                               "was", "were"}) or \
            tok.dep_ in ("xcomp", "advcl") and h.tag_ == "VBG"


# ---------------------------------------------------------------------- the stage
def extract(doc: Annotated) -> list[Event]:
    """The events of one annotated document (needs ``doc.nlp``)."""
    ctx = DocContext(doc)
    ex = Extractor(ctx)
    dater = Dater(ctx)
    cands: list[Cand] = []
    sp = ctx.sp
    from spacy.attrs import HEAD
    offsets = sp.to_array([HEAD]).astype("int64").reshape(-1).tolist()
    wanted = _candidates(sp, offsets)
    for sent in sp.sents:
        consumed: set[int] = set()
        for i in _tree_order(offsets, sent, wanted):
            if i in consumed:
                continue
            c = ex.candidate(sp[i], sent)
            if c is None:
                continue
            consumed |= {x.i for x in c.trigger} | c.consumed
            cands.append(c)
    _merge_relative_places(ex, cands)
    _join_governing(ex, cands)
    _date(ctx, ex, dater, cands)
    _caption_dates(ctx, cands)
    _resolve_chains(ctx, ex, dater, cands)
    cands = [c for c in cands if not c.drop and (c.sources or c.targets)]
    for c in cands:
        if not c.sources:
            # who acted is unknown (no actor named, none found through context): kept, as
            # the gold sets score them, but below an act whose actor is known
            c.conf = max(0.05, round(c.conf - 0.1, 2))
        elif all(a.entity is None and a.country is None for a in c.sources):
            # a nameless collective ("rebels", "the opposition"): below a named actor's act
            c.conf = max(0.05, round(c.conf - 0.05, 2))
    cands += _statements(ctx, ex, cands)
    return _to_events(ctx, cands)


@functools.lru_cache(maxsize=1)
def _lemmas() -> frozenset[str]:
    """Lemmas that can head an event: lexicon words, heads, support and speech verbs."""
    lex = L.lexicon()
    words = {k.split()[0] for k in lex["verbs"]} | set(lex["nouns"])
    # and the regular forms of the verbs, for a lemma the tagger got wrong ("staged")
    forms = {f for w in _verb_words() for f in inflections(w)}
    return frozenset(words | set(HEADS) | set(NOUN_HEADS) | SUPPORT_VERBS | EXPRESS_VERBS |
                     INTENT_ADJ | forms)


_POS_OK = {"VERB", "AUX", "NOUN", "PROPN", "ADJ"}


def _candidates(sp: Any, offsets: list[int]) -> set[int]:
    """Token indices worth coding, read from the parse's arrays (no Token per word): a word
    the lexicon knows, the head of an eventive compound, a verb under "must"/"should"."""
    import numpy as np
    from spacy.attrs import LEMMA, LOWER, POS

    strings = sp.vocab.strings
    arr = sp.to_array([POS, LEMMA, LOWER])
    if not len(arr):
        return set()
    known = np.fromiter((strings.add(w) for w in _lemmas()), dtype=arr.dtype)
    pos_ok = np.fromiter((strings.add(p) for p in _POS_OK), dtype=arr.dtype)
    must = np.fromiter((strings.add(w) for w in ("must", "should")), dtype=arr.dtype)
    hit = np.isin(arr[:, 0], pos_ok) & (np.isin(arr[:, 1], known) | np.isin(arr[:, 2], known))
    offs = np.asarray(offsets, dtype=np.int64)
    idx = np.nonzero(hit)[0]
    out = set(idx.tolist())
    # an eventive compound's head ("mediation mission"); the verb a modal hangs on
    out.update((idx + offs[idx]).tolist())
    m = np.nonzero(np.isin(arr[:, 2], must))[0]
    out.update((m + offs[m]).tolist())
    return out


def _tree_order(offsets: list[int], sent: Any, wanted: set[int]) -> list[int]:
    """The wanted tokens of a sentence, governing words first (breadth-first); ``offsets``:
    each token's head as an offset from it (the parse's HEAD array)."""
    heads = offsets[sent.start:sent.end]
    n = len(heads)
    depth = [-1] * n
    for j in range(n):
        path = []
        k = j
        while depth[k] < 0 and heads[k] != 0 and 0 <= k + heads[k] < n and len(path) <= n:
            path.append(k)
            k += heads[k]
        base = depth[k] if depth[k] >= 0 else 0
        depth[k] = base
        for d, x in enumerate(reversed(path), 1):
            depth[x] = base + d
    return sorted((sent.start + j for j in range(n) if sent.start + j in wanted),
                  key=lambda i: (depth[i - sent.start], i))


def _merge_relative_places(ex: Extractor, cands: list[Cand]) -> None:
    """"a visit to Pyongyang, where he met Kim Jong Il": one visit, to Kim Jong Il there."""
    by_pred = {id(c.pred): c for c in cands}
    for c in cands:
        v = c.mod_tok if c.noun else c.pred
        if v is None or v.dep_ != "relcl" or c.code[:2] != "04":
            continue
        if not any(ch.lower_ in ("where", "when") and ch.dep_ == "advmod" for ch in v.children):
            continue
        place = v.head
        if c.location is None:
            c.location = place.text
        host = place.head.head if place.dep_ == "pobj" else None
        outer = next((o for o in cands if o is not c and (o.pred.i == host.i or host.i in o.consumed)),
                     None) if host is not None else None
        if outer is None or outer.code[:2] != "04":
            continue
        if {a.key for a in c.sources} & {a.key for a in outer.sources} and c.targets:
            outer.targets = _specific(c.targets)
            outer.location = outer.location or place.text
            outer.conf = max(outer.conf, c.conf)
            c.drop = True
    del by_pred


def _join_governing(ex: Extractor, cands: list[Cand]) -> None:
    """A noun event with no source of its own under a verb event is done by that event's
    source ("will travel to Beijing for talks with Xi": Albanese's talks)."""
    by_tok: dict[int, Cand] = {}
    for c in cands:
        if not c.noun:
            by_tok.setdefault(c.pred.i, c)
    for c in cands:
        # the subject of a verb is not done by that verb's source ("the kidnapping of two
        # engineers shocked Peru": not Peru's kidnapping)
        if not c.noun or c.sources or c.pred.dep_ in ("nsubj", "csubj"):
            continue
        gov = ex._governor(c.pred)
        outer = by_tok.get(gov.i) if gov is not None else None
        if outer is not None and outer.sources and outer is not c:
            keys = {a.key for a in c.targets}
            c.sources = [a for a in outer.sources if a.key not in keys]
            c.bare = c.bare and not c.sources
            c.inferred = True
            if c.time is None and c.date is None:
                c.mod_tok = outer.pred


def _date(ctx: DocContext, ex: Extractor, dater: Dater, cands: list[Cand]) -> None:
    for c in cands:
        pred = c.pred
        te = dater.own_time(pred) or (dater.own_time(c.trigger[0]) if c.trigger else None)
        if te is None:
            te = next((dater.time_at[i] for i in sorted(c.consumed) if i in dater.time_at), None)
        mod_tok = c.mod_tok
        # a noun takes its clause's time as the object of the verb that reports it or as
        # the occasion of its subject's act ("during the talks"), not as the subject of a
        # comment on it ("the launches had made cooperation more urgent since ...")
        takes_clause = not c.noun or pred.dep_ in ("dobj", "attr", "nsubjpass", "obj") or \
            (pred.dep_ == "pobj" and pred.head.lower_ in PARTICIPATION_PREPS | {"for"})
        if te is None and mod_tok is not None and takes_clause:
            te = dater.clause_time(mod_tok)
        if te is None and not c.noun:
            te = dater.clause_time(pred)
        if te is not None:
            v = dater.value(te)
            if v:
                c.date, c.date_source, c.time = v, "text", te
                continue
        recent = c.noun and any(ch.dep_ == "amod" and ch.lower_ in RECENT_AMOD
                                for ch in pred.children)
        # a noun is news only as the object of the verb that reports it ("conducted a
        # test", "reaffirmed its willingness"), not in a phrase of background
        news_tok = pred if not c.noun else (
            mod_tok if mod_tok is not None and mod_tok.i != pred.i and
            pred.dep_ in ("dobj", "attr", "nsubjpass", "obj") and
            _lem(mod_tok) in SUPPORT_VERBS | EXPRESS_VERBS else None)
        news = recent or (c.quote is not None and (c.modality == "intended" or
                                                   c.code[:2] in ("12", "13"))) or \
            (news_tok is not None and c.quote is None and dater.is_news(news_tok))
        if not news and (c.modality == "intended" or c.code[:2] in ("03", "12", "13")):
            # an intent, refusal or threat is made when it is said: "Indonesia said it
            # would not resume talks" is dated by the saying
            rep = ex._reporter(mod_tok if mod_tok is not None else pred)
            news = rep is not None and dater.is_news(rep)
        if news and c.modality not in ("hypothetical",) and ctx.published:
            c.date, c.date_source, c.news = ctx.published, "published", True


# A caption dates the occasion its photo shows: at most this many days before publication.
CAPTION_MAX_DAYS = 7
# words of a proper name shared by a caption and a sentence that are no venue
_VENUE_SKIP = frozenset("the of a an and in at on for to by from with his her its their".split())


def _captions(ctx: DocContext) -> list[tuple[str, str]]:
    """(caption line, its date) for each photo caption cleaning removed (a line ending in a
    credit: "... | Image: AP") that writes a full date close before publication."""
    from ..clean import patterns as CP
    from ..clean.metadata import parse_date
    pub = ctx.published
    if not pub or len(pub) != 10:
        return []
    try:
        pub_d = _dt.date.fromisoformat(pub)
    except ValueError:
        return []
    out = []
    for line in ctx.doc.article.removed:
        if not CP.CREDIT.search(line) or len(line.split()) < 6:
            continue
        d = parse_date(line)
        if d is None or not 0 <= (pub_d - d).days <= CAPTION_MAX_DAYS:
            continue
        out.append((line, d.isoformat()))
    return out


def _venues(sent: Any, skip: set[int]) -> list[str]:
    """The multi-word proper names of a sentence outside ``skip`` ("the United Nations
    General Assembly", "the Pacific Alliance Summit"): the occasion it names."""
    out, run = [], []
    for t in list(sent) + [None]:
        if t is not None and t.i not in skip and (t.pos_ == "PROPN" or
                                                 (run and t.lower_ in ("of",))):
            run.append(t)
            continue
        while run and run[-1].pos_ != "PROPN":
            run.pop()
        words = [w.text for w in run if w.lower_ not in _VENUE_SKIP]
        if len(words) >= 2:
            out.append(" ".join(w.text for w in run))
        run = []
    return out


def _caption_dates(ctx: DocContext, cands: list[Cand]) -> None:
    """An act reported as news with no time expression of its own takes the date of a photo
    caption that shows the same occasion: the caption names the act's source (by its full
    name or surname) and a proper name of the occasion that the act's sentence names too
    ("Kishida addresses the ... United Nations General Assembly, Tuesday, September 19,
    2023 | Image: AP" dates "Kishida ... delivered a message at the United Nations General
    Assembly"). ``date_source`` is then "caption"; the caption is among the lines cleaning
    removed (``Article.removed``). Two captions giving different dates for it date nothing."""
    todo = [c for c in cands if c.date_source == "published" and c.sources]
    if not todo:
        return
    caps = _captions(ctx)
    if not caps:
        return
    folded = [(line.casefold(), d) for line, d in caps]
    for c in todo:
        names = set()
        for a in c.sources:
            if a.entity is None or a.entity.type != "PERSON":
                continue
            full = a.entity.name
            names.add(full.casefold())
            if len(full.split()) > 1:
                names.add(full.split()[-1].casefold())
        if not names:
            continue
        # a person or a state is no occasion; an organisation's name may be ("the Pacific
        # Alliance Summit"), unless it is the one acting
        keys = {a.key for a in c.sources}
        skip = {i for i in range(c.sent.start, c.sent.end) if ctx.tok_ment[i] is not None and
                (ctx.tok_ment[i][0].type in ("PERSON", "COUNTRY") or
                 ctx.tok_ment[i][0].id in keys)}
        venues = [v.casefold() for v in _venues(c.sent, skip)]
        if not venues:
            continue
        dates = {d for line, d in folded
                 if any(_word_in(n, line) for n in names) and any(v in line for v in venues)}
        if len(dates) == 1:
            c.date, c.date_source = dates.pop(), "caption"


def _word_in(word: str, line: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", line) is not None


def _resolve_chains(ctx: DocContext, ex: Extractor, dater: Dater, cands: list[Cand]) -> None:
    """Definite eventive nouns refer back; what an event resulted in happened with it."""
    for i, c in enumerate(cands):
        if c.anaphoric and c.noun:
            ante = _antecedent(cands, i)
            if ante is not None:
                # the same real-world event told again: no new event
                if not c.sources or {a.country for a in c.sources} <= \
                        {a.country for a in ante.sources + ante.targets}:
                    c.drop = True
                    c.ante = ante
    for c in cands:
        if c.drop:
            continue
        cause = _cause_of(ex, cands, c)
        if cause is None:
            continue
        if c.date is None or c.date_source == "published" and cause.date_source == "text":
            if cause.date:
                c.date, c.date_source = cause.date, "context"
        sides = cause.sources + cause.targets
        if not c.sources and sides:
            tc = {a.country for a in c.targets}
            other = [a for a in sides if a.country and a.country not in tc]
            if other:
                st = ctx.state_arg(other[-1].country, other[-1])
                if st is not None:
                    c.sources = [replace(st, inferred=True)]
                    c.inferred = True
                    c.conf = max(0.05, round(c.conf - 0.15, 2))
        if not c.targets and c.sources:
            sc = {a.country for a in c.sources}
            other = [a for a in sides if a.country and a.country not in sc]
            if other:
                st = ctx.state_arg(other[-1].country, other[-1])
                if st is not None:
                    c.targets = [replace(st, inferred=True)]
    # a release of captives with no agent: whoever took them
    for i, c in enumerate(cands):
        if c.drop or c.code[:2] != "08" or c.sources:
            continue
        words = {t.lower_ for t in c.sent} if c.sent is not None else set()
        if not words & CAPTIVES:
            continue
        taker = next((o for o in reversed(cands[:i]) if o.code[:2] in ("18", "17") and o.sources),
                     None)
        if taker is not None:
            c.sources = [replace(a, inferred=True) for a in taker.sources]
            if not c.targets:
                c.targets = [replace(a, inferred=True) for a in taker.targets]
            c.inferred = True
            c.conf = max(0.05, round(c.conf - 0.15, 2))


def _antecedent(cands: list[Cand], i: int) -> Cand | None:
    c = cands[i]
    for o in reversed(cands[:i]):
        if (o.drop and o.ante is None) or (o.bare and not o.sources and not o.targets):
            continue
        if o.code[:2] == c.code[:2] and o.start < c.start and c.start - o.start < 1200:
            return o.ante or o
    return None


def _cause_of(ex: Extractor, cands: list[Cand], c: Cand) -> Cand | None:
    """The event whose result ``c`` is: "<event> resulted in / led to <c>"."""
    p = c.pred
    gov = ex._governor(p) if p is not None else None
    if gov is None or _lem(gov) not in RESULT_VERBS:
        return None
    for s in gov.children:
        if s.dep_ in ("nsubj", "nsubjpass"):
            for o in cands:
                if o.pred.i == s.i or s.i in {t.i for t in o.trigger}:
                    return (o.ante or o) if o.drop else o
    return None


def _statements(ctx: DocContext, ex: Extractor, cands: list[Cand]) -> list[Cand]:
    """A direct quotation with nothing more specific coded in it: a statement (010)."""
    out: list[Cand] = []
    starts = sorted(c.start for c in cands)       # bisected: a scan per quote was quadratic
    for qi, q in enumerate(ctx.quotes):
        speaker = ctx.speaker.get(qi)
        if speaker is None or q.kind not in _QUOTE_KINDS_AS_STATEMENT:
            continue
        i = bisect.bisect_left(starts, q.start)
        if i < len(starts) and starts[i] < q.end:      # a candidate inside the quotation
            continue
        span = ctx.sp.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        target = None
        for t in span:
            a = ctx.mention_arg(t)
            if a is None or a.entity is speaker or (a.country and a.country == speaker.country
                                                     and a.entity.type == "COUNTRY"):
                continue
            target = a
            break
        cue = q.cue_span
        trig = ctx.sp.char_span(cue.start, cue.end, alignment_mode="expand") if cue else None
        trig_toks = list(trig) if trig is not None and len(trig) else [span[0]]
        src = Arg(speaker, speaker.name, speaker.country,
                  q.speaker.mention.start if q.speaker.mention else q.start,
                  q.speaker.mention.end if q.speaker.mention else q.start,
                  q.speaker.mention.text if q.speaker.mention else "", trig_toks[0].i)
        c = Cand("010", trig_toks, trig_toks[0].sent, [src], [target] if target else [],
                 None, "asserted", quote=qi, conf=0.4 if target else 0.3)
        c.date = ctx.published
        c.date_source = "published" if ctx.published else None
        out.append(c)
    return out


def _actor(a: Arg | None) -> Actor | None:
    if a is None:
        return None
    # an actor found through context is not named where its mention would point
    return Actor(entity=a.entity.id if a.entity else None, name=a.name, country=a.country,
                 mention=Span(a.start, a.end, a.text) if a.text and not a.inferred else None)


def _to_events(ctx: DocContext, cands: list[Cand]) -> list[Event]:
    sents = ctx.doc.sentences
    sent_starts = [x.start for x in sents]          # in order, apart: found by bisection
    rows: list[tuple] = []
    seen: set[tuple] = set()
    for c in cands:
        pairs: list[tuple[Arg | None, Arg | None]] = []
        srcs = c.sources or [None]
        tgts = c.targets or [None]
        recip = c.recip or c.code[:3] in _RECIPROCAL or c.code[:2] in _RECIPROCAL
        if len(c.sources) > 1 and not c.targets and recip:
            pairs = [(a, b) for a in c.sources for b in c.sources if a.key != b.key]
        else:
            pairs = [(a, b) for a in srcs for b in tgts]
            if c.recip:
                pairs += [(b, a) for a, b in pairs if a is not None and b is not None]
        if not c.targets and c.code[:2] in _NEEDS_TARGET and len(c.sources) < 2:
            continue
        for s, t in pairs:
            code = c.code
            if ":" in code:
                code = code.split(":")[0]
            key = (code, c.start, s.key if s else None, t.key if t else None)
            if key in seen:
                continue
            seen.add(key)
            rows.append((c, code, s, t))
    rows.sort(key=lambda r: (r[0].start, r[1]))
    events = []
    for i, (c, code, s, t) in enumerate(rows, 1):
        info = L.info(code)
        k = bisect.bisect_right(sent_starts, c.start) - 1
        sent = sents[k] if k >= 0 and c.start < sents[k].end else None
        es, ee = (sent.start, sent.end) if sent else (c.sent.start_char, c.sent.end_char)
        trig = Span(c.start, c.end, ctx.text[c.start:c.end])
        events.append(Event(
            id=f"v{i}", cameo=code, plover=info.plover if info else None,
            label=info.label if info else None, source=_actor(s), target=_actor(t),
            date=c.date, location=c.location, modality=c.modality,
            evidence_start=es, evidence_end=ee, confidence=c.conf,
            goldstein=info.goldstein if info else None, trigger=trig,
            quad=info.quad if info else None, plover_mode=info.mode if info else None,
            date_source=c.date_source))
    return events


def stage(doc: Annotated) -> Annotated:
    sp = doc.nlp
    if sp is None or sp.text != doc.article.text:
        return doc
    try:
        events = extract(doc)
    except Exception as exc:  # a coder bug must not lose the document; it is recorded
        log.exception("events failed on %s", doc.article.doc_id)
        return doc.warn("events_failed", f"event coding failed: {type(exc).__name__}: {exc}")
    return replace(doc, events=tuple(events))
