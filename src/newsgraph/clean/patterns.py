"""Line-level cues of page chrome in plain-text scrapes.

Each cue is a general property of how sites print chrome (a credit after a pipe, a street
number followed by a street type, a copyright sign), never the text of one site. The cues
only ever apply to short lines: a body sentence that happens to mention "subscribe" is
longer than any chrome line and is protected by the length limit in ``text.py``.
"""

from __future__ import annotations

import re

# Words that, in a short line, mark the line as an interface element rather than prose.
# "Strong" ones are chrome whatever follows; "weak" ones also start ordinary phrases
# ("home to Leicester", "watch this space") and count only in label-like lines.
_UI_STRONG = (
    r"share|shares|tweet|retweet|e-?mail this|printable|subscribe|subscription|"
    r"subscriber|sign ?up|sign ?in|log ?in|log ?out|newsletters?|cookies?|"
    r"advertisement|advertising|sponsored|promoted|read more|read next|see also|"
    r"recommended|trending|most (?:read|popular|viewed|shared)|follow us|"
    r"leave a comment|join the conversation|click here|download (?:the|our) app|"
    r"privacy policy|terms of (?:use|service)|cookie policy|all rights reserved|skip to|"
    r"back to top|jump to|toggle|play video|next article|previous article|"
    r"continue reading|show more|load more|view (?:all|more)|top stories|latest news|"
    r"don't miss|editor'?s picks?|you may also like|we recommend|sponsored content|"
    r"support (?:our|independent) journalism|donate|whatsapp|facebook|twitter|"
    r"linkedin|pinterest|reddit|instagram|youtube|telegram|copy link|copied"
)
_UI_WEAK = (
    r"print|register|more on|related|follow|comments?|menu|search|home|contact us|about us|"
    r"careers|watch|listen|video|audio|gallery|photos|contribute"
)
UI_STRONG = re.compile(rf"^\W*(?:{_UI_STRONG})\b", re.I)
UI_WEAK = re.compile(rf"^\W*(?:{_UI_WEAK})\b", re.I)
UI_ANY = re.compile(rf"\b(?:{_UI_STRONG}|{_UI_WEAK})\b", re.I)

# A photo credit or caption tail: "| Image: AP", "Photo: Reuters", "(AP Photo/Jane Doe)",
# "Getty Images", "Image credit: ...", "Picture: ..." .
CREDIT = re.compile(
    r"(?:[|/(\[]\s*(?:image|photo|photograph|picture|pic|credit|source|video|file photo|foto|фото)s?"
    r"(?:\s+credit)?\s*[:/]"
    r"|^\s*(?:image|photo|photograph|picture|pic|credit|caption|illustration|graphic|foto|фото|"
    r"file photo|photo illustration)s?(?:\s+credit)?\s*(?::|by\b|/)"
    r"|\b(?:AP|AFP|EPA|Reuters|Getty|Shutterstock|Alamy|PA|Bloomberg|Xinhua)\s*"
    r"(?:Photo|Images?|Wire|Pictures|via Getty)\b"
    r"|\bvia Getty\b|\bGetty Images\b|\(\s*(?:AP|AFP|Reuters|EPA)\s*(?:Photo)?\s*/"
    r"|\bPhoto(?:graph)?s?\s*(?:by|courtesy|credit)\b)",
    re.I,
)

COPYRIGHT = re.compile(r"(?:©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved)", re.I)

# Street line: a house number then words ending in a street type; city line: "Town, ST 12345";
# other contact lines: P.O. boxes, phone numbers, e-mail addresses.
STREET = re.compile(
    r"^\s*\d{1,6}[A-Za-z]?\s+(?:[A-Z][\w.'-]*\s+){0,5}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Way|Ct|Court|Pl|Place|"
    r"Sq|Square|Hwy|Highway|Pkwy|Parkway|Terrace|Ter)\b\.?(?:,?\s*(?:Suite|Ste|Floor|Fl)\.?\s*\w+)?"
    r"\s*,?\s*$"
)
CITY_ZIP = re.compile(r"^\s*[A-Z][\w .'-]{1,40},\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\s*$")
POSTCODE_UK = re.compile(r"^[\w ,.'-]{0,60}\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\s*$")
CONTACT = re.compile(
    r"^\s*(?:P\.?\s*O\.?\s*Box\b|(?:tel|phone|fax|call us|email|e-mail)\s*[:.]"
    r"|\+?\d[\d ().-]{8,}\d\s*$|[\w.+-]+@[\w-]+\.[\w.]+\s*$)",
    re.I,
)

