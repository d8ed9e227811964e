"""What an answer or a failure means, in one line: the reasons stored beside every failed request
and the text of an answer Scrapy did not decode."""

from __future__ import annotations

import codecs
import re
from typing import cast

from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def unusable_article_reason(response: Response) -> str | None:
    """Why an answer cannot be an article page (binary, still compressed), or None."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode(
        "latin-1"
    ) or "unknown type"
    if response.body[:2] == b"\x1f\x8b":
        return f"compressed body without Content-Encoding ({content_type})"
    if not isinstance(response, TextResponse):
        return f"not a text page ({content_type})"
    return None


_FAILURE_LABELS = {
    "TimeoutError": "timeout",
    "DownloadTimeoutError": "timeout",
    "DNSLookupError": "DNS lookup failed",
    "CannotResolveHostError": "DNS lookup failed",
    "ConnectionRefusedError": "connection refused",
    "ResponseNeverReceived": "no response",
    "ConnectionLost": "connection lost",
    "DownloadCancelledError": "download cancelled",
    "ResponseDataLossError": "truncated body",
    "_DataLoss": "truncated body",
    "DataLoss": "truncated body",
}
# Scrapy 2.19 wraps Twisted's errors: "DownloadFailedError: [<Failure ... ConnectionLost: ...>]".
_WRAPPERS = {"DownloadFailedError", "ResponseFailed", "ResponseNeverReceived"}


def failed_request(failure: Failure) -> Request:
    """The request an errback's failure is about: Scrapy sets it on the failure it passes."""
    return cast(Request, failure.request)  # type: ignore[attr-defined]


def describe_failure(failure: Failure) -> str:
    """A one-line reason for a failed request: HTTP status, refusal, timeout, DNS, ..."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    message = " ".join(str(error).split())
    kind = type(error).__name__
    if kind == "RefusedUrl":
        return f"refused URL: {message}"
    if kind == "IgnoreRequest" and message:
        return message  # e.g. "Forbidden by robots.txt"
    if kind in _WRAPPERS:
        kind = _wrapped_kind(message) or kind
    if kind in _FAILURE_LABELS:  # the URL is stored beside the reason; keep reasons groupable
        return _FAILURE_LABELS[kind]
    return f"{kind}: {message}" if message else kind


def _wrapped_kind(message: str) -> str | None:
    """The first known Twisted error named inside a wrapper's message."""
    names = re.findall(r"\b\w*(?:Error|Lost|Loss|Received)\b", message)
    return next((name for name in names if name in _FAILURE_LABELS), None)


def response_text(response: Response) -> str:
    """Decoded body; Scrapy only decodes responses it recognised as text."""
    if isinstance(response, TextResponse):
        return response.text
    return response.body.decode("utf-8", errors="replace")


_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def page_text(response: TextResponse) -> str:
    """The page's text, read as what it is when its declared charset lies.

    A page declaring UTF-16 or UTF-32 whose bytes hold no byte-order mark and almost no NUL
    bytes (real UTF-16 of Latin text is half NULs) is an 8-bit page: read as UTF-16 it is
    noise that yields no main text, so the page was lost. It is read as UTF-8, else cp1252.
    """
    body = response.body
    wide = response.encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32"))
    if not wide or body.startswith(_WIDE_BOMS) or body.count(b"\x00") * 10 > len(body):
        return response.text
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def html_sentence(html: str) -> str:
    """The readable text of an HTML error page, shortened to one line."""
    text = " ".join(_TAG.sub(" ", _SCRIPT.sub(" ", html)).split())
    return text[:200] or "(empty page)"
