"""Build src/newsgraph/annotate/data/gazetteer.tsv from pycountry plus the overrides.

pycountry (LGPL) is needed here only, at build time; the runtime reads the generated TSV
and never imports it. Run from the repository root:

    .venv/bin/pip install pycountry==26.2.16
    .venv/bin/python tools/build_gazetteer.py

Overrides file (data/gazetteer_overrides.tsv): columns split by tabs or 2+ spaces,
'#' starts a comment:

    kind    code    surface|surface|...    [flags]

* kind ``name``: the canonical name of a state (replaces pycountry's "Korea, Republic of").
* kind ``drop``: pycountry surfaces not to emit (code may be ``*``).
* kind ``amb``: surfaces (of any row) that are also common names or words (code ``*``).
* kinds ``alias demonym capital`` (code = ISO3 of the state), ``seat agency city region``
  (column code = ISO3 of the state they belong to; the emitted code is "<ISO3>:<slug>",
  e.g. "USA:white-house"). A seat/agency line is ONE body, its names separated by | (the
  first is canonical); a city/region line lists several places, each item one place whose
  other names follow "=" ("Mumbai=Bombay|Kolkata=Calcutta"),
  ``igo ngo`` (code = the organisation's short code; first surface = canonical name),
  ``country`` (a state pycountry lacks or lists as historic; first surface = name).
* kinds ``group`` (armed/militant groups) and ``party`` (political parties): one body per
  line like ``agency``; code = the state they belong to, or ``*`` (emitted code: slug).
* kind ``block`` (code ``*``): names that contain a place but are something else ("Bank of
  America", "Times of India"); the scan matches them so the place inside is hidden, and
  neither ``lookup`` nor ``find_all`` ever returns them.
* kind ``area`` (code ``*``): world regions that belong to no state ("Middle East"),
  items and "=" names as for cities; the emitted code is the slug ("middle-east").
* flags, space separated: ``parent=CODE`` (an organ of a larger organisation: UNGA of
  the UN); ``amb`` (also a common name or word: "Jordan", "Chad"); ``the`` (the article
  is part of the name: "The Hague" is never "Hague").

Demonyms ending in -an, -i or -ian get their plural ("Japanese" stays, "Afghan" ->
"Afghans") unless written already. The build fails loudly on an unknown ISO3 code or an
IGO code that collides with a state's code, and reports states with no capital/demonym.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "newsgraph" / "annotate" / "data"
OVERRIDES = DATA / "gazetteer_overrides.tsv"
OUT = DATA / "gazetteer.tsv"

KIND_TYPE = {
    "country": "COUNTRY", "alias": "COUNTRY", "demonym": "COUNTRY", "capital": "COUNTRY",
    "seat": "ORG", "agency": "ORG", "igo": "ORG", "ngo": "ORG",
    "city": "LOCATION", "region": "LOCATION", "area": "LOCATION",
    "group": "ORG", "party": "ORG", "block": "-",
}
STATE_KINDS = {"alias", "demonym", "capital", "seat", "agency", "city", "region"}


def invert(name: str) -> str | None:
    """"Korea, Republic of" -> "Republic of Korea"; "Congo, The Democratic Republic of the"
    -> "Democratic Republic of the Congo". None where the comma is a list, not an
    inversion ("Bonaire, Sint Eustatius and Saba")."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    if not (tail.endswith(" of") or tail.endswith(" of the")):
        return None
    if tail.startswith("The "):
        tail = tail[4:]
    return f"{tail} {head}"


