"""Words of the time grammar: months, weekdays, number words, units, and their regex forms.

Month and weekday names are matched case-sensitively (``(?-i:...)``) inside otherwise
case-insensitive patterns, so "may" the modal and "march" the verb never start a date.
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
MONTH_FULL = ("(?-i:January|February|March|April|May|June|July|August|September|October"
              "|November|December)")
# Abbreviations only ever count next to a day or a year: "Jan" alone is a first name.
MONTH_ABBR = r"(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MONTH_ANY = rf"(?:{MONTH_FULL}|{MONTH_ABBR})"

WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
            "saturday": 6, "sunday": 7}
WEEKDAY = "(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAY_ABBR = r"(?-i:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?"

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# The month each season starts in (northern hemisphere, as TIMEX3 assumes).
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a hundred": 100, "a couple of": 2, "a couple": 2, "half a": 0.5,
}
# Quantities with no number: they give underspecified values ("PXY"), never a guess.
VAGUE_NUMBERS = ("a few", "few", "several", "many", "some", "a number of", "numerous")

_UNITS_NUM = "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True))
_VAGUE = "|".join(re.escape(k) for k in VAGUE_NUMBERS)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMBER = (rf"(?:(?<![\d,.])\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?"
          rf"|(?:{_TENS})-(?:one|two|three|four|five|six|seven|eight|nine)"
          rf"|{_UNITS_NUM}|{_VAGUE})")

UNITS = {
    "second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "fortnight": "W2",
    "month": "M", "year": "Y", "decade": "Y10", "century": "Y100",
}
UNIT = (r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?"
        r"|century|centuries)")

DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
            "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
            "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
            "twentieth": 20, "twenty-first": 21, "twenty first": 21}


def number_value(word: str) -> float | None:
    """The value of a number phrase; None for vague ones ("several") or nonsense."""
    w = re.sub(r"\s+", " ", word.strip().lower())
    if w in VAGUE_NUMBERS:
        return None
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    if "-" in w:
        tens, _, unit = w.partition("-")
        if tens in NUMBER_WORDS and unit in NUMBER_WORDS:
            return NUMBER_WORDS[tens] + NUMBER_WORDS[unit]
        return None
    try:
        return float(w.replace(",", ""))
    except ValueError:
        return None


def unit_code(word: str) -> str:
    w = word.lower()
    if w.startswith("centur"):
        return "Y100"
    w = w[:-1] if w.endswith("s") else w
    return UNITS[w]


def month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]
