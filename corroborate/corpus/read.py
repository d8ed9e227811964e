"""The HTML documents of one corpus file: a saved page (``.html``, ``.htm``) or every HTML
response of a WARC file (``.warc``, ``.warc.gz``), with the URL each came from."""

from __future__ import annotations

import codecs
import gzip
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from corroborate.errors import InputError

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_corpus_file(path: Path) -> bool:
    name = path.name.lower()
    return path.is_file() and name.endswith(HTML_SUFFIXES + WARC_SUFFIXES)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def corpus_files(root: Path) -> list[Path]:
    """The corpus files under ``root`` (a folder, searched recursively, or one file)."""
    if not root.exists():
        raise InputError(f"{root}: no such corpus; pass a folder of HTML or WARC files")
    if root.is_file():
        if not is_corpus_file(root):
            raise InputError(f"{root}: a corpus file is .html, .htm (or .gz), .warc or .warc.gz")
        return [root.resolve()]
    return sorted(path.resolve() for path in root.rglob("*") if is_corpus_file(path))


def documents(path: Path) -> Iterator[tuple[str, str]]:
    """(URL, HTML) per document; a saved page's URL is its file URI unless it names one."""
    if not is_warc(path):
        yield path.as_uri(), _saved_page(path).decode("utf-8", errors="replace")
        return
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                page = _html_response(record)
                if page is not None:
                    yield page
    except ArchiveLoadFailed as error:
        raise InputError(f"{path}: not a readable WARC file ({error})") from None


def _saved_page(path: Path) -> bytes:
    data = path.read_bytes()
    if not path.name.lower().endswith(".gz"):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError) as error:
        raise InputError(f"{path}: not a readable gzip file ({error})") from None


def _html_response(record: object) -> tuple[str, str] | None:
    """A 200 HTML response record as (URL, text); anything else None."""
    if record.rec_type != "response" or record.http_headers is None:  # type: ignore[attr-defined]
        return None
    http = record.http_headers  # type: ignore[attr-defined]
    content_type = (http.get_header("Content-Type") or "").lower()
    if http.get_statuscode() != "200" or not content_type.startswith(_HTML_TYPES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    body = record.content_stream().read()  # type: ignore[attr-defined]
    return url, body.decode(_charset(content_type), errors="replace")


def _charset(content_type: str) -> str:
    """The declared charset when Python knows it, else UTF-8 (decoded with replacements)."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name == "charset" and value:
            try:
                return codecs.lookup(value.strip("\"' ")).name
            except LookupError:
                break
    return "utf-8"
