"""Actor component 6: roles of people from the words around their names.

Roles come from the title before a name ("former Japanese Prime Minister Junichiro Koizumi"
-> Prime Minister of JPN, qualifier former), from appositions ("Fumio Kishida, the Japanese
prime minister,"), from "X's predecessor, NAME" (X's title, qualifier former), and from
"STATE, under NAME" / "the STATE regime led by NAME" (the person leads that state). A bare
state title takes the person's state when that is known; a national body's title gives its
state ("Pentagon spokesman" -> USA); family ("X's father, NAME") shares X's state but not
X's title.
"""

from __future__ import annotations

from typing import Any

from . import roles as R
from .actor_state import POSSESSIVE, ActorState, is_state
from .coref import Cluster

_KIN = {"father", "mother", "son", "daughter", "brother", "sister", "wife", "husband",
        "uncle", "aunt", "grandfather", "grandmother", "grandson", "granddaughter", "nephew",
        "niece", "cousin", "widow", "widower"}
# Head nouns that make "the X regime led by NAME" a statement about who leads state X.
_STATE_HEADS = {"regime", "government", "country", "state", "nation", "administration",
                "leadership", "dictatorship", "republic", "kingdom"}
_LEAD_CUES = (("under",), ("led", "by"), ("headed", "by"), ("ruled", "by"))


def person_roles(st: ActorState) -> None:
    """Titles before names, appositions, "under NAME"; then relations (a predecessor takes
    the title, family the state) and bare titles settled against the person's state."""
    sp = st.sp
    sent_of = st.doc.sent_of
    places_at_tok = st.places_at_tok
    clusters, cl_of, persons = st.clusters, st.cl_of, st.persons
    name_toks: set[int] = set()
    for c in persons:
        name_toks.update(range(c.a, c.b))
    org_at_tok: dict[int, str] = {}
    org_country = {cl.name: cl.country for cl in clusters if cl.type == "ORG" and cl.country}
    for c in (*st.cands, *st.places):
        cl = cl_of.get(id(c))
        if cl is not None and cl.type == "ORG":
            for i in range(c.a, c.b):
                org_at_tok[i] = cl.name
    relations: list[tuple[Cluster, Cluster, str]] = []
    nominal_spans: list[tuple[Cluster, int, int]] = []
    person_at_tok: dict[int, Cluster] = {}
    for c in persons:
        cl = cl_of.get(id(c))
        if cl is not None:
            for i in range(c.a, c.b):
                person_at_tok[i] = cl
    for c in persons:
        cl = cl_of.get(id(c))
        if cl is None:
            continue
        _roles_before(sp, c, cl, places_at_tok, org_at_tok, name_toks, sent_of, org_country)
        _roles_apposed(sp, c, cl, places_at_tok, org_at_tok, org_country, person_at_tok,
                       relations, nominal_spans)
        _led_state(sp, c, cl, places_at_tok, sent_of)
        if c.post:
            cl.add_role(c.post, None, None)      # "Paul Boateng MP"
    for cl, s, e in nominal_spans:
        if (s, e, "nominal") not in cl.mentions:
            cl.mentions.append((s, e, "nominal"))
    pcl = [cl for cl in clusters if cl.type == "PERSON"]
    settle_roles(pcl)
    for target, source, rel in relations:
        if rel == "kin":
            if target.country is None and source.country is not None:
                target.country = source.country
            continue
        for t, of, q in list(source.roles):
            if q != "former":
                target.add_role(t, of, R.RELATION_WORDS.get(rel))
                if target.country is None and is_state(of):
                    target.country = of
                break
    st.name_toks, st.clusters = name_toks, clusters


def _words_and_maps(sp: Any, a: int, b: int, places_at_tok: dict[int, str],
                    org_at_tok: dict[int, str]) -> tuple[list[str], dict[int, str], dict[int, str]]:
    words, pl, og = [], {}, {}
    for j, i in enumerate(range(a, b)):
        words.append(sp[i].text)
        if i in places_at_tok:
            pl[j] = places_at_tok[i]
        elif i in org_at_tok:
            og[j] = org_at_tok[i]
    return words, pl, og


def _apply(cl: Cluster, tp: R.TitleParse, org_country: dict[str, str] | None = None) -> None:
    if tp.gender and not cl.gender:
        cl.gender = tp.gender
    if tp.title:
        cl.add_role(tp.title, tp.of, tp.qualifier)
    if cl.country is None and tp.of:
        # a state's office, or a national body's ("Pentagon spokesman" -> USA)
        code = tp.of if is_state(tp.of) else (org_country or {}).get(tp.of)
        if code and (tp.title is None or tp.title in R.STATE_TITLES
                     or tp.qualifier != "former"):
            cl.country = code


def _role_word_here(t: Any) -> bool:
    """A role word as written here: abbreviations must be capitalised ("PM", "Gov.", not the
    "p.m." of a clock time)."""
    if not R.is_role_word(t.text):
        return False
    w = t.text
    if ("." in w or len(w) <= 3) and not w[:1].isupper():
        return False
    return True


