"""Names of people, places and organisations as another language writes them, offline.

No translation model can be had here, but names carry across languages by rules: Latin-script
languages keep them as they are, Cyrillic ones transliterate them (cyrtranslit's tables) and
Japanese writes foreign names in katakana (e2k, a small model shipped inside its package). A
language with no such library here (Korean, Chinese, Arabic) gets None: its pages are reached
through the names they print in Latin letters, figures and dates instead. Once pages of a
language are found, the spelling they use is taken from them (``found_spelling``): a word whose
sound, romanised by anyascii, has the name's consonants ("루브르", "Лувр" and "Louvre" all sound
r-b-r to a reader who merges l/r and b/v, as Korean and Japanese do).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz

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


# Words in each script a found page may spell a foreign name with; Korean and Cyrillic words
# carry endings ("루브르는", "Лувре"), so their beginnings are tried too.
_NAME_WORDS = {
    "ja": re.compile(r"[\u30a1-\u30fa\u30fc]{2,}"),
    "ko": re.compile(r"[\uac00-\ud7a3]{2,}"),
    "ru": re.compile(r"[\u0400-\u042f][\u0400-\u04ff]{2,}"),
    "uk": re.compile(r"[\u0400-\u042f][\u0400-\u04ff]{2,}"),
}
_INFLECTED = {"ko": 1, "ru": 2, "uk": 2}  # how many trailing characters an ending may take
_SOUND_CLASSES = str.maketrans("lvpfdgcqxzj", "rbbbtkkkkss")
_DIGRAPHS = (("ch", "t"), ("sh", "s"), ("ts", "s"), ("th", "t"), ("ph", "b"), ("ck", "k"))
MIN_SIMILARITY = 80
SHORT_SKELETON = 4  # up to this many consonants, fuzzy similarity is too loose
MIN_SIGHTINGS = 2  # a spelling seen once may be a coincidence


def sound_skeleton(text: str) -> str:
    """A name's consonants as a reader of any script hears them: "Louvre", "ルーブル", "루브르"
    and "Лувр" are all "rbr"."""
    word = anyascii(text).lower()
    for digraph, sound in _DIGRAPHS:
        word = word.replace(digraph, sound)
    consonants = re.sub(r"[^a-z]|[aeiouhwy]", "", word).translate(_SOUND_CLASSES)
    return re.sub(r"(.)\1+", r"\1", consonants)


def found_spelling(name: str, texts: Iterable[str], language: str) -> str | None:
    """How pages in ``language`` spell the one-word ``name``: the word that sounds like it most
    often (at least twice); None when none does or the script is not phonetic."""
    pattern = _NAME_WORDS.get(language)
    target = sound_skeleton(name)
    if pattern is None or len(target) < 3:
        return None
    seen: Counter[str] = Counter()
    for text in texts:
        for word in pattern.findall(text):
            best = _best_stem(word, target, _INFLECTED.get(language, 0))
            if best:
                seen[best] += 1
    ranked = [(count, -len(word), word) for word, count in seen.items() if count >= MIN_SIGHTINGS]
    return max(ranked)[2] if ranked else None


def _best_stem(word: str, target: str, endings: int) -> str | None:
    """The word, or it without an ending, that sounds most like ``target``."""
    stems = [word[: len(word) - cut] for cut in range(min(endings, len(word) - 2) + 1)]
    scored = [
        (fuzz.ratio(skeleton, target), -len(stem), stem)
        for stem in stems
        if (skeleton := sound_skeleton(stem)) and skeleton[0] == target[0]
    ]
    best = max(scored, default=None)
    if best is None or best[0] < MIN_SIMILARITY:
        return None
    skeleton = sound_skeleton(best[2])
    if len(target) <= SHORT_SKELETON and not (
        skeleton.startswith(target) and len(skeleton) <= len(target) + 1
    ):
        return None  # a short name must sound out whole: "Paris" is not "parure"
    return best[2]
