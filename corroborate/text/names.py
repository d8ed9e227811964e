"""Names of people, places and organisations as another language writes them, offline.

No translation model can be had here, but names carry across languages by rules: Latin-script
languages keep them as they are, Cyrillic ones transliterate them (cyrtranslit's tables) and
Japanese writes foreign names in katakana (e2k, a small model shipped inside its package). A
language with no such library here (Korean, Chinese, Arabic) gets None: its pages are reached
through the names they print in Latin letters, figures and dates instead.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

LATIN_SCRIPT = frozenset({"en", "fr", "de", "es", "it", "pt", "nl", "sv", "pl", "tr"})
_CYRILLIC = {"ru": "ru", "uk": "ua"}  # our code -> cyrtranslit's
_KATAKANA_SEPARATOR = "・"  # Japanese writes "Francis Scott Key" as フランシス・スコット・キー
_LATIN_WORD = re.compile(r"[A-Za-z]+")


# Words of a name that other languages translate rather than keep: "Marsden Bridge" is "pont
# Marsden" in French and "マースデン橋" in Japanese, but "Marsden" everywhere.
_DESCRIPTORS = frozenset(
    """bridge river port harbour harbor street avenue road square museum gallery palace castle
    cathedral church university college school hospital airport station island islands lake
    mountain mount park valley bay sea ocean gulf strait canal dam tower hall ministry office
    department agency council court parliament senate police army navy party bank company
    group corporation university institute foundation city town province state county region
    republic kingdom empire of the de la le du des del""".split()
)


def name_core(name: str) -> str:
    """The part of a name every language keeps: "Marsden Bridge" -> "Marsden", "Port of
    Baltimore" -> "Baltimore"; the name itself when nothing is left."""
    words = [word for word in name.split() if word.lower() not in _DESCRIPTORS]
    return " ".join(words) or name


@cache
def spell_name(name: str, language: str) -> str | None:
    """``name`` (Latin letters) as ``language`` writes it; None when no library here can."""
    if language in LATIN_SCRIPT:
        return name
    if not _LATIN_WORD.fullmatch(name.replace(" ", "").replace("-", "")):
        return None  # digits, apostrophes, accents: no table spells these reliably
    if language in _CYRILLIC:
        import cyrtranslit  # type: ignore[import-untyped]

        return str(cyrtranslit.to_cyrillic(name, _CYRILLIC[language]))
    if language == "ja":
        words = [_katakana()(word.lower()) for word in re.split(r"[\s-]+", name) if word]
        return _KATAKANA_SEPARATOR.join(words) if all(words) else None
    return None


@cache
def _katakana() -> Any:
    """e2k's character model (loaded once; a few MB of weights inside the package)."""
    import e2k  # type: ignore[import-untyped]

    return e2k.C2K()
