"""Language of a body: ISO 639-1 code or None when the text is too short to tell.

py3langid's model is loaded once per process, on first use. Its output is deterministic
for a given text; only a bounded prefix is classified so that the cost stays flat on
very long documents.
"""

from __future__ import annotations

import re
import threading

__all__ = ["detect", "MIN_LETTERS"]

# Fewer letters than this and identification is a guess (a headline, a name, a number).
MIN_LETTERS = 20
# Classify at most this many characters: the language of a news body is settled by then.
MAX_CHARS = 4000
# Below this probability the text is probably mixed or not language (code, tables).
MIN_PROB = 0.5

_lock = threading.Lock()
_identifier = None
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")


def _model():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text`` ("en", "fr"...), or None if empty, too short or unclear.

    A failing classifier raises: ``clean`` records it as a warning on the document."""
    if not text:
        return None
    sample = _URL.sub(" ", text[:MAX_CHARS])
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    lang, prob = _model().classify(sample)   # (a failure is the caller's to record)
    if prob < MIN_PROB or not lang or len(lang) != 2:
        return None
    return lang.lower()
