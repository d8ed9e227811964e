"""A page's language: what its HTML declares, else what its script makes plain.

Stance is read by an English-only model, and the search widens to the languages of the outlets
already found, so both need to know a page's language; a missing ``lang`` attribute is common,
and the script of the text settles the languages that have a script of their own.
"""

from __future__ import annotations

import re

_SCRIPTS = (  # (language, characters of its script); kana before Han: Japanese mixes both
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
)
_LETTER = re.compile(r"[^\W\d_]")
SAMPLE_CHARS = 2000


def page_language(declared: str | None, text: str) -> str | None:
    """ISO 639-1 code: the declared one ("fr-CA" -> "fr"), else the script's language when a
    third of the letters are in it; None when neither tells (plain Latin text)."""
    if declared:
        return declared.strip().split("-")[0].split("_")[0].lower() or None
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    for language, script in _SCRIPTS:
        if letters and len(script.findall(sample)) * 3 >= letters:
            return language
    return None


def is_english(declared: str | None, text: str) -> bool:
    """False only for a page known to be in another language: an undeclared Latin-script page
    is taken as English, as before languages were told apart."""
    return page_language(declared, text) in (None, "en")
