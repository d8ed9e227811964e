"""Read the article under test from a file or stdin, whatever its encoding or format.

Users paste articles from anywhere: Windows editors (cp1252, UTF-16 with BOM), saved web pages,
pipes. Everything unusable fails here with one line naming the path and the fix, so later
stages can trust ``Article.text`` to be clean, NFC-normalised text.
"""

from __future__ import annotations

import codecs
import logging
import re
import sys
import unicodedata
from pathlib import Path

import trafilatura
from trafilatura.settings import Document

from corroborate.errors import InputError
from corroborate.models import Article
from corroborate.text.dates import first_full_date, iso_date_text

logger = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACK_ENCODINGS = ("cp1252", "latin-1")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(
    rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<meta|<div|<article)", re.I
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset=[\"']?([A-Za-z0-9_\-]{2,30})", re.I)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
DATE_SEARCH_CHARS = 600  # a publication date is stated near the top, if at all
MAX_TITLE_WORDS = 25
MAX_ARTICLE_BYTES = 5_000_000  # an article, not a book: larger input is a mistake


def read_article(
    path: str, encoding: str | None = None, max_bytes: int = MAX_ARTICLE_BYTES
) -> Article:
    """Read, decode and clean the article at ``path`` ("-" for stdin)."""
    if encoding:
        _check_encoding(encoding)  # a misspelt --encoding is an error even when UTF-8 reads
    data = _read_bytes(path, max_bytes)
    if not _is_wide_unicode(data, encoding):
        _reject_binary(path, data)
    is_html = _is_html(path, data)
    declared = _declared_charset(data) if is_html else None
    text, warning = _decode_bytes(path, data, encoding or declared)
    if warning:
        logger.info(warning)  # the CLI shows Article.decode_warning itself
    article = _article_from_html(path, text) if is_html else _article_from_text(path, text)
    if not article.text.strip():
        raise InputError(f"{_name(path)}: no article text found; pass a plain-text or HTML article")
    return Article(article.path, article.text, article.title, article.published, warning)


def _decode_bytes(path: str, data: bytes, encoding: str | None = None) -> tuple[str, str | None]:
    """Text and a warning when the encoding had to be guessed: BOM, UTF-8, given, fallback."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(path, data, codec), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if encoding:
        return _decode(path, data, encoding), None
    for codec in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return text, (
            f"{_name(path)} is not valid UTF-8; read it as {codec}. "
            "If characters look wrong, pass --encoding"
        )
    raise AssertionError("latin-1 decodes any bytes")


def _check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; try utf-8 or cp1252") from None


def _decode(path: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(codecs.lookup(encoding).name)
    except LookupError:
        raise InputError(
            f"{_name(path)}: unknown encoding {encoding!r}; try utf-8 or cp1252"
        ) from None
    except UnicodeDecodeError as error:
        raise InputError(
            f"{_name(path)} cannot be decoded as {encoding} (byte {error.start}); check --encoding"
        ) from None


def _read_bytes(path: str, max_bytes: int) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        data = _read_file(Path(path), max_bytes)
    if len(data) > max_bytes:
        raise _too_large(path, max_bytes)
    if not data.strip():
        raise InputError(f"{_name(path)} is empty; pass a file that contains the article text")
    return data


def _read_file(file: Path, max_bytes: int) -> bytes:
    if file.is_dir():
        raise InputError(f"{file} is a directory; pass the article's file instead")
    try:
        if file.stat().st_size > max_bytes:
            raise _too_large(str(file), max_bytes)
        with file.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{file}: no such file; check the path") from None
    except OSError as error:
        raise InputError(f"cannot read {file}: {error.strerror}; check its permissions") from None


def _too_large(path: str, max_bytes: int) -> InputError:
    return InputError(f"{_name(path)} is larger than {max_bytes} bytes; pass only the article text")


def _is_wide_unicode(data: bytes, encoding: str | None) -> bool:
    """UTF-16/32 text is full of NUL bytes: known by its BOM or by the user's --encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    try:
        return encoding is not None and codecs.lookup(encoding).name.startswith(
            ("utf-16", "utf-32")
        )
    except LookupError:
        return False  # reported by the decoder, with the remedy


def _reject_binary(path: str, data: bytes) -> None:
    """NUL bytes or many control characters mean a binary file."""
    sample = data[:65536]
    controls = len(_CONTROL_CHARS.findall(sample.decode("latin-1")))
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise InputError(
            f"{_name(path)} looks like a binary file; pass the article as text or HTML "
            "(UTF-16 without a byte-order mark needs --encoding utf-16)"
        )


def _is_html(path: str, data: bytes) -> bool:
    if path.lower().endswith(_HTML_SUFFIXES):
        return True
    head = data[:2048].lstrip(codecs.BOM_UTF8)
    return bool(_HTML_START.match(head)) and b"</" in data[:65536]


def _declared_charset(html: bytes) -> str | None:
    """The page's own ``<meta charset>``, when Python knows that codec."""
    match = _META_CHARSET.search(html[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _article_from_html(path: str, html: str) -> Article:
    document = trafilatura.bare_extraction(
        html, with_metadata=True, favor_precision=True, include_comments=False
    )
    if not isinstance(document, Document) or not (document.text or "").strip():
        raise InputError(
            f"{_name(path)}: no article text found in the HTML; save the article page itself"
        )
    text = _normalise_text(document.text or "")
    return Article(path, text, document.title or None, iso_date_text(document.date))


def _article_from_text(path: str, text: str) -> Article:
    text = _normalise_text(text)
    return Article(path, text, _headline(text), _published_date(text))


def _normalise_text(text: str) -> str:
    """One newline style, NFC, no blank lines or trailing spaces at either end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text).strip("\n \t").rstrip()


def _headline(text: str) -> str | None:
    """The first line, when it reads like a headline: short and without a final period."""
    first_line = text.split("\n", 1)[0].strip()
    if "\n" not in text or not first_line or len(first_line.split()) > MAX_TITLE_WORDS:
        return None
    if first_line.rstrip("\"'\u201d\u2019").endswith((".", ",", ";")):
        return None
    return first_line


def _published_date(text: str) -> str | None:
    """The first complete written date near the top of the text, as ISO YYYY-MM-DD."""
    day = first_full_date(text[:DATE_SEARCH_CHARS])
    return day.isoformat() if day else None


def _name(path: str) -> str:
    return "standard input" if path == "-" else path