# "By Jane Doe", "By JANE DOE and John Roe, Reuters", "Written by ...", "Words: ...".
BYLINE = re.compile(
    r"^\s*(?:by|written by|words by|reporting by|story by|posted by|author:)\s+"
    r"(?P<name>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|da|al|bin|and|&))"
    r"{0,6})\b",
    re.I,
)


def byline_name(line: str) -> str | None:
    """The author named by a byline line ("By Jane Doe" -> "Jane Doe"), else None."""
    m = BYLINE.match(line)
    return m.group("name").strip() if m else None


# Agency credit lines that close wire stories: "(Reporting by X; Editing by Y)".
# Only in parentheses: an unbracketed "Reporting by the Guardian showed ..." is prose.
AGENCY_CREDIT = re.compile(r"^\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|"
                           r"produced|translated)\s+by\b[^()]*\)\s*$", re.I)

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# A full date: "May 2, 2019", "2nd May 2019", "2019-05-02".
_DATE = (rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
         rf"|\d{{4}}-\d{{2}}-\d{{2}}")
# A line that is (nearly) only a date/time stamp, maybe with "Published"/"Updated".
DATESTAMP = re.compile(
    rf"^\W*(?:(?:published|updated|posted|last updated|first published|modified|on)\s*:?\s*)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?"
    rf"(?:{_DATE}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
    rf"(?:[\s,|-]*(?:at\s*)?\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{{2,4}})?)?\W*$",
    re.I,
)
# A date somewhere in a short line ("Jane on May 2, 2019 at 4:47 pm", "May 2, 2019 | by Jane").
DATE_IN = re.compile(rf"\b(?:{_DATE})", re.I)
TIME_AGO = re.compile(r"^\W*\d+\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\W*$", re.I)
READ_TIME = re.compile(r"^\W*\d+\s*(?:-\s*)?min(?:ute)?s?\s+read\W*$", re.I)

# A heading that opens the page's tail (comments, tags, author box): after the article has
# begun, it does not go on past one. ("Related"/"More" boxes also sit inside articles.)
SECTION = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|responses?|replies|reactions|discussion)\b"
    r"|^\W*(?:leave a (?:reply|comment)|add a comment|post a comment|join the (?:discussion|conversation)"
    r"|you must (?:log|sign) in|(?:show|view|load) (?:all )?comments"
    r"|(?:tags?|topics?|filed under|categories|category)\s*:|about the author|share this)"
    r"|^\S+(?:\s\S+){0,3}\s+(?:says|said|wrote|writes|replied):\s*$"
    r"|^.{0,120}\b(?:says|said|wrote|writes|replied):\s*$",
    re.I,
)

# Boxes of links that interrupt or follow an article.
LINK_BOX = re.compile(
    r"^\W*(?:related(?: articles?| stories| posts?| content| coverage| news| topics| links)?"
    r"|more (?:from|on|in|stories|news|articles|videos)\b|recommended|most (?:read|popular|viewed|shared)"
    r"|you (?:may|might) also (?:like|enjoy)|read (?:more|next|also)|trending|popular|see also)\b",
    re.I,
)

# A call to the reader about the site itself: a promotion word and the second person
# ("Subscribe to our newsletter", "We use cookies to improve your experience").
PROMO_WORD = re.compile(
    r"\b(?:subscribe|subscription|newsletters?|cookies?|sign up|signing up|unsubscribe|"
    r"log in|sign in|download our app|follow us|privacy policy|inbox)\b", re.I)
READER = re.compile(r"\b(?:you|your|our|us|join|want)\b", re.I)

SOCIAL = re.compile(r"\b(?:facebook|twitter|instagram|youtube|linkedin|pinterest|whatsapp|"
                    r"telegram|tiktok|snapchat|reddit|flipboard|rss)\b", re.I)
