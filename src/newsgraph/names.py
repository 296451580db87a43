"""Name normalisation, in one place: what makes two written names the same name.

A low module (it imports nothing of newsgraph): ``annotate`` (actors, known actors, the
gazetteer, the lexicon) and ``link`` (the cross-document registry) both use it, so that a
name is folded the same way when a document is read and when documents are joined.

* ``strip_accents("Łódź Ørsted")`` -> "Lodz Orsted": NFKD plus the letters NFKD keeps whole.
* ``fold(word)``: accents stripped, curly apostrophes straightened, casefolded.
* ``name_key(words)``: a person name's words as a tuple of folded parts, hyphens and dots
  gone ("Kim Jong-un" -> ("kim", "jong", "un")); what names are compared by in a document.
* ``normalise_person_name("Mr Kim Jong-un")`` -> "kim jong un": leading honorifics and
  titles and trailing suffixes (Jr, QC, MP) dropped; the registry's person keys.
* ``normalise_other_name("the White House")`` -> "white house": the key of any other name.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["strip_accents", "fold", "name_key", "normalise_person_name",
           "normalise_other_name", "lookup_key", "LEADING_WORDS", "SUFFIXES"]

# Letters that NFKD does not take apart ("Łódź", "Ørsted", "Đoàn", "Straße").
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                               "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"})

# Honorifics and titles that may lead a name as a tagger marked it ("Mr Kim", "President
# Joe Biden"); the lexicon has the full table, these are the ones seen inside name spans.
LEADING_WORDS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "madam", "madame",
    "mme", "monsieur", "prof", "professor", "rev", "reverend", "hon", "president", "pres",
    "prime", "minister", "pm", "premier", "chancellor", "king", "queen", "prince",
    "princess", "emperor", "empress", "sheikh", "sheikha", "emir", "sultan", "pope",
    "ayatollah", "imam", "cardinal", "archbishop", "bishop", "general", "gen", "admiral",
    "adm", "colonel", "col", "major", "maj", "captain", "capt", "lieutenant", "lt",
    "sergeant", "sgt", "senator", "sen", "representative", "rep", "governor", "gov",
    "mayor", "judge", "justice", "secretary", "ambassador", "chairman", "chairwoman",
    "comrade", "supreme", "leader", "vice", "deputy", "former", "late", "the", "st",
})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "qc", "kc", "mp", "obe",
                      "mbe", "cbe", "kbe", "msp", "mep"})


def strip_accents(s: str) -> str:
    """Diacritics removed, also from the letters NFKD keeps whole ("Ł", "ø", "ß")."""
    s = unicodedata.normalize("NFKD", s).translate(_UNDECOMPOSED)
    return "".join(c for c in s if not unicodedata.combining(c))


def fold(s: str) -> str:
    """The comparison form of a word: accents stripped, apostrophes straight, casefolded."""
    return strip_accents(s.replace("\u2019", "'")).casefold()


def name_key(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """A name's words as folded parts: hyphens and spaces split, dots dropped."""
    out = []
    for w in words:
        for part in re.split(r"[-\s]+", fold(w)):
            part = part.strip(".")
            if part:
                out.append(part)
    return tuple(out)


def normalise_person_name(name: str) -> str:
    """"Mr Kim Jong-un" -> "kim jong un"; "José Manuel Barroso" -> "jose manuel barroso";
    "O'Brien" -> "obrien"; "Martin Luther King Jr." -> "martin luther king"."""
    s = strip_accents(unicodedata.normalize("NFKC", name or "")).replace("\u2019", "'")
    s = re.sub(r"'s$", "", s.strip())
    s = s.replace("'", "").replace("`", "")
    s = re.sub(r"[-\u2010-\u2014_]", " ", s)
    s = re.sub(r"[^\w\s]", " ", s)
    words = s.casefold().split()
    while len(words) > 1 and words[0] in LEADING_WORDS:
        words.pop(0)
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return " ".join(words)


def normalise_other_name(name: str) -> str:
    """"the White House" -> "white house"; "AT&T's" -> "at&t"."""
    s = strip_accents(unicodedata.normalize("NFKC", name or "")).replace("\u2019", "'")
    s = re.sub(r"'s$", "", s.strip())
    s = re.sub(r"^(?i:the)\s+", "", s)
    s = s.replace("'", "")
    s = re.sub(r"[-\u2010-\u2014_]", " ", s)
    s = re.sub(r"[^\w\s&]", " ", s)
    return " ".join(s.casefold().split())


def lookup_key(name: str | None) -> str | None:
    """The key an actor or speaker is looked up by (an exact, indexed match, never a
    substring): accents stripped, casefolded, dots and apostrophes dropped, hyphens and
    other punctuation made spaces, a leading article dropped. "José Manuel Barroso" and
    "jose manuel barroso", "U.S." and "US", "Kim Jong-un" and "Kim Jong Un", "a spokesman"
    and "spokesman" share a key; "USA" and "Yousaf" do not."""
    if name is None:
        return None
    s = strip_accents(unicodedata.normalize("NFKC", name)).replace("\u2019", "'")
    s = re.sub(r"[.'`]", "", s)
    s = re.sub(r"[^\w&]+", " ", s)
    words = s.casefold().split()
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words.pop(0)
    return " ".join(words) or None
