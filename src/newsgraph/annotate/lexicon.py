"""Words around a person's name: titles/offices, honorifics, qualifiers, first-name gender.

Tables (keys lower-cased, as written in news; values canonical):

* ``TITLES``: surface -> ``Title(canonical, gender, kind)``; "prime minister" ->
  Title("Prime Minister", None, "head_of_government"); "spokeswoman" ->
  Title("Spokesperson", "f", "official"). Field-of-office titles ("foreign minister",
  "defence secretary", "minister of foreign affairs") are generated from ``FIELDS``.
* ``HONORIFICS``: "mr" -> "m", "mrs" -> "f", "dr" -> None ...
* ``QUALIFIERS``: "former"/"ex" -> "former", "late" -> "late", "acting"/"interim" -> "acting",
  "outgoing", "incoming"/"elect" -> "incoming", "then" -> "then".

``parse_title("former Japanese Prime Minister")`` -> ``TitleParse("Prime Minister",
"former", "JPN")``; the country comes from the gazetteer (demonym, "Japan's", "U.S.",
"of the United States"; an IGO gives its code: "UN Secretary-General" -> "UN").

``first_name_gender("Fumio")`` -> "m", from ``data/first_names.tsv`` (our own list).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from ..names import strip_accents
from . import gazetteer

__all__ = ["Title", "TitleParse", "TITLES", "HONORIFICS", "QUALIFIERS", "FIELDS",
           "parse_title", "title_of", "title_gender", "honorific_gender",
           "first_name_gender", "NAMES_FILE"]

NAMES_FILE = Path(__file__).resolve().parent / "data" / "first_names.tsv"


@dataclass(frozen=True, slots=True)
class Title:
    canonical: str           # "Prime Minister"
    gender: str | None = None  # "m" | "f" | None
    kind: str = "office"     # head_of_state | head_of_government | minister | legislator |
                             # official | diplomat | royal | military | religious | judicial |
                             # party | business | profession | generic


class TitleParse(NamedTuple):
    title: str | None        # canonical title
    qualifier: str | None    # "former" | "late" | "acting" | "outgoing" | "incoming" | "then"
    country: str | None      # ISO3 of the state (or an IGO's code) the office belongs to


# ------------------------------------------------------------------ titles
def _t(canonical: str, kind: str, *surfaces: str, gender: str | None = None) -> dict:
    keys = {canonical.lower(), *(s.lower() for s in surfaces)}
    return {k: Title(canonical, gender, kind) for k in keys}


TITLES: dict[str, Title] = {}
for _entry in (
    # heads of state / government
    _t("President", "head_of_state", "pres.", "pres", "presidente"),
    _t("Vice President", "head_of_state", "vice-president", "vp", "veep"),
    _t("Prime Minister", "head_of_government", "pm", "p.m."),
    _t("Deputy Prime Minister", "head_of_government", "deputy pm", "vice prime minister"),
    _t("Premier", "head_of_government"),
    _t("Vice Premier", "head_of_government", "vice-premier"),
    _t("Chancellor", "head_of_government"),
    _t("Vice Chancellor", "head_of_government", "vice-chancellor"),
    _t("Supreme Leader", "head_of_state"),
    _t("Leader", "head_of_state", "ruler", "strongman", "dictator", "head of state",
       "head of government", "autocrat"),
    _t("Chief Executive", "head_of_government", "chief executive officer", "ceo"),
    _t("First Minister", "head_of_government"),
    _t("Chief Minister", "head_of_government"),
    _t("Minister of State", "minister", "minister of state"),
    _t("State Secretary", "minister"),
    _t("Senior Minister", "minister"),
    _t("First Deputy Prime Minister", "head_of_government"),
    _t("Taoiseach", "head_of_government"),
    _t("State Councillor", "minister", "state councilor"),
    _t("General Secretary", "party", "general-secretary", "party secretary",
       "party chief", "first secretary"),
    _t("Chair", "party", "chairperson"),
    # royalty
    _t("King", "royal", "monarch", gender="m"),
    _t("Queen", "royal", gender="f"),
    _t("Consort", "royal", "queen consort", "princess consort", "prince consort"),
    _t("Emperor", "royal", gender="m"),
    _t("Empress", "royal", gender="f"),
    _t("Crown Prince", "royal", gender="m"),
    _t("Crown Princess", "royal", gender="f"),
    _t("Prince", "royal", gender="m"),
    _t("Princess", "royal", gender="f"),
    _t("Duke", "royal", gender="m"),
    _t("Duchess", "royal", gender="f"),
    _t("Emir", "royal", "amir", gender="m"),
    _t("Sultan", "royal", gender="m"),
    _t("Sheikh", "royal", "shaikh", "sheik", gender="m"),
    _t("Sheikha", "royal", gender="f"),
    _t("Grand Duke", "royal", gender="m"),
    # ministers and secretaries without a field
    _t("Minister", "minister", "cabinet minister", "government minister", "junior minister"),
    _t("Secretary of State", "minister"),
    _t("Secretary-General", "official", "secretary general", "sec-gen", "secgen",
       "secretary-general"),
    _t("Deputy Secretary-General", "official", "deputy secretary general"),
    _t("Under-Secretary-General", "official", "under secretary general",
       "undersecretary-general"),
    _t("Director-General", "official", "director general"),
    _t("High Commissioner", "diplomat"),
    _t("High Representative", "official"),
    _t("Commissioner", "official"),
    _t("Chief Cabinet Secretary", "minister"),
    _t("Cabinet Secretary", "minister"),
    _t("Chancellor of the Exchequer", "minister"),
    _t("Attorney General", "minister", "attorney-general", "ag"),
    _t("Solicitor General", "official", "solicitor-general"),
    _t("National Security Adviser", "official", "national security advisor",
       "national security adviser"),
    _t("Chief of Staff", "official", "chief-of-staff"),
    _t("Press Secretary", "official"),
    _t("Secretary", "minister"),
    _t("Undersecretary", "official", "under-secretary", "under secretary"),
    _t("Permanent Secretary", "official"),
    _t("Spokesperson", "official", "spokesperson", "press officer"),
    _t("Adviser", "official", "advisor", "senior adviser", "senior advisor", "aide",
       "top aide", "counsellor", "counselor"),
    _t("Official", "official", "senior official", "government official", "officer",
       "civil servant", "bureaucrat"),
    _t("Director", "official"),
    _t("Head", "official", "chief", "boss"),
    _t("Foreign Policy Chief", "official"),
    _t("Deputy Director", "official"),
    _t("Governor", "official", "gov.", "gov", "governor-general", "governor general"),
    _t("Mayor", "official", "lord mayor"),
    _t("Deputy Mayor", "official"),
    _t("Negotiator", "diplomat", "chief negotiator", "top negotiator"),
    _t("Ambassador", "diplomat", "amb.", "envoy", "special envoy", "emissary",
       "special representative", "consul", "consul general", "consul-general"),
    _t("Diplomat", "diplomat", "top diplomat", "senior diplomat"),
    # legislators
    _t("Senator", "legislator", "sen.", "sen"),
    _t("Representative", "legislator", "rep.", "rep", "congressperson"),
    _t("Member of Parliament", "legislator", "mp", "m.p.", "parliamentarian", "mep",
       "member of congress", "assemblyman", "assemblywoman", "councillor", "councilor",
       "councilman", "councilwoman", "alderman"),
    _t("Lawmaker", "legislator", "legislator"),
    _t("Speaker", "legislator", "house speaker", "speaker of the house"),
    _t("Majority Leader", "legislator", "senate majority leader", "house majority leader"),
    _t("Minority Leader", "legislator", "senate minority leader", "house minority leader"),
    _t("Shadow Chancellor", "party", "shadow chancellor of the exchequer"),
    _t("Opposition Leader", "party", "leader of the opposition", "opposition chief"),
    _t("Party Leader", "party", "party head"),
    # judiciary
    _t("Chief Justice", "judicial"),
    _t("Justice", "judicial"),
    _t("Judge", "judicial", "magistrate"),
    _t("Prosecutor", "judicial", "chief prosecutor", "public prosecutor",
       "district attorney", "special counsel"),
    # military and security
    _t("General", "military", "gen.", "gen", "lieutenant general", "lt. gen.", "lt gen",
       "major general", "maj. gen.", "brigadier general", "brig. gen.", "four-star general"),
    _t("Admiral", "military", "adm.", "adm", "vice admiral", "rear admiral"),
    _t("Field Marshal", "military", "marshal"),
    _t("Colonel", "military", "col.", "col", "lieutenant colonel", "lt. col."),
    _t("Major", "military", "maj."),
    _t("Captain", "military", "capt.", "capt"),
    _t("Lieutenant", "military", "lt.", "lt"),
    _t("Sergeant", "military", "sgt.", "sgt"),
    _t("Commander", "military", "cmdr.", "commander-in-chief", "commander in chief",
       "military commander", "top commander", "army chief", "military chief",
       "chief of general staff", "chief of the general staff", "chief of defence staff",
       "chairman of the joint chiefs of staff", "joint chiefs chairman", "navy chief",
       "air force chief", "defence chief", "defense chief"),
    _t("Police Chief", "official", "police commissioner", "chief constable"),
    _t("Spy Chief", "official", "intelligence chief"),
    # religion
    _t("Pope", "religious", "pontiff", gender="m"),
    _t("Ayatollah", "religious", "grand ayatollah", gender="m"),
    _t("Imam", "religious", gender="m"),
    _t("Cardinal", "religious", gender="m"),
    _t("Archbishop", "religious"),
    _t("Bishop", "religious"),
    _t("Patriarch", "religious", gender="m"),
    _t("Rabbi", "religious", "chief rabbi"),
    _t("Dalai Lama", "religious", gender="m"),
    _t("Reverend", "religious", "rev.", "the rev."),
    # others seen as descriptions in news
    _t("First Lady", "generic", gender="f"),
    _t("Candidate", "party", "presidential candidate", "nominee", "presidential nominee",
       "challenger", "contender", "hopeful"),
    _t("Founder", "business", "co-founder", "cofounder"),
    _t("Chief Financial Officer", "business", "cfo"),
    _t("Managing Director", "business"),
    _t("Businessman", "business", "tycoon", "billionaire", "magnate", "entrepreneur",
       gender="m"),
    _t("Businesswoman", "business", gender="f"),
    _t("Executive", "business", "chief operating officer", "coo"),
    _t("Economist", "profession", "chief economist"),
    _t("Analyst", "profession", "senior analyst", "political analyst"),
    _t("Professor", "profession", "prof.", "prof", "academic", "scholar", "lecturer"),
    _t("Researcher", "profession", "research fellow", "senior fellow"),
    _t("Expert", "profession"),
    _t("Journalist", "profession", "reporter", "correspondent", "editor", "columnist",
       "editor-in-chief", "commentator"),
    _t("Activist", "profession", "campaigner", "human rights activist", "dissident"),
    _t("Lawyer", "profession", "attorney", "barrister", "solicitor"),
    _t("Doctor", "profession", "physician", "surgeon"),
    _t("Scientist", "profession"),
    _t("Author", "profession", "writer", "novelist", "historian"),
    _t("Actor", "profession", "actress", "singer", "rapper", "musician", "filmmaker"),
    _t("Coach", "profession", "head coach"),
    _t("Player", "profession", "striker", "midfielder", "goalkeeper"),
    _t("Spokesperson", "official", "government spokesperson", "government spokesman",
       "government spokeswoman"),
):
    for _k, _v in _entry.items():
        TITLES.setdefault(_k, _v)
# "major" is mostly an adjective; only the abbreviation is a rank
TITLES.pop("major", None)

# Portfolios: "<field> minister", "<field> secretary", "minister of/for <field words>".
FIELDS: dict[str, str] = {
    "foreign": "Foreign", "foreign affairs": "Foreign", "external affairs": "Foreign",
    "defence": "Defence", "defense": "Defence", "national defense": "Defence",
    "national defence": "Defence", "armed forces": "Defence", "war": "War",
    "finance": "Finance", "treasury": "Treasury", "economy": "Economy",
    "economic": "Economy", "economic affairs": "Economy", "interior": "Interior",
    "home": "Home", "home affairs": "Home", "internal affairs": "Interior",
    "trade": "Trade", "commerce": "Commerce", "industry": "Industry",
    "health": "Health", "education": "Education", "justice": "Justice",
    "energy": "Energy", "environment": "Environment", "climate": "Climate",
    "agriculture": "Agriculture", "labour": "Labour", "labor": "Labour",
    "culture": "Culture", "transport": "Transport", "transportation": "Transport",
    "immigration": "Immigration", "unification": "Unification", "digital": "Digital",
    "science": "Science", "technology": "Technology", "information": "Information",
    "communications": "Communications", "tourism": "Tourism", "sports": "Sports",
    "youth": "Youth", "housing": "Housing", "veterans affairs": "Veterans Affairs",
    "homeland security": "Homeland Security", "security": "Security",
    "development": "Development", "international development": "Development",
    "planning": "Planning", "oil": "Oil", "petroleum": "Oil", "mines": "Mines",
    "water": "Water", "fisheries": "Fisheries", "social affairs": "Social Affairs",
    "welfare": "Welfare", "women": "Women", "european affairs": "European Affairs",
    "brexit": "Brexit", "business": "Business", "intelligence": "Intelligence",
    "public security": "Public Security", "state security": "State Security",
    "budget": "Budget", "investment": "Investment", "infrastructure": "Infrastructure",
    "land": "Land", "navy": "Navy", "army": "Army", "air force": "Air Force",
}
_OFFICES = {"minister": ("Minister", "minister"), "secretary": ("Secretary", "minister")}


def _field_titles() -> None:
    for field_, canon in FIELDS.items():
        for word, (office, kind) in _OFFICES.items():
            if field_ in ("navy", "army", "air force") and word == "minister":
                continue
            title = Title(f"{canon} {office}", None, kind)
            TITLES.setdefault(f"{field_} {word}", title)
            TITLES.setdefault(f"deputy {field_} {word}", Title(f"Deputy {canon} {office}",
                                                                None, kind))
            TITLES.setdefault(f"vice {field_} {word}", Title(f"Vice {canon} {office}",
                                                              None, kind))
            TITLES.setdefault(f"shadow {field_} {word}", Title(f"Shadow {canon} {office}",
                                                                None, "party"))
            for prep in ("of", "for"):
                TITLES.setdefault(f"{word} {prep} {field_}", title)
                TITLES.setdefault(f"{word} {prep} the {field_}", title)
        # British style: "Secretary of State for Foreign Affairs" -> "Foreign Secretary"
        TITLES.setdefault(f"secretary of state for {field_}", Title(f"{canon} Secretary",
                                                                     None, "minister"))
    # US style: "Secretary of Defense", "Secretary of the Treasury", "Secretary of Commerce"
    TITLES["secretary of state"] = Title("Secretary of State", None, "minister")
    TITLES["secretary of defense"] = Title("Defence Secretary", None, "minister")
    TITLES["secretary of the treasury"] = Title("Treasury Secretary", None, "minister")
    TITLES["foreign secretary"] = Title("Foreign Secretary", None, "minister")
    TITLES["deputy secretary of state"] = Title("Deputy Secretary of State", None, "minister")
    TITLES["assistant secretary of state"] = Title("Assistant Secretary of State", None,
                                                   "official")


_field_titles()

# Gendered words for one office: the canonical title is the neutral one, the gender kept.
for _word, _canon, _kind, _g in (
        ("spokesman", "Spokesperson", "official", "m"),
        ("spokeswoman", "Spokesperson", "official", "f"),
        ("government spokesman", "Spokesperson", "official", "m"),
        ("government spokeswoman", "Spokesperson", "official", "f"),
        ("chairman", "Chair", "party", "m"), ("chairwoman", "Chair", "party", "f"),
        ("congressman", "Representative", "legislator", "m"),
        ("congresswoman", "Representative", "legislator", "f"),
        ("assemblyman", "Member of Parliament", "legislator", "m"),
        ("assemblywoman", "Member of Parliament", "legislator", "f"),
        ("councilman", "Member of Parliament", "legislator", "m"),
        ("councilwoman", "Member of Parliament", "legislator", "f"),
        ("actress", "Actor", "profession", "f"),
        ("businesswoman", "Businessman", "business", "f")):
    TITLES[_word] = Title(_canon, _g, _kind)

HONORIFICS: dict[str, str | None] = {
    "mr": "m", "mr.": "m", "mister": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
    "miss": "f", "mx": None, "mx.": None, "dr": None, "dr.": None, "sir": "m", "dame": "f",
    "lord": "m", "lady": "f", "madam": "f", "madame": "f", "mme": "f", "mme.": "f",
    "monsieur": "m", "herr": "m", "frau": "f", "senor": "m", "señor": "m", "senora": "f",
    "señora": "f", "signor": "m", "signora": "f", "baron": "m", "baroness": "f",
    "countess": "f", "hon.": None, "rt hon": None, "fr.": "m", "mullah": "m",
    "maulana": "m",
}

QUALIFIERS: dict[str, str] = {
    "former": "former", "ex": "former", "ex-": "former", "onetime": "former",
    "one-time": "former", "erstwhile": "former", "previous": "former",
    "deposed": "former", "ousted": "former", "exiled": "former", "retired": "former",
    "late": "late", "the late": "late",
    "acting": "acting", "interim": "acting", "caretaker": "acting",
    "outgoing": "outgoing", "departing": "outgoing", "lame-duck": "outgoing",
    "incoming": "incoming", "elect": "incoming", "-elect": "incoming",
    "designate": "incoming", "newly elected": "incoming", "newly appointed": "incoming",
    "then": "then", "then-": "then",
}


def title_of(words: str) -> Title | None:
    """The Title a phrase is exactly ("Foreign Minister", "Sen."), else None."""
    if not isinstance(words, str):
        return None
    key = _key(words)
    return TITLES.get(key) or TITLES.get(key.rstrip(".")) or \
        TITLES.get(key.replace("-", " "))


def title_gender(title: str) -> str | None:
    t = title_of(title)
    return t.gender if t else None


def honorific_gender(word: str) -> str | None:
    if not isinstance(word, str):
        return None
    return HONORIFICS.get(_key(word)) or HONORIFICS.get(_key(word).rstrip("."))


# ------------------------------------------------------------------ first names
@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        with open(NAMES_FILE, encoding="utf-8") as fh:
            for line in fh:
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                parts = line.split()
                if len(parts) < 2 or parts[-1] not in ("m", "f", "u"):
                    continue
                g = parts[-1]
                for name in parts[:-1]:
                    key = _fold(name)
                    if key in out and out[key] != g:
                        out[key] = "u"                   # listed both ways: unisex
                    else:
                        out[key] = g
    except OSError:
        return {}
    return out


def _fold(s: str) -> str:
    return strip_accents(s).casefold().strip(".")


def is_first_name(word: str) -> bool:
    """Is ``word`` a first name of the list (of either gender, or unisex)?"""
    return isinstance(word, str) and _fold(word) in _names()


def first_name_gender(name: str) -> str | None:
    """"m", "f" or None (unknown or unisex) for a first name or a full name whose first
    word (after honorifics/titles) is a known first name: "Fumio", "Fumio Kishida",
    "Angela Merkel", "Mr Blair" -> "m" via the honorific."""
    if not isinstance(name, str) or not name.strip():
        return None
    words = [w for w in re.split(r"[\s]+", name.strip().replace("\u2019", "'")) if w]
    names = _names()
    by_title: str | None = None      # "Sheikh Hasina": the name outranks the title's gender
    for i, w in enumerate(words):
        lw = _key(w)
        if lw in HONORIFICS or lw.rstrip(".") in HONORIFICS:
            g = HONORIFICS.get(lw) if lw in HONORIFICS else HONORIFICS.get(lw.rstrip("."))
            if g in ("m", "f"):
                return g
            continue
        if lw in TITLES or lw.rstrip(".") in TITLES:
            t = TITLES.get(lw) or TITLES.get(lw.rstrip("."))
            by_title = by_title or (t.gender if t else None)
            continue
        g = names.get(_fold(w)) or names.get(_fold(w.split("-")[0]))
        if g == "u" and i + 1 < len(words):
            # East Asian order, surname first: "Kim Jong Un", "Xi Jinping", "Moon Jae-in"
            rest = words[i + 1:]
            for cand in ("-".join(rest[:2]), rest[0], rest[0].split("-")[0]):
                g2 = names.get(_fold(cand))
                if g2 in ("m", "f"):
                    return g2
        return g if g in ("m", "f") else by_title
    return by_title


# ------------------------------------------------------------------ parsing
_MAX_TITLE = max(len(k.split()) for k in TITLES)
_SKIP_LEFT = {"the", "a", "an", "its", "his", "her", "their", "-", "then", "top"}
# Words of a body between a state and a title: "Chinese Foreign Ministry spokesman",
# "Russian Defence Ministry official", "Japanese government spokesperson".
_BODY_WORDS = {"ministry", "department", "office", "government", "party", "army",
               "military", "navy", "embassy", "cabinet", "council", "commission", "agency",
               "press", "central", "national", "state", "federal", "interior", "foreign",
               "defence", "defense", "finance", "trade", "health", "justice", "bank",
               "intelligence", "security", "police", "air", "force", "forces", "mission",
               "delegation", "communist", "ruling", "opposition", "presidential", "royal",
               "administration", "regime", "junta", "parliament", "senate", "house"}


def _key(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", s.strip().lower())


def _words(x: Any) -> list[str]:
    """Words of a text, a list of strings, or spaCy tokens/span."""
    if isinstance(x, str):
        text = x
    else:
        items = list(x) if isinstance(x, Iterable) else [x]
        if items and hasattr(items[0], "text_with_ws"):
            text = "".join(t.text_with_ws for t in items)
        else:
            text = " ".join(str(getattr(t, "text", t)) for t in items)
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[\u2010-\u2014]", "-", text)
    # "ex-president", "then-Secretary": the qualifier is a word of its own
    text = re.sub(r"\b(ex|then|former)-(?=\w)", r"\1 ", text, flags=re.I)
    text = re.sub(r"(?<=\w)-(elect|designate)\b", r" \1", text, flags=re.I)
    # keep hyphenated titles whole ("Secretary-General", "Director-General")
    toks = []
    for m in re.finditer(r"(?:[A-Z]\.){2,}|\w+(?:-\w+)*\.?|'s|[^\w\s]", text):
        toks.append(m.group())
    # a trailing "." of a sentence is not part of a word unless it is an abbreviation
    return [t[:-1] if t.endswith(".") and t[:-1].isalpha() and len(t) > 4 and
            t[:-1].lower() not in TITLES and t.lower() not in TITLES else t for t in toks]


def _match_title(low: list[str], i: int) -> tuple[int, Title] | None:
    """Longest title starting at word i: (end index exclusive, Title)."""
    for n in range(min(_MAX_TITLE, len(low) - i), 0, -1):
        phrase = " ".join(low[i:i + n])
        t = TITLES.get(phrase) or TITLES.get(phrase.replace("-", " "))
        if t is None and phrase.endswith("."):
            t = TITLES.get(phrase[:-1])
        if t is not None:
            return i + n, t
    return None


def _place_code(phrase: str, kinds: tuple[str, ...]) -> str | None:
    """The state (or IGO/NGO) code a gazetteer name of one of ``kinds`` stands for."""
    p = gazetteer.lookup(phrase)
    if p is None:
        return None
    if p.kind in kinds:
        return p.country or p.code
    if p.kind in ("igo", "ngo"):
        return p.code
    if p.kind in ("seat", "agency") and p.country:
        return p.country
    return None


def _place_ending_at(words: list[str], end: int) -> tuple[int, str] | None:
    """A gazetteer name/demonym/alias/IGO ending at word ``end`` (exclusive):
    (start index, code)."""
    for n in range(min(5, end), 0, -1):
        code = _place_code(" ".join(words[end - n:end]),
                           ("country", "alias", "demonym", "capital"))
        if code is not None:
            return end - n, code
    return None


def _place_starting_at(words: list[str], start: int) -> tuple[int, str] | None:
    for n in range(min(8, len(words) - start), 0, -1):
        code = _place_code(" ".join(words[start:start + n]), ("country", "alias", "capital"))
        if code is not None:
            return start + n, code
    return None


def parse_title(tokens_or_text: Any) -> TitleParse | None:
    """Read a title phrase: the last title in the text, with its qualifier and the state
    (or IGO) it belongs to, taken from the words before it (demonym, "Japan's", "U.S.",
    "UN") or an "of"/"for" phrase after it. None when the text holds no title.

    "former Japanese Prime Minister" -> ("Prime Minister", "former", "JPN");
    "the North Korean leader" -> ("Leader", None, "PRK");
    "President-elect of Brazil" -> ("President", "incoming", "BRA")."""
    try:
        words = _words(tokens_or_text)
    except Exception:
        return None
    if not words:
        return None
    low = [w.lower() for w in words]
    # the rightmost title (longest at its start); earlier words are its modifiers
    matches: list[tuple[int, int, Title]] = []
    i = 0
    while i < len(low):
        m = _match_title(low, i)
        if m is not None:
            matches.append((i, m[0], m[1]))
            i = m[0]
        else:
            i += 1
    if not matches:
        return None
    start, end, title = matches[-1]
    # "Supreme Leader Ayatollah Ali Khamenei", "President General X": a style of address
    # right after an office is part of the name; the office is the title
    if len(matches) > 1 and matches[-2][1] == start and \
            title.kind in ("religious", "military", "royal") and \
            matches[-2][2].kind not in ("religious", "military", "royal"):
        start, end, title = matches[-2]
    canonical = title.canonical
    qualifier: str | None = None
    country: str | None = None
    # ---- right: "-elect", "of the United States", "for Foreign Affairs" (fields done)
    j = end
    if j < len(low) and low[j] in ("elect", "designate"):
        qualifier = "incoming"
        j += 1
    if j < len(low) and low[j] in ("of", "for"):
        k = j + 1
        if k < len(low) and low[k] == "the":
            k += 1
        hit = _place_starting_at(words, k)
        if hit is None and k != j + 1:
            hit = _place_starting_at(words, j + 1)
        if hit is not None:
            country = hit[1]
    # ---- left: qualifiers, country words, possessives
    k = start
    while k > 0:
        w = low[k - 1]
        if w in QUALIFIERS:
            q = QUALIFIERS[w]
            # "the late former Prime Minister": being dead says more than having left
            qualifier = q if qualifier is None or q == "late" else qualifier
            k -= 1
            continue
        if w == "'s" or w == "'":
            hit = _place_ending_at(words, k - 1)
            if hit is not None and country is None:
                country = hit[1]
                k = hit[0]
                continue
            break
        if w in _SKIP_LEFT:
            k -= 1
            continue
        if w in ("deputy", "vice", "assistant", "senior", "chief", "junior", "first",
                 "shadow", "principal") and k == start:
            canonical = f"{w.title()} {canonical}" if not canonical.lower().startswith(w) \
                else canonical
            k -= 1
            continue
        if country is None:
            hit = _place_ending_at(words, k)
            if hit is not None:
                country = hit[1]
                k = hit[0]
                continue
            if w in _BODY_WORDS:
                # look past the body's own words for the state it belongs to
                b = k - 1
                while b > 0 and low[b - 1] in _BODY_WORDS:
                    b -= 1
                hit = _place_ending_at(words, b)
                if hit is not None:
                    country = hit[1]
                    k = hit[0]
                    continue
        break
    return TitleParse(canonical, qualifier, country)
