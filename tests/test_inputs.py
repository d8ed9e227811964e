"""Reading the article: encodings, formats and every way a file can be unusable."""

from __future__ import annotations

import codecs
import io
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborate.claims.article import read_article
from corroborate.errors import InputError

BODY = (
    "Flood Waters Rise in Valencia\n"
    "Valencia, November 2, 2024\n"
    "Heavy rain flooded the city of Valencia on Tuesday, the regional government said.\n"
    "Caf\u00e9 owners counted the damage.\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_plain_utf8_text_with_headline_and_date(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path, "a.txt", BODY.encode("utf-8") + b"\n\n\n\n"))
    assert article.title == "Flood Waters Rise in Valencia"
    assert article.published == "2024-11-02"
    assert article.decode_warning is None
    assert article.text == BODY.rstrip("\n")


def test_first_line_with_final_period_is_not_a_title(tmp_path: Path) -> None:
    text = "Rain flooded Valencia on Tuesday.\nCafe owners counted the damage.\n"
    article = read_article(_write(tmp_path, "a.txt", text.encode()))
    assert article.title is None
    assert article.published is None


def test_newlines_unified_and_nfc(tmp_path: Path) -> None:
    decomposed = "Cafe\u0301 opens\r\nThe cafe\u0301 opened on Monday.\rIt was busy.\r\n"
    article = read_article(_write(tmp_path, "a.txt", decomposed.encode()))
    assert article.text == "Caf\u00e9 opens\nThe caf\u00e9 opened on Monday.\nIt was busy."


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + BODY.encode("utf-8"),
        codecs.BOM_UTF16_LE + BODY.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + BODY.encode("utf-16-be"),
    ],
    ids=["utf-8-bom", "utf-16-le", "utf-16-be"],
)
def test_byte_order_marks_win(tmp_path: Path, data: bytes) -> None:
    article = read_article(_write(tmp_path, "a.txt", data), encoding="cp1252")
    assert article.text == BODY.rstrip("\n")
    assert article.decode_warning is None


def test_cp1252_fallback_comes_with_a_warning(tmp_path: Path) -> None:
    data = BODY.replace("Caf\u00e9", "\u201cCaf\u00e9\u201d").encode("cp1252")
    path = _write(tmp_path, "a.txt", data)
    article = read_article(path)
    assert "\u201cCaf\u00e9\u201d owners" in article.text
    assert article.decode_warning is not None
    assert path in article.decode_warning and "cp1252" in article.decode_warning
    assert "--encoding" in article.decode_warning


def test_latin1_fallback_when_cp1252_cannot_decode(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path, "a.txt", b"Prices rose \x81 sharply in Lyon."))
    assert "latin-1" in (article.decode_warning or "")


def test_given_encoding_is_used_without_warning(tmp_path: Path) -> None:
    text = "\u041c\u043e\u0441\u043a\u0432\u0430 said the talks ended on Monday."
    article = read_article(_write(tmp_path, "a.txt", text.encode("cp1251")), encoding="cp1251")
    assert article.text == text
    assert article.decode_warning is None


def test_unknown_encoding_is_an_input_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", "Caf\u00e9 news.".encode("cp1252"))
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_article(path, encoding="klingon")


def test_encoding_that_fails_is_an_input_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", b"Prices \xff\xfe rose.")
    with pytest.raises(InputError, match="cannot be decoded as ascii"):
        read_article(path, encoding="ascii")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\t\r\n  \n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(1, 32)) * 50, "binary"),
    ],
    ids=["empty", "whitespace", "png", "control-chars"],
)
def test_unusable_content(tmp_path: Path, data: bytes, message: str) -> None:
    path = _write(tmp_path, "a.txt", data)
    with pytest.raises(InputError, match=message) as error:
        read_article(path)
    assert path in str(error.value) and "\n" not in str(error.value)


def test_oversized_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"Word. " * 200)
    with pytest.raises(InputError, match="larger than 1000 bytes"):
        read_article(path, max_bytes=1000)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_article(str(tmp_path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(str(tmp_path / "nope.txt"))


def _symlink_loop(tmp_path: Path) -> str:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    return str(tmp_path / "loop.txt")


def _below_a_file(tmp_path: Path) -> str:
    return str(Path(_write(tmp_path, "a.txt", b"Some news.")) / "article.txt")


# Paths that cannot be opened whoever asks: CI runs as root, which reads a file of mode 000.
@pytest.mark.parametrize("unreadable", [_symlink_loop, _below_a_file])
def test_unreadable_file(tmp_path: Path, unreadable: Callable[[Path], str]) -> None:
    path = unreadable(tmp_path)
    with pytest.raises(InputError, match=f"^cannot read {re.escape(path)}: "):
        read_article(path)


HTML = """<!DOCTYPE html>
<html><head><title>Quake kills 12 in Herat - Example News</title>
<meta property="article:published_time" content="2023-10-07T10:00:00Z">
<meta property="og:title" content="Quake kills 12 in Herat"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Quake kills 12 in Herat</h1>
<p>At least 12 people were killed when a magnitude 6.3 earthquake struck Herat province in western Afghanistan on Saturday, officials said.</p>
<p>Rescue teams from the Red Crescent searched collapsed buildings through the night, the agency told reporters in Kabul.</p>
</article><div class="comments"><p>Great article, thanks!</p></div>
<footer>Copyright Example News. All rights reserved.</footer></body></html>"""


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.txt"])
def test_html_input_is_cleaned(tmp_path: Path, name: str) -> None:
    article = read_article(_write(tmp_path, name, HTML.encode("utf-8")))
    assert "magnitude 6.3 earthquake struck Herat" in article.text
    assert "Red Crescent" in article.text
    assert "<p>" not in article.text and "All rights reserved" not in article.text
    assert article.title == "Quake kills 12 in Herat"
    assert article.published == "2023-10-07"


def test_html_without_article_text(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "empty.html",
        b"<html><head><title>T</title></head><body><script>var a = 1;</script></body></html>",
    )
    with pytest.raises(InputError, match="no article text"):
        read_article(path)


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, BODY.encode("utf-8"))
    article = read_article("-")
    assert article.path == "-"
    assert article.title == "Flood Waters Rise in Valencia"


def test_stdin_too_large_and_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"x" * 2000)
    with pytest.raises(InputError, match="standard input is larger than 1000 bytes"):
        read_article("-", max_bytes=1000)
    _stdin(monkeypatch, b"")
    with pytest.raises(InputError, match="standard input is empty"):
        read_article("-")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=100_000))
def test_property_any_bytes_give_an_article_or_an_input_error(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "a.txt", data)
    try:
        article = read_article(path)
    except InputError as error:
        assert path in str(error)
        return
    assert article.text.strip()
    assert len(article.text) <= len(data)


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    html = HTML.replace("<head>", '<head><meta charset="windows-1252">').replace(
        "Red Crescent", "Red Crescent caf\u00e9"
    )
    article = read_article(_write(tmp_path, "page.html", html.encode("cp1252")))
    assert "Red Crescent caf\u00e9" in article.text
    assert article.decode_warning is None


def test_utf16_without_bom_needs_the_encoding_option(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", BODY.encode("utf-16-le"))
    with pytest.raises(InputError, match="--encoding utf-16"):
        read_article(path)
    assert read_article(path, encoding="utf-16-le").text == BODY.rstrip("\n")
