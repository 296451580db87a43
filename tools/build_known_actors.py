"""Build src/newsgraph/annotate/data/known_actors.tsv from the PETRARCH2 actor dictionaries.

Source: the Phoenix actor dictionaries of openeventdata/petrarch2 (MIT; the notice is kept
beside the table as data/LICENSE.petrarch2.txt). Only facts are taken: a person's name
variants and their dated roles; nothing else of the files is copied. Run from the
repository root:

    .venv/bin/python tools/build_known_actors.py [--shared ../shared]

Dictionary format (TABARI/PETRARCH ``.actors``), as far as this tool reads it:

* an entry starts at column 0: ``KIM_JONG_IL_  # comment`` (underscores are spaces, a
  trailing ``_`` marks a whole word); its codes may follow on the same line;
* ``+NAME`` lines are further names of the entry above;
* indented lines hold codes: ``[PRKGOV 941231-111217]``, ``[AFGGOV >011222]`` (from a date
  on, end not known), ``[HTIOPP <061231]`` (until a date), ``[AFGELI]`` (undated);
* a code is a state's ISO3 code followed by agent codes (GOV, MIL, LEG, JUD, OPP, ...,
  see Phoenix.agents.txt), or IGO/NGO/MNC plus an organisation code;
* dates are YYMMDD (years up to 2020 read as 20YY: the files end in the mid-2010s and
  their 6-digit dates reach back to the 1930s) or YYYYMMDD.

Kept: entries with at least one dated role of a state whose agent is a government,
military, legislative, judicial, opposition, rebel, police or intelligence role. ELI
("elite", mostly the years out of office) and undated codes carry no dated office and
are left out; so are organisation roles (the files do not say which UN post is whose).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsgraph" / "annotate" / "data" / "known_actors.tsv"
FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt")
# agent codes that are an office or a position a person holds (Phoenix.agents.txt)
AGENTS = ("GOV", "MIL", "LEG", "JUD", "OPP", "REB", "COP", "SPY")

_CODE = re.compile(r"\[\s*([A-Z~]{3,})\s*([<>]?\s*\d{6,8}(?:\s*-\s*\d{6,8})?)?\s*\]")
# words that make an entry name an institution, not a person
_NOT_PERSON = re.compile(
    r"\b(GOVERNMENT|MINISTRY|MINISTERS|PARTY|ARMY|FORCES?|COUNCIL|COMMITTEE|COMMISSION|"
    r"PARLIAMENT|ASSEMBLY|CABINET|REGIME|POLICE|COURT|OFFICE|AGENCY|DEPARTMENT|"
    r"MOVEMENT|FRONT|UNION|ALLIANCE|BRIGADES?|OFFICIALS|TROOPS|SOLDIERS|REBELS|"
    r"GROUP|ORGANI[SZ]ATION|BANK|CONGRESS|SENATE|JUNTA|GUARD|NAVY|COMMAND)\b")
# leading titles some entry names carry ("FOREIGN_MINISTER_ABDULLAH_", "KPA_KIM_JONG_GAK_")
_LEAD = {"PRESIDENT", "PRIME", "MINISTER", "FOREIGN", "DEFENSE", "DEFENCE", "ACTING",
         "FORMER", "KING", "QUEEN", "PRINCE", "PRINCESS", "SHEIKH", "SHEIK", "GENERAL",
         "GEN.", "GEN", "KPA", "SECRETARY-GENERAL", "SECRETARY", "CHAIRMAN", "DR.", "DR",
         "MR.", "MR", "MRS.", "MRS", "MS.", "MS", "PREMIER", "CHANCELLOR", "VICE", "DEPUTY",
         "AMBASSADOR", "SENATOR", "SEN.", "GOVERNOR", "GOV.", "MAYOR", "COLONEL", "COL.",
         "ADMIRAL", "MARSHAL", "FIELD", "EMIR", "AMIR", "SULTAN", "AYATOLLAH", "LEADER",
         "SUPREME", "INTERIOR", "FINANCE", "JUSTICE", "MULLAH", "MAULANA", "MAWLAWI"}


def parse_date(s: str) -> date | None:
    s = s.strip()
    try:
        if len(s) == 8:
            return date(int(s[:4]), int(s[4:6]), int(s[6:]))
        if len(s) == 6:
            yy = int(s[:2])
            return date((2000 if yy <= 20 else 1900) + yy, int(s[2:4]), int(s[4:]))
    except ValueError:
        return None
    return None


def parse_span(s: str | None) -> tuple[date | None, date | None] | None:
    """"941231-111217" / ">011222" / "<061231" -> (start, end); None when undated or bad."""
    if not s:
        return None
    s = s.replace(" ", "")
    if s.startswith(">"):
        d = parse_date(s[1:])
        return (d, None) if d else None
    if s.startswith("<"):
        d = parse_date(s[1:])
        return (None, d) if d else None
    a, _, b = s.partition("-")
    da, db = parse_date(a), parse_date(b)
    if da is None or db is None or db < da:
        return None
    return da, db


def clean_name(raw: str) -> str:
    """"KIM_JONG_IL_" -> "KIM JONG IL"; leading titles dropped."""
    words = raw.replace("_", " ").split()
    while len(words) > 1 and words[0].upper() in _LEAD:
        words.pop(0)
    return " ".join(words)


def title_case(name: str) -> str:
    def cap(w: str) -> str:
        return re.sub(r"[A-Za-z]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), w)
    return " ".join(cap(w) for w in name.split())


def parse(lines, states: set[str] | None = None) -> list[dict]:
    """Entries of one dictionary: {"names": [...], "roles": [(country, code, start, end)]}.

    ``states``: the ISO3 codes accepted as states (None: any three capital letters)."""
    entries: list[dict] = []
    cur: dict | None = None

    def codes(text: str) -> None:
        if cur is None:
            return
        for m in _CODE.finditer(text):
            code, span = m.group(1), m.group(2)
            dates = parse_span(span)
            if dates is None or len(code) < 6:
                continue
            country, agent = code[:3], code[3:6]
            if agent not in AGENTS or (states is not None and country not in states):
                continue
            cur["roles"].append((country, code[3:], dates[0], dates[1]))

    for line in lines:
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body = line.split("#", 1)[0]
        if line[0] in " \t":
            codes(body)
            continue
        if line.startswith("+"):
            if cur is not None:
                name = body[1:].split("[", 1)[0].strip()
                if name:
                    cur["names"].append(name)
                codes(body)
            continue
        if line.startswith(("!", "<", "=")):        # substitution sets, patterns
            cur = None
            continue
        name = body.split("[", 1)[0].strip()
        cur = {"names": [name] if name else [], "roles": []}
        entries.append(cur)
        codes(body)
    return entries


def persons(entries: list[dict]) -> list[dict]:
    out = []
    for e in entries:
        if not e["roles"] or not e["names"]:
            continue
        if any(_NOT_PERSON.search(n.replace("_", " ").upper()) for n in e["names"][:1]):
            continue
        names = []
        for n in e["names"]:
            c = clean_name(n)
            if c and not any(ch.isdigit() for ch in c) and c not in names:
                names.append(c)
        full = [n for n in names if len(n.split()) >= 2]
        if not full:
            continue
        roles = sorted(set(e["roles"]),
                       key=lambda r: (r[2] or date.min, r[1], r[0], r[3] or date.max))
        out.append({"name": title_case(full[0]), "variants": [title_case(n) for n in names],
                    "roles": roles})
    return out


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def build(shared: Path) -> tuple[list[str], date]:
    onto = shared / "ontology"
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.annotate import gazetteer
    states = set(gazetteer._table().countries)      # the codes of the gazetteer's states
    rows: list[str] = []
    horizon = date.min
    seen: set[tuple] = set()
    for fname in FILES:
        text = (onto / fname).read_text(encoding="utf-8", errors="replace")
        for p in persons(parse(text.splitlines(), states)):
            for country, code, start, end in p["roles"]:
                for d in (start, end):
                    if d and d > horizon:
                        horizon = d
                row = (p["name"], "|".join(p["variants"]), country, code, _iso(start), _iso(end))
                if row not in seen:
                    seen.add(row)
                    rows.append("\t".join(row))
    return rows, horizon


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows, horizon = build(args.shared)
    head = [
        "# Generated by tools/build_known_actors.py; do not edit by hand.",
        "# Source: Phoenix.Countries.actors.txt and Phoenix.International.actors.txt of",
        "# openeventdata/petrarch2 @ 676801cd9cb2924bbbad09f86d15c9323e7097bf, (c) 2014 Open Event",
        "# Data Alliance, MIT licence (see LICENSE.petrarch2.txt beside this file). Facts only:",
        "# people with dated roles. An empty end means the role was open when the files were",
        "# made; the horizon below is their latest date, after which such a role's status is",
        "# unknown.",
        f"# horizon: {horizon.isoformat()}",
        "# name\tvariants\tcountry\tagent\tstart\tend",
    ]
    args.out.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} roles, horizon {horizon} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