def slug(name: str) -> str:
    """"White House" -> "white-house": the code of a body or city, unique with its state."""
    import unicodedata
    folded = "".join(c for c in unicodedata.normalize("NFKD", name)
                     if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def plural(demonym: str) -> str | None:
    if demonym.endswith(("an", "i", "ian")) and " " not in demonym[-3:]:
        return demonym + "s"
    return None


def read_overrides(path: Path) -> list[tuple[str, str, list[str], str]]:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        parts = re.split(r"\t+| {2,}", line.strip())
        if len(parts) < 3:
            sys.exit(f"{path.name}:{lineno}: need kind, code, surfaces: {line!r}")
        kind, code, surfaces = parts[0].strip(), parts[1].strip(), parts[2]
        flags = " ".join(x.strip() for x in parts[3:])
        names = [s.strip() for s in surfaces.split("|") if s.strip()]
        if kind not in KIND_TYPE and kind not in ("name", "drop", "amb"):
            sys.exit(f"{path.name}:{lineno}: unknown kind {kind!r}")
        rows.append((kind, code, names, flags))
    return rows


def build() -> list[tuple[str, ...]]:
    import pycountry  # build-time only (LGPL): never imported by the package

    overrides = read_overrides(OVERRIDES)
    canon: dict[str, str] = {}
    drops: set[str] = set()
    ambiguous: set[str] = set()
    extra_states: dict[str, str] = {}
    for kind, code, names, _ in overrides:
        if kind == "name":
            canon[code] = names[0]
        elif kind == "drop":
            drops.update(names)
        elif kind == "amb":
            ambiguous.update(names)
        elif kind == "country":
            extra_states[code] = names[0]

    iso = {c.alpha_3: c for c in pycountry.countries}
    states = set(iso) | set(extra_states)
    out: list[tuple[str, ...]] = []
    seen: set[tuple[str, str, str]] = set()

    def emit(surface: str, code: str, kind: str, country: str, name: str, flags: str = ""):
        if surface in drops and kind == "country":
            return
        if surface in ambiguous and "amb" not in flags:
            flags = (flags + " amb").strip()
        key = (surface, code, kind)
        if key in seen:
            return
        seen.add(key)
        out.append((surface, code, kind, KIND_TYPE[kind], country, name, flags))

    names: dict[str, str] = {}
    for code, c in sorted(iso.items()):
        common = getattr(c, "common_name", None)
        name = canon.get(code) or common or invert(c.name) or c.name
        names[code] = name
        emit(name, code, "country", code, name)
        for s in (c.name, invert(c.name), common, getattr(c, "official_name", None)):
            if s and ", " not in s:
                emit(s, code, "country", code, name)
    for code, name in extra_states.items():
        names[code] = name

    has: dict[str, set[str]] = {code: set() for code in iso}
    for kind, code, surfaces, flags in overrides:
        if kind in ("name", "drop", "amb"):
            continue
        if kind in ("igo", "ngo"):
            if code in states:
                sys.exit(f"IGO code {code} collides with a state code")
            for s in surfaces:
                emit(s, code, kind, "", surfaces[0], flags)
            continue
        if kind == "area":   # world regions: belong to no state; code = their slug
            for item in surfaces:
                forms = [f.strip() for f in item.split("=") if f.strip()]
                for s in forms:
                    emit(s, slug(forms[0]), kind, "", forms[0], flags)
            continue
        if kind == "block":   # names that hide a place inside them; never reported
            for s in surfaces:
                emit(s, "-", kind, "", s, flags)
            continue
        if kind in ("group", "party") and code == "*":   # a group of no one state
            for s in surfaces:
                emit(s, slug(surfaces[0]), kind, "", surfaces[0], flags)
            continue
        if code not in states:
            sys.exit(f"unknown state code {code!r} in overrides ({surfaces[0]})")
        has.setdefault(code, set()).add(kind)
        if kind == "country":
            for s in surfaces:
                emit(s, code, kind, code, surfaces[0], flags)
        elif kind in ("alias", "demonym", "capital"):
            for s in surfaces:
                emit(s, code, kind, code, names[code], flags)
                if kind == "demonym" and (p := plural(s)) and p not in surfaces:
                    emit(p, code, kind, code, names[code], flags)
        elif kind in ("seat", "agency", "group", "party"):   # one body per line, names by |
            own = f"{code}:{slug(surfaces[0])}"
            for s in surfaces:
                emit(s, own, kind, code, surfaces[0], flags)
        else:   # city, region: one place per item; "Mumbai=Bombay" gives its other names
            for item in surfaces:
                forms = [f.strip() for f in item.split("=") if f.strip()]
                own = f"{code}:{slug(forms[0])}"
                for s in forms:
                    emit(s, own, kind, code, forms[0], flags)
    return out, has, names


def render(rows: list[tuple[str, ...]]) -> str:
    header = ("# Generated by tools/build_gazetteer.py from pycountry and "
              "gazetteer_overrides.tsv; do not edit by hand.\n"
              "# surface\tcode\tkind\ttype\tcountry\tname\tflags\n")
    return header + "".join("\t".join(r) + "\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if the committed gazetteer.tsv differs from a fresh build")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows, has, names = build()
    text = render(rows)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run tools/build_gazetteer.py")
            return 1
        print(f"{args.out} is up to date ({len(rows)} rows)")
        return 0
    args.out.write_text(text, encoding="utf-8")
    owners: dict[str, set[str]] = {}
    for r in rows:
        owners.setdefault(r[0].casefold(), set()).add(r[1])
    clashes = sorted(f"{k}={'/'.join(sorted(v))}" for k, v in owners.items() if len(v) > 1)
    print(f"surfaces with several codes (kind priority decides): {', '.join(clashes)}")
    print(f"wrote {len(rows)} rows to {args.out}")
    # Only sovereign states are expected to have both; territories may lack them.
    missing_cap = sorted(c for c, k in has.items() if "capital" not in k)
    missing_dem = sorted(c for c, k in has.items() if "demonym" not in k)
    print(f"no capital ({len(missing_cap)}): {' '.join(missing_cap)}")
    print(f"no demonym ({len(missing_dem)}): {' '.join(missing_dem)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
