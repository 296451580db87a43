"""The reporting-verb lexicon (``data/cue_verbs.txt``) and the syntax around a cue.

A cue is the word that marks content as someone's: a reporting verb ("said", "warned"), a
belief verb ("believes", only with a clause), or the preposition "according to". What the
cue introduces (its content) and who speaks (its source) are read off the dependency parse.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Iterator

DATA = Path(__file__).resolve().parent / "data" / "cue_verbs.txt"

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents that make a clause the content of a verb of saying.
CLAUSE_DEPS = ("ccomp",)
# Verbs whose subject is inherited by a dependent cue ("highlighted ..., stating", "and added").
INHERIT_DEPS = ("advcl", "conj", "xcomp")
TRAILING_DEPS = ("advcl", "relcl", "acl")
# Set off by a comma at the very end of the content, these describe one of its nouns: the
# writer's aside ("... from New York, where he trails", "... 30,000 jobs, a mass layoff")
TRAILING_ASIDES = ("relcl", "appos")
# Subordinators of a reason or condition that is part of what is reported
REASON_MARKS = {"because", "if", "unless"}
QUOTE_TOKENS = ("\u201c", "\u201d", '"', "''", "\u2018", "\u2019")
CONTRAST_MARKS = {"though", "although", "whereas"}
# Prepositions that carry what a speech act says of its object ("described X as", "accused X of")
PREDICATIVE_PREPS = ("as", "of", "for")


def data_lines(path: Path) -> Iterator[str]:
    """The non-empty lines of a cue list, "#" comments removed."""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """lemma -> classes ("speech", "belief", "object")."""
    out: dict[str, set[str]] = {}
    for line in data_lines(DATA):
        lemma, *classes = line.split()
        out.setdefault(lemma.lower(), set()).update(classes or ["speech"])
    return {k: frozenset(v) for k, v in out.items()}


# Reporting verbs that open an inverted attribution ("Said Ellis: ..."), where the tagger
# often takes the capitalised verb for a name
INVERTED = {"said": "say", "says": "say", "added": "add", "adds": "add", "wrote": "write",
            "writes": "write", "asked": "ask", "asks": "ask"}


def classes_of(tok: Any) -> frozenset[str]:
    if inverted_cue(tok):
        return lexicon().get(INVERTED[tok.lower_], frozenset())
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN",
                                                            "VB"):
        return frozenset()
    lemma = tok.lemma_.lower()
    if lemma != "speak" and any(c.dep_ == "prt" and c.lower_ in ("up", "down", "off")
                                for c in tok.children):
        return frozenset()      # "accounts that add up", "wrote off the debt": no saying
    return lexicon().get(lemma, frozenset())


def inverted_cue(tok: Any) -> bool:
    """``tok`` opens its sentence as "Said" before a name ("Said Ellis: ...")."""
    return tok.text[:1].isupper() and tok.lower_ in INVERTED and (
        tok.i == 0 or tok.is_sent_start or tok.doc[tok.i - 1].text in ("\n", ".", ":")
        or "\n" in tok.doc[tok.i - 1].text) and tok.i + 1 < len(tok.doc) and \
        tok.doc[tok.i + 1].pos_ in ("PROPN", "NOUN", "DET", "PRON")


def inverted_subject(tok: Any) -> Any | None:
    """The name after an inverted cue: the last word of the run "Said [the] Sen. Ann Ellis"."""
    doc = tok.doc
    k = tok.i + 1
    last = None
    while k < len(doc) and k <= tok.i + 6 and (doc[k].pos_ in ("PROPN", "NOUN", "DET", "ADJ")
                                               or doc[k].text == "."):
        if doc[k].pos_ in ("PROPN", "NOUN"):
            last = doc[k]
        k += 1
    return last


def is_according(tok: Any) -> bool:
    """``tok`` is "according" of "according to X"."""
    return (tok.lower_ == "according" and tok.i + 1 < len(tok.doc)
            and tok.doc[tok.i + 1].lower_ == "to")


def subject_of(verb: Any, depth: int = 0) -> Any | None:
    """The speaker token of a cue verb: its subject, a passive agent, or one inherited."""
    # the closest subject: a misparse can give a verb two, one inside the quotation
    # ("'That, unfortunately,' he said")
    for c in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.dep_ == "nsubjpass":
                ag = _agent(verb)
                if ag is not None:
                    return ag
            return c
    ag = _agent(verb)
    if ag is not None:
        return ag
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head                  # "Smith, who said ..."
    if depth < 3 and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        # "distanced himself ... by saying", "in addition to stating"
        return subject_of(verb.head.head, depth + 1)
    if depth < 3 and verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ":
        # "voters are more likely to say ..."
        return subject_of(verb.head.head, depth + 1) if verb.head.dep_ == "acomp" else None
    if depth < 2 and verb.dep_ in INHERIT_DEPS and verb.head is not verb:
        if verb.dep_ == "conj" and classes_of(verb):
            # "He said A and said B": the parser may hang the second verb inside A; the
            # speaker is the subject of the reporting verb above, not of A
            for anc in list(verb.ancestors)[:4]:
                if classes_of(anc):
                    return subject_of(anc, depth + 1)
        return subject_of(verb.head, depth + 1)
    return None


def _agent(verb: Any) -> Any | None:
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def phrase_bounds(head: Any) -> tuple[int, int]:
    """Token range [i, j) of the noun phrase headed by ``head``, without post-modifiers.

    News speakers are written "Japanese Prime Minister Fumio Kishida", "the president",
    "Kantar Media's political ad tracker": the head is last, so the phrase is the head with
    its left dependents; relative clauses and appositions after a comma are not the name.
    """
    i = head.i
    for c in head.lefts:
        if c.dep_ in ("punct", "cc", "prep") or c.is_space:
            continue
        i = min(i, c.left_edge.i)
    j = head.i + 1
    # keep "of" phrases that belong to a title ("the president of France")
    for c in head.rights:
        if c.dep_ in ("compound", "flat", "nummod") and c.i == j:
            j = c.right_edge.i + 1
    doc = head.doc
    # never reach over a line break or into the previous sentence (datelines, headings)
    i = max(i, head.sent.start)
    for k in range(head.i - 1, i - 1, -1):
        if "\n" in doc[k].text_with_ws:
            i = k + 1
            break
    while i < head.i and (doc[i].is_punct or doc[i].is_space):
        i += 1
    return i, j


def clause_end(head: Any) -> int:
    """End of a reported clause: its subtree, less a trailing comment set off from it.

    ("Trump is insisting that he has 'expanded the party,' claiming ...": the participle
    is a new attribution; "... and 'there's nothing wrong with that' -- asserting ...";
    "... are 'about right,' though voters ...".) A subordinate clause after a comma in the
    writer's text ("..., because the city needs it", "..., even though ...") is still part
    of what was said.
    """
    end = head.right_edge.i + 1
    doc = head.doc
    for c in head.rights:
        if c.left_edge.i <= head.i:
            continue
        if c.dep_ not in TRAILING_DEPS and not (
                c.dep_ == "conj" and _second_report(c)
                and not any(g.dep_ in SUBJECT_DEPS for g in c.children)):
            continue
        k = c.left_edge.i
        if c.dep_ == "conj":
            # a second reporting verb ("... and said that ...") starts its own attribution
            while k > head.i + 1 and doc[k - 1].dep_ in ("cc", "punct"):
                k -= 1
            end = min(end, k)
            continue
        marks = {g.lower_ for g in c.children if g.dep_ == "mark"}
        if c.dep_ == "advcl" and marks and not classes_of(c) \
                and doc[k - 1].text == ",":
            # ", because ...", ", if ...": a subordinate clause of the reported one is
            # still what was said; a bare participle (", claiming ...") is a new comment
            continue
        if doc[k - 1].text in (",", "—", "–", ";", "-", "--") or marks & CONTRAST_MARKS:
            end = min(end, k)
    # "... if they stayed home, implicitly staking his name on it": a bare participle after a
    # comma at the very end of the clause, however deep the parser hung it, is the writer's
    # comment on the report
    t = head
    for _ in range(12):
        rs = [c for c in t.rights if not c.is_punct and c.i < end]
        if not rs:
            break
        c = rs[-1]
        k = c.left_edge.i
        if c is not head and c.dep_ == "advcl" and c.tag_ == "VBG" and k > head.i + 1 and \
                doc[k - 1].text == "," and not classes_of(c) and not any(
                g.dep_ == "mark" for g in c.children) and not any(
                tt.is_quote or tt.text in QUOTE_TOKENS for tt in doc[k:end]):
            end = min(end, k - 1)
            break
        t = c
    # "... a worthwhile trip from New York, where he trails", "... was Anna Berg, a farmer": a
    # relative clause or apposition set off by a comma at the very end describes a noun of
    # the content; it is the writer's aside
    for t in doc[head.i + 1:end]:
        if t.dep_ in TRAILING_ASIDES and t.right_edge.i + 1 >= end - 1 \
                and t.left_edge.i > head.i + 1 \
                and doc[t.left_edge.i - 1].text == ",":
            end = min(end, t.left_edge.i - 1)
            break
    return end


def _second_report(c: Any) -> bool:
    """A conjoined verb that reports anew: a clause of its own ("and said that ..."), or a
    speech act with an addressee and what it asks of them ("was 'firmly opposed' to the plan
    and warned the council to drop it")."""
    if not classes_of(c):
        return False
    if any(g.dep_ == "ccomp" for g in c.children):
        return True
    return "speech" in classes_of(c) and any(g.dep_ == "dobj" for g in c.children) and any(
        g.dep_ == "xcomp" or g.dep_ == "ccomp" for g in c.children)


# Words that, right after the closing mark of a quoted predicate ("described it as a 'mess'"),
# tell when, where or how it was said rather than go on with what was said
CIRCUMSTANCE_PREPS = {"during", "amid", "via", "throughout", "while"}


def quoted_predicate_end(doc: Any, i: int, j: int) -> int:
    """End of a content [i, j) whose quoted phrase is followed by the circumstances of saying.

    "criticized the law as a 'costly mess' during a stop in Ohio", "blasted him as a 'fraud'
    Wednesday on a radio show", "dismissed the town as being in the 'outskirts of Cleveland'
    -- a remark that ...": the parser hangs the time, the place or the writer's comment on the
    quoted words; what the speaker called it ends at the closing mark.
    """
    last = None
    for k in range(i, j):
        if doc[k].is_quote or doc[k].text in QUOTE_TOKENS:
            last = k
    if last is None or last + 1 >= j or not _closes(doc, last):
        return j
    t = doc[last + 1]
    if t.text in (",", ";"):
        if last + 2 >= j:
            return j
        t = doc[last + 2]
        if t.dep_ not in ("appos", "npadvmod") and t.ent_type_ not in ("DATE", "TIME"):
            return j
    if (t.dep_ == "prep" and t.lower_ in CIRCUMSTANCE_PREPS or t.ent_type_ in ("DATE", "TIME")
            or t.dep_ == "npadvmod" or t.text in ("—", "–", "--", "―")):
        return last + 1
    return j


def _closes(doc: Any, k: int) -> bool:
    """Token k is a closing quotation mark (after a word, not before one)."""
    t = doc[k]
    if t.text in ("\u201d", "\u2019", "''"):
        return True
    return k > 0 and not doc[k - 1].whitespace_ and not doc[k - 1].is_punct or k > 0 and \
        doc[k - 1].text in (".", ",", "!", "?")


def continued_end(verb: Any, j: int) -> int:
    """End of the content when a conjunct that continues it hangs on the cue.

    The parser often attaches the second half of a coordinated content to the cue verb
    rather than to the first half: "said that A, and that B" (a second complement),
    "called him 'a fraud' and someone who ..." (a second predicate), "added that he could do
    without a jet but it was a ''great comfort''" (a quoted clause: the speaker's words). A
    conjunct right after the content counts when it is one of those; an unquoted clause with
    no "that" ("said X, and then she left") is narration.
    """
    doc = verb.doc
    for d in verb.children:
        if d.dep_ == "advcl" and d.left_edge.i >= j and all(
                t.is_quote or t.text in QUOTE_TOKENS for t in doc[j:d.left_edge.i]) and any(
                g.dep_ == "mark" and g.lower_ in REASON_MARKS for g in d.children):
            # 'called the plan "a mistake" because few people live there': the reason
            # runs on from the content with no comma; the parser hangs it on the cue
            return clause_end(d)
        if d.dep_ != "conj" or d.left_edge.i < j or classes_of(d):
            continue
        k = d.left_edge.i
        if not _only_links(doc, j, k):
            continue
        end = clause_end(d) if d.pos_ in ("VERB", "AUX") else d.right_edge.i + 1
        second = any(g.dep_ == "mark" and g.lower_ == "that" for g in d.children)
        nominal = d.pos_ in ("NOUN", "PROPN", "PRON")
        quoted = any(t.dep_ in SUBJECT_DEPS for t in d.children) and any(
            t.is_quote or t.text in QUOTE_TOKENS for t in doc[k:end])
        if second or nominal or quoted:
            return end
    return j


def _gives(verb: Any) -> bool:
    """The verb hands its object to someone ("deny licenses to couples", "denied him bail").

    That is the transfer sense of a speech-act verb (withhold, present), whose object is a
    thing, not a claim; "denied the allegations" has no recipient.
    """
    return any(c.dep_ == "dative" or c.dep_ == "prep" and c.lower_ == "to" and c.i > verb.i
               for c in verb.children)


def _only_links(doc: Any, i: int, j: int) -> bool:
    """Tokens [i, j) are only punctuation, spaces and conjunctions (no line break)."""
    return all((t.is_punct or t.dep_ == "cc") and "\n" not in t.text_with_ws
               for t in doc[i:j])


def _past_time(clause: Any, i: int) -> int:
    """Start of a reported clause past a time phrase that opens it ("told voters this weekend
    he would ..."): the parser hangs the time of the telling on the clause; the content is
    what follows, up to the clause's subject."""
    doc = clause.doc
    subj = [g for g in clause.children if g.dep_ in SUBJECT_DEPS and g.i < clause.i]
    if not subj:
        return i
    k = i
    for g in clause.lefts:
        if g.i < subj[0].left_edge.i and g.dep_ == "npadvmod" and g.ent_type_ in ("DATE", "TIME") \
                and g.left_edge.i == k:
            k = g.right_edge.i + 1
            while k < subj[0].left_edge.i and doc[k].is_punct:
                k += 1
    return k


def content_tokens(verb: Any, classes: frozenset[str]) -> tuple[int, int] | None:
    """Token range [i, j) of the content a cue verb introduces, or None."""
    clauses = [c for c in verb.children if c.dep_ in CLAUSE_DEPS]
    # the reported clause follows the verb unless the verb closes it ("X is bad, he said");
    # a clause before the verb is taken only when none follows
    clauses.sort(key=lambda c: (c.i < verb.i, c.i))
    for n, c in enumerate(clauses):
        i, j = c.left_edge.i, clause_end(c)
        i = _past_time(c, i)
        if c.i > verb.i and i < verb.i:
            # "the changes, which officials said will start in May": the relative pronoun
            # moved before the cue; the content is what follows it
            i = verb.i + 1
            while i < c.i and c.doc[i].is_punct:
                i += 1
        # 'said the council is ready to "take on X," fix Y and expand Z': the parser hangs a
        # coordinated verb on the cue as a second clause; one right after the first (only
        # commas or a conjunction between them) continues the same content
        for d in clauses[n + 1:]:
            if d.i < verb.i or d.left_edge.i < j or not _only_links(c.doc, j, d.left_edge.i):
                break
            j = clause_end(d)
        if c.i > verb.i:
            j = continued_end(verb, j)
        return i, j
    for c in verb.children:
        if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            return c.left_edge.i, max(clause_end(c), c.i + 1)
    if "speech" in classes:
        # "called him a 'talented guy'", "described it as ...", "accused him of ..."
        dobj = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
        more = [c for c in verb.children if c.i > verb.i and (
            c.dep_ in ("oprd", "ccomp") or c.dep_ == "prep" and c.lower_ in PREDICATIVE_PREPS)]
        if dobj and more:
            lo = dobj[0].left_edge.i
            hi = quoted_predicate_end(verb.doc, lo, max(c.right_edge.i for c in dobj + more) + 1)
            return lo, continued_end(verb, hi)
    if "object" in classes and not _gives(verb):
        for c in verb.children:
            if c.dep_ == "dobj" and c.i > verb.i and not c.lower_.endswith(("self", "selves")):
                return c.left_edge.i, c.right_edge.i + 1
    # "The plan failed, he said": the cue is a parenthetical attached to the clause it reports
    if verb.dep_ == "parataxis" and verb.head.i < verb.i:
        h = verb.head
        j = verb.left_edge.i
        return h.left_edge.i, j
    return None


def iter_cues(doc: Any) -> Iterator[tuple[Any, frozenset[str]]]:
    for tok in doc:
        if is_according(tok):
            yield tok, frozenset({"according"})
            continue
        cls = classes_of(tok)
        if cls:
            yield tok, cls
