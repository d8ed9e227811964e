"""The languages coverage is searched in, one table: each language's switch in every source.

A story is reported first, and often best, in the languages of the places it happens in, so the
search APIs are asked in other languages too, each through its own switch: a Google News edition
(``hl``/``gl``/``ceid``), GDELT's ``sourcelang:`` operator (its translingual index searches the
English translation of each page, so an English query reaches pages in that language), a Bing
market (``mkt``). Adding a language is adding one row here.
"""

from __future__ import annotations

from dataclasses import dataclass

from corroborate.errors import ConfigError


@dataclass(frozen=True)
class Language:
    """One language's switch in each source; ``code`` is ISO 639-1, as pages' ``lang`` give it."""

    code: str
    gdelt: str  # GDELT's sourcelang: name
    google: tuple[str, str, str]  # Google News hl, gl, ceid (they must agree)
    bing: str  # Bing News mkt


_ROWS = (
    Language("en", "english", ("en-US", "US", "US:en"), "en-us"),
    Language("fr", "french", ("fr", "FR", "FR:fr"), "fr-fr"),
    Language("de", "german", ("de", "DE", "DE:de"), "de-de"),
    Language("es", "spanish", ("es-419", "US", "US:es-419"), "es-es"),
    Language("it", "italian", ("it", "IT", "IT:it"), "it-it"),
    Language("pt", "portuguese", ("pt-BR", "BR", "BR:pt-419"), "pt-br"),
    Language("nl", "dutch", ("nl", "NL", "NL:nl"), "nl-nl"),
    Language("sv", "swedish", ("sv", "SE", "SE:sv"), "sv-se"),
    Language("pl", "polish", ("pl", "PL", "PL:pl"), "pl-pl"),
    Language("tr", "turkish", ("tr", "TR", "TR:tr"), "tr-tr"),
    Language("ru", "russian", ("ru", "RU", "RU:ru"), "ru-ru"),
    Language("uk", "ukrainian", ("uk", "UA", "UA:uk"), "uk-ua"),
    Language("ar", "arabic", ("ar", "EG", "EG:ar"), "ar-eg"),
    Language("hi", "hindi", ("hi", "IN", "IN:hi"), "hi-in"),
    Language("ja", "japanese", ("ja", "JP", "JP:ja"), "ja-jp"),
    Language("ko", "korean", ("ko", "KR", "KR:ko"), "ko-kr"),
    Language("zh", "chinese", ("zh-TW", "TW", "TW:zh-Hant"), "zh-cn"),
)
LANGUAGES: dict[str, Language] = {row.code: row for row in _ROWS}
ENGLISH = "en"
# Major news languages searched by default besides English; a story widens this by the
# languages of the outlets its first searches found.
DEFAULT_SEARCH_LANGUAGES = ("fr", "de", "es", "it", "pt", "ru", "ja", "ko", "zh", "ar")
DEFAULT_QUERIES_PER_LANGUAGE = 3


@dataclass(frozen=True)
class LanguageConfig:
    """The ``[languages]`` table: which languages to search beyond English, and how much."""

    search: tuple[str, ...] = DEFAULT_SEARCH_LANGUAGES
    queries_per_language: int = DEFAULT_QUERIES_PER_LANGUAGE  # per source and language
    widen: bool = True  # also search the languages of outlets a first round found


def language_config(table: dict[str, object]) -> LanguageConfig:
    """Validate a ``[languages]`` table; ``ConfigError`` names the bad key or code."""
    known = {"search": list, "queries_per_language": int, "widen": bool}
    values: dict[str, object] = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"unknown setting [languages] {key}; known: {', '.join(known)}")
        if not isinstance(value, known[key]) or (known[key] is int and isinstance(value, bool)):
            raise ConfigError(f"[languages] {key} must be {known[key].__name__}, got {value!r}")
        values[key] = value
    raw = values.get("search", DEFAULT_SEARCH_LANGUAGES)
    assert isinstance(raw, list | tuple)
    search = tuple(str(code).lower() for code in raw)
    unknown = [code for code in search if code not in LANGUAGES]
    if unknown:
        raise ConfigError(
            f"[languages] search: unknown language {unknown[0]!r}; known: {', '.join(LANGUAGES)}"
        )
    per_language = values.get("queries_per_language", DEFAULT_QUERIES_PER_LANGUAGE)
    assert isinstance(per_language, int)
    if per_language < 0:
        raise ConfigError("[languages] queries_per_language must be 0 or more")
    widen = bool(values.get("widen", True))
    return LanguageConfig(
        tuple(c for c in dict.fromkeys(search) if c != ENGLISH), per_language, widen
    )