def _roles_before(sp, c, cl, places_at_tok, org_at_tok, name_toks, sent_of,
                  org_country) -> None:
    """The premodifying title phrase: walk left over title words, state words and the like."""
    j = c.a
    si = sent_of[c.a]
    while j > 0 and c.a - j < 9 and sent_of[j - 1] == si:
        t = sp[j - 1]
        if (j - 1) in name_toks:
            break
        if "\n" in t.text or "\n" in t.whitespace_:
            break          # a title never runs across a line break
        if _role_word_here(t) or (j - 1) in places_at_tok or (j - 1) in org_at_tok \
                or t.text in POSSESSIVE or t.text in ("-",) or t.lower_ in ("then",):
            j -= 1
            continue
        if t.lower_ in ("of", "the") and any(
                k >= 0 and sent_of[k] == si and R.is_role_word(sp[k].text)
                for k in (j - 2, j - 3)):
            j -= 1         # "Secretary of State", "President of the United States"
            continue
        if t.lower_ in ("the", "a", "an"):
            j -= 1
        break
    if j == c.a:
        return
    words, pl, og = _words_and_maps(sp, j, c.a, places_at_tok, org_at_tok)
    tp = R.parse_phrase(words, pl, og)
    # "Japan's Kishida": a possessive state with no title still says where he is from
    _apply(cl, tp, org_country)


def _roles_apposed(sp, c, cl, places_at_tok, org_at_tok, org_country, person_at_tok, relations,
                   nominal_spans) -> None:
    """Appositions: "Biden's predecessor, Donald Trump" and "Kishida, the prime minister,"."""
    head = sp[c.b - 1]
    phrases = []
    # only a phrase right next to the name, across one comma: a parser's long-distance
    # apposition is too often wrong ("...the president and our military," Flynn said)
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and c.a >= 2 \
            and sp[c.a - 1].text == "," and head.head.i == c.a - 2:
        phrases.append(head.head)
    for ch in head.children:
        if ch.dep_ == "appos" and ch.pos_ == "NOUN" and c.b < len(sp) \
                and sp[c.b].text == "," and _np_start(ch) == c.b + 1:
            phrases.append(ch)
    for ph in phrases:
        if ph.lower_ in _KIN:
            # "Kim Jong Un's father, Kim Jong Il": family shares the state, not the title
            owner = next((person_at_tok.get(ch.i) for ch in ph.children if ch.dep_ == "poss"),
                         None)
            if owner is not None and owner is not cl:
                relations.append((cl, owner, "kin"))
            continue
        # only the noun phrase itself (its left part up to the head), kept short
        a, b = _np_start(ph), ph.i + 1
        if b - a > 8 or a >= b or any(c.a <= i < c.b for i in range(a, b)) \
                or "\n" in sp[a:b].text:
            continue
        words, pl, og = _words_and_maps(sp, a, b, places_at_tok, org_at_tok)
        tp = R.parse_phrase(words, pl, og)
        if tp.relation and tp.possessor:
            pa, pb = tp.possessor
            other = person_at_tok.get(a + pb - 1)
            if other is not None and other is not cl:
                relations.append((cl, other, tp.relation))
                nominal_spans.append((cl, sp[a].idx, sp[b - 1].idx + len(sp[b - 1].text)))
            continue
        if tp.title:
            _apply(cl, tp, org_country)
            s = sp[a].idx
            nominal_spans.append((cl, s, sp[b - 1].idx + len(sp[b - 1].text)))


def _np_start(ph: Any) -> int:
    """First token of a noun phrase's left part, past leading adverbs and conjunctions."""
    a = ph.left_edge.i
    doc = ph.doc
    while a < ph.i and doc[a].pos_ in ("ADV", "CCONJ", "PUNCT", "ADP", "SCONJ", "INTJ"):
        a += 1
    return a


def _led_state(sp, c, cl, places_at_tok, sent_of) -> None:
    """"the United States, under President Joe Biden" / "the North Korean regime led by Kim"."""
    # skip back over the title phrase before the name
    j = c.a
    while j > 0 and (R.is_role_word(sp[j - 1].text) or (j - 1) in places_at_tok) \
            and c.a - j < 6:
        j -= 1
    for cue in _LEAD_CUES:
        n = len(cue)
        if j - n < 0 or tuple(t.lower_ for t in sp[j - n:j]) != cue:
            continue
        k = j - n - 1
        if k >= 0 and sp[k].text == ",":
            k -= 1
        # the state itself, or a state-word head noun right after a state word
        code = places_at_tok.get(k) if k >= 0 else None
        if code is None and k >= 1 and sp[k].lower_ in _STATE_HEADS and cue != ("under",):
            code = places_at_tok.get(k - 1)
            if code is not None:
                cl.add_role("Leader", code, None)
        if code is None or sent_of[k] != sent_of[c.a]:
            continue
        if cl.country is None:
            cl.country = code
        return


def settle_roles(pcl: list[Cluster]) -> None:
    """Bare titles take the person's state; a bare role merges into the same title with a
    state; the person's country comes from a current role when still unknown."""
    for cl in pcl:
        if cl.country is None:
            for t, of, q in cl.roles:
                if is_state(of):
                    cl.country = of
                    break
        new: list[tuple[str, str | None, str | None]] = []
        for t, of, q in cl.roles:
            if of is None and cl.country and t in R.STATE_TITLES:
                of = cl.country
            if of is None and any(t2 == t and o2 and q2 == q for t2, o2, q2 in cl.roles):
                continue
            if (t, of, q) not in new:
                new.append((t, of, q))
        cl.roles = new
