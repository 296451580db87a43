"""Build src/newsgraph/annotate/data/event_lexicon.json, the event coder's pattern lexicon.

Sources (read from ``../shared/ontology`` at build time; the runtime reads only the JSON):

* ``CAMEO.2.0.txt``: PETRARCH2's CAMEO verb-pattern dictionary (MIT; its notice is kept
  beside the table as data/LICENSE.petrarch2.txt): verb synonym blocks, each with a default
  code, and phrase patterns that refine it ("- * (IN &NEGOTIATION) [046]");
* ``GDELT_CAMEO.eventcodes.txt`` and ``icews_cameo_codes_with_goldstein.csv``: the CAMEO
  codebook's names, descriptions and examples (labels; the codebook's leading verbs fill
  in verbs the dictionary lacks, e.g. "Apologize" -> 055);
* ``GDELT_CAMEO.goldsteinscale.txt``: the Goldstein score of every code;
* ``CAMEO2PLOVER-2021.txt``: PLOVER event type and mode of every CAMEO code (01, which
  PLOVER does not code, has none; 02 appeals are PLOVER REQUEST, as its manual defines
  REQUEST as "all requests, demands, and orders");
* ``data/event_additions.txt`` (this project's own, same syntax as CAMEO.2.0.txt): eventive
  nouns ("visit", "summit", "abduction", "sanctions"), corrections of over-broad defaults
  and modern usage. Its entries override the dictionary's default code for a word; its
  patterns are tried before the dictionary's.

Dictionary syntax, as far as this tool reads it (PETRARCH's ``read_verb_dictionary``):

* ``&NAME`` starts a synonym set; ``+WORD`` lines are its members (``_`` is a space);
* ``---  NAME   [code]  ---`` starts a block; the lines after it are its words (``WORD``,
  ``WORD {FORMS}``, ``+PHRASAL_VERB {FORMS}``, each optionally ``[code]``), then patterns
  ``- PRE * POST [code]  # comment``: words before and after the verb, ``(PREP WORDS)`` a
  prepositional phrase, ``{A B}`` a noun phrase, ``&SET`` any member of a set; ``$ + ^ %``
  (source, target, skip and compound markers) are dropped: the parse gives the roles;
* a code ``[A:B]`` is A for source -> target and B for the reverse direction ("visit"
  042:043: the host hosts); ``[:B]`` codes only the reverse ("face trial"); ``[---]`` is
  "no event" (it blocks the default).

Output: ``codes`` (every CAMEO code: label, Goldstein, quad class, PLOVER type and mode),
``blocks`` (patterns, each ``[pre slots, post slots, code]``, a slot being a list of
alternative words or one ``&SET`` of ``synsets``; a fourth item ``1`` marks a phrasal
pattern of function words only, "* OFF (FOR)", read over the predicate's own particles and
prepositions), ``verbs`` and ``nouns`` (lemma, or
"lemma particle" for phrasal verbs -> ``[default code, block names, curated]``). Run from the repository root:

    .venv/bin/python tools/build_event_lexicon.py [--shared ../shared] [--check]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "newsgraph" / "annotate" / "data"
OUT = DATA / "event_lexicon.json"
ADDITIONS = DATA / "event_additions.txt"

FUNCTION_WORDS = {"to", "at", "in", "on", "with", "for", "from", "by", "of", "into", "against",
                  "over", "about", "up", "down", "out", "off", "back", "away", "under", "after",
                  "before", "between", "through", "toward", "towards", "around", "near", "as",
                  "the", "a", "an", "it", "that", "not", "will", "would", "is", "be"}
QUAD = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
        4: "material conflict"}


def quad_of(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


# ------------------------------------------------------------------------ dictionary
def _words(s: str) -> str:
    return s.replace("_", " ").strip().lower()


def _plural_forms(w: str) -> list[str]:
    """The word and its singular, so a pattern written "SANCTIONS" matches the lemma."""
    out = [w]
    if len(w) > 3 and w.endswith("ies"):
        out.append(w[:-3] + "y")
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        out.append(w[:-1])
    return out


def _code(s: str) -> str | None:
    """'[042:043]' -> '042:043'; '---' -> '-' (no event); '' -> None."""
    s = s.strip().strip("[]").strip()
    s = s.rstrip("-") if s.endswith("---") and len(s) > 3 else s
    if not s:
        return None
    if s in ("---", "-"):
        return "-"
    parts = s.split(":")
    if not all(re.fullmatch(r"\d{2,4}|---|", p) for p in parts):
        return None
    return ":".join("" if p == "---" else p for p in parts)


def _slots(text: str, synsets: dict[str, list[str]]) -> list[list[str]]:
    """A pattern half -> slots (each a list of alternative words)."""
    out: list[list[str]] = []
    for tok in re.findall(r"&[A-Z_]+|[^\s(){}&]+", text.replace("_&", " &")):
        if tok.startswith("#"):
            continue
        tok = tok.strip("$+^%|*")
        if not tok:
            continue
        if tok.startswith("&"):
            name = tok.rstrip("_")
            if name in synsets:
                out.append([name])     # expanded at load time (see event_lexicon.py)
            continue
        w = _words(tok)
        if not w or not re.search(r"[a-z]", w):
            continue
        for part in w.split():
            out.append(sorted(set(_plural_forms(part))))
    return out


def parse_dictionary(text: str, synsets: dict[str, list[str]] | None = None
                     ) -> tuple[dict[str, list[str]], list[dict]]:
    """Synonym sets and blocks of a PETRARCH verb dictionary."""
    synsets = dict(synsets or {})
    blocks: list[dict] = []
    cur_set: str | None = None
    block: dict | None = None
    for raw in text.splitlines():
        line = re.sub(r"<!--.*?-->", "", raw)
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("- ") \
            else re.sub(r"\s#.*$", "", line).rstrip()
        s = line.strip()
        if not s:
            continue
        if s.startswith("&"):
            cur_set = s.split()[0].rstrip("_")
            synsets.setdefault(cur_set, [])
            block = None
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", s)
        if m:
            cur_set = None
            block = {"name": m.group(1), "code": _code(m.group(2)), "words": [], "patterns": []}
            blocks.append(block)
            continue
        if cur_set is not None and s.startswith("+"):
            synsets[cur_set].append(_words(s[1:].split()[0].rstrip("_")))
            continue
        if block is None:
            continue
        if s.startswith("-"):
            m = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]", s)
            if not m:
                continue
            body, code = m.group(1), _code(m.group(2))
            if code is None:
                continue
            pre, _, post = body.partition("*")
            block["patterns"].append([_slots(pre, synsets), _slots(post, synsets), code])
            continue
        # a word line: WORD, WORD {FORMS}, +PHRASAL {FORMS}, optionally [code]
        cm = re.search(r"\[([^\]]*)\]", s)
        code = _code(cm.group(1)) if cm else None
        head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", s).split()
        if not head:
            continue
        word = _words(head[0].lstrip("+").rstrip("_"))
        if word and re.fullmatch(r"[a-z][a-z' -]*", word):
            block["words"].append((word, code))
    return synsets, blocks


# ------------------------------------------------------------------------ codebook
def read_codes(onto: Path) -> dict[str, dict]:
    codes: dict[str, dict] = {}
    for line in (onto / "GDELT_CAMEO.eventcodes.txt").read_text(encoding="utf-8").splitlines()[1:]:
        code, _, label = line.partition("\t")
        if re.fullmatch(r"\d{2,4}", code.strip()):
            codes[code.strip()] = {"label": label.strip()}
    with open(onto / "icews_cameo_codes_with_goldstein.csv", encoding="latin-1") as f:
        for row in csv.DictReader(f):
            c = row["code"].strip()
            if re.fullmatch(r"\d{2,4}", c):
                d = codes.setdefault(c, {"label": row["name"].strip()})
                d.setdefault("label", row["name"].strip())
                if not d["label"].isascii():
                    # GDELT's file has mis-decoded quotes ("Meet at a \u00d2hird\u00d3location")
                    d["label"] = row["name"].strip()
    for line in (onto / "GDELT_CAMEO.goldsteinscale.txt").read_text(encoding="utf-8").splitlines()[1:]:
        code, _, g = line.partition("\t")
        if code.strip() in codes:
            codes[code.strip()]["goldstein"] = float(g)
    plover: dict[str, tuple[str, str]] = {}
    for line in (onto / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if m:
            plover[m.group(1)] = (m.group(2), (m.group(3) or "").strip().lower())
    for c, d in codes.items():
        d["quad"] = quad_of(c)
        p = None
        for k in (c, c[:3], c[:2]):
            if k in plover:
                p = plover[k]
                break
        if p is None and c.startswith("02"):
            p = ("REQUEST", "")
        d["plover"], d["mode"] = (p if p else (None, ""))
        d["mode"] = d["mode"] or None
        if "goldstein" not in d:      # a 4-digit code GDELT leaves out takes its parent's
            parent = codes.get(c[:3]) or codes.get(c[:2]) or {}
            d["goldstein"] = parent.get("goldstein")
    return codes


def codebook_verbs(onto: Path, known: set[str]) -> dict[str, str]:
    """The leading verb of each codebook name the dictionary lacks ("Apologize" -> 055)."""
    out: dict[str, str] = {}
    with open(onto / "icews_cameo_codes_with_goldstein.csv", encoding="latin-1") as f:
        for row in csv.DictReader(f):
            c, name = row["code"].strip(), row["name"].strip()
            if not re.fullmatch(r"\d{3,4}", c):
                continue
            m = re.match(r"^([A-Za-z]+)(?:$|,| or )", name)
            if not m:
                continue
            w = m.group(1).lower()
            if w in {"make", "engage", "express", "use", "give", "grant", "provide", "reduce",
                     "halt", "impose", "demand", "reject", "threaten", "appeal", "ease",
                     "accede", "allow", "decline", "receive", "conduct", "carry", "find",
                     "bring", "rally", "share", "sign", "defend", "host", "return", "consider",
                     "acknowledge", "deny", "meet", "discuss", "investigate", "accuse",
                     "criticize", "praise", "apologize", "fight", "occupy", "confiscate",
                     "destroy", "abduct", "physically", "kill", "attempt", "assassinate",
                     "employ", "detonate", "violate", "expel", "arrest", "increase",
                     "mobilize", "demonstrate", "obstruct", "protest", "retreat", "de"}:
                continue
            if w not in known:
                out.setdefault(w, c)
    return out


# ------------------------------------------------------------------------ merge
def _entries(blocks: list[dict], prefix: str) -> tuple[dict[str, dict], dict[str, list]]:
    """word -> {"c": default code, "b": [block names]}; block name -> its patterns."""
    out: dict[str, dict] = {}
    pats: dict[str, list] = {}
    for b in blocks:
        name = f"{prefix}{b['name']}"
        while name in pats:
            name += "'"
        pats[name] = b["patterns"]
        for word, code in b["words"]:
            e = out.setdefault(word, {"c": None, "b": []})
            c = code or b["code"]
            # the first block that codes the word wins; "no event" only where none does
            if c and (e["c"] in (None, "-")):
                e["c"] = c
            if name not in e["b"]:
                e["b"].append(name)
    return out, pats


def build(shared: Path) -> dict:
    onto = shared / "ontology"
    synsets, blocks = parse_dictionary((onto / "CAMEO.2.0.txt").read_text(encoding="latin-1"))
    verbs, pats = _entries(blocks, "")
    add_text = ADDITIONS.read_text(encoding="utf-8")
    verb_part, _, noun_part = add_text.partition("####### NOUN PATTERNS #######")
    synsets, add_verbs = parse_dictionary(verb_part, synsets)
    synsets, add_nouns = parse_dictionary(noun_part, synsets)
    extra, extra_pats = _entries(add_verbs, "+")
    pats.update(extra_pats)
    # the dictionary's patterns that read only function words are phrasal verbs ("step
    # down" 0831, "clamp down" 173, "call off" 160, "probe into" 090, "set off for" 042):
    # they are kept, marked to match only the predicate's own particles and prepositions
    # (a "to" anywhere after the verb is not the phrase)
    for name in list(pats):
        pats[name] = [p + [1] if all(set(sl) <= FUNCTION_WORDS for half in p[:2] for sl in half)
                      else p for p in pats[name]]
    for word, e in extra.items():
        old = verbs.get(word, {"c": None, "b": []})
        # a word we list as no event by itself keeps only our patterns
        inherited = [] if "+NOT_EVENTS" in e["b"] else old["b"]
        verbs[word] = {"c": e["c"] if e["c"] is not None else old["c"], "b": e["b"] + inherited}
    for word, c in codebook_verbs(onto, set(verbs)).items():
        verbs[word] = {"c": c, "b": []}
    nouns, noun_pats = _entries(add_nouns, "n:")
    pats.update(noun_pats)
    codes = read_codes(onto)

    def known(code: str | None) -> bool:
        return all(not p or p == "-" or p in codes for p in (code or "").split(":"))

    # our own file must be right; the dictionary's few codes outside the codebook (176, a
    # later "cyber" addition) are dropped with a note
    for b in add_verbs + add_nouns:
        for code in [b["code"]] + [c for _, c in b["words"]] + [p[2] for p in b["patterns"]]:
            if not known(code):
                raise SystemExit(f"event_additions.txt: unknown CAMEO code {code!r} in {b['name']}")
    dropped = 0
    for e in verbs.values():
        if not known(e["c"]):
            e["c"], dropped = None, dropped + 1
    for name, ps in pats.items():
        keep, seen = [], set()
        for p in ps:
            key = json.dumps(p)
            if known(p[2]) and (p[0] or p[1]) and key not in seen:
                seen.add(key)
                keep.append(p)
        dropped += sum(1 for p in ps if not known(p[2]))
        pats[name] = keep
    if dropped:
        print(f"note: {dropped} dictionary entries with codes outside the codebook dropped",
              file=sys.stderr)

    def pack(table: dict[str, dict], curated: set[str]) -> dict:
        # row: [default code, pattern blocks, 1 if our additions list the word (its default
        # is trusted alone; the dictionary's defaults need both actors)]
        out = {}
        for w in sorted(table):
            e = table[w]
            bl = [b for b in e["b"] if pats.get(b)]
            if e["c"] in (None, "-") and not bl:
                continue
            out[w] = [e["c"], bl, 1 if w in curated else 0]
        return out

    packed_v, packed_n = pack(verbs, set(extra)), pack(nouns, set(nouns))
    used = {b for t in (packed_v, packed_n) for _, bl, _ in t.values() for b in bl}
    used_sets = {sl[0] for b in used for p in pats[b] for half in p[:2] for sl in half
                 if sl and sl[0].startswith("&")}
    return {
        "about": "Built by tools/build_event_lexicon.py from ../shared/ontology (PETRARCH2 "
                 "CAMEO.2.0.txt, MIT; CAMEO codebook; GDELT Goldstein scale; "
                 "CAMEO2PLOVER-2021, PLOVER CC BY-SA 4.0) and data/event_additions.txt. Do not "
                 "edit by hand.",
        "quads": {str(k): v for k, v in QUAD.items()},
        "codes": {c: codes[c] for c in sorted(codes)},
        "synsets": {k: sorted({f for m in synsets[k] for f in _plural_forms(m)})
                    for k in sorted(used_sets)},
        "blocks": {b: pats[b] for b in sorted(used)},
        "verbs": packed_v,
        "nouns": packed_n,
    }


def render(lex: dict) -> str:
    # one entry per line: reviewable diffs, small file
    lines = ["{"]
    top = list(lex.items())
    for i, (k, v) in enumerate(top):
        end = "," if i < len(top) - 1 else ""
        if isinstance(v, dict) and k in ("codes", "synsets", "blocks", "verbs", "nouns"):
            lines.append(f"{json.dumps(k)}: {{")
            items = list(v.items())
            for j, (kk, vv) in enumerate(items):
                sep = "," if j < len(items) - 1 else ""
                lines.append(f"{json.dumps(kk)}: {json.dumps(vv, sort_keys=True)}{sep}")
            lines.append("}" + end)
        else:
            lines.append(f"{json.dumps(k)}: {json.dumps(v, sort_keys=True)}{end}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if the committed table differs from a fresh build")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / "ontology" / "CAMEO.2.0.txt").is_file():
        print(f"Error: {shared}/ontology/CAMEO.2.0.txt not found", file=sys.stderr)
        return 2
    text = render(build(shared))
    if args.check:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print("event lexicon is fresh" if same else
              "event lexicon is stale: run tools/build_event_lexicon.py")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    lex = json.loads(text)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(lex['codes'])} codes, {len(lex['verbs'])} verbs, "
          f"{len(lex['nouns'])} nouns, {sum(len(b) for b in lex['blocks'].values())} patterns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
