"""Google News redirect tokens: offline decoding, and the two-step decode for opaque tokens.

Google News RSS links point at ``news.google.com/rss/articles/<token>``, not at the article.
Older tokens are base64url protobuf with the article URL inside and decode offline. Newer ones
decode to bytes starting ``AU_yqL`` with no URL: their article page carries a signature and a
timestamp, which a ``batchexecute`` POST exchanges for the URL. Everything here is pure (strings
in, values out) so the spider only sequences requests.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import html as lxml_html

NEW_TOKEN_MARK = b"AU_yqL"
BATCHEXECUTE_GUARD = ")]}'"
RPC_ID = "Fbv4je"
_EMBEDDED_URL = re.compile(rb"https?://[\x21-\x7e]+")
_PROTO_PREFIX = b"\x08\x13\x22"


@dataclass(frozen=True)
class TokenDecode:
    """``url`` when the token held it; ``needs_lookup`` for the opaque kind; else ``error``."""

    url: str | None = None
    needs_lookup: bool = False
    error: str | None = None


def token_of(link: str) -> str | None:
    """The token of a ``.../articles/<token>?oc=5`` link, None when it is not such a link."""
    parts = urlsplit(link)
    head, _, token = parts.path.rpartition("/")
    if not token or not head.endswith("/articles"):
        return None
    return token


def decode_token(token: str) -> TokenDecode:
    """Decode offline when the token carries its URL."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return TokenDecode(error="not a Google News token")
    payload = _proto_payload(raw)
    if payload.startswith(NEW_TOKEN_MARK):
        return TokenDecode(needs_lookup=True)
    match = _EMBEDDED_URL.search(payload)
    if match is None:
        return TokenDecode(error="token holds no URL")
    return TokenDecode(url=match.group(0).decode("ascii"))


def _proto_payload(raw: bytes) -> bytes:
    """Field 4 of the token's protobuf (``08 13 22 <varint length> <bytes>``), else all."""
    if not raw.startswith(_PROTO_PREFIX):
        return raw
    length, shift, position = 0, 0, len(_PROTO_PREFIX)
    while position < len(raw):
        byte = raw[position]
        length |= (byte & 0x7F) << shift
        position, shift = position + 1, shift + 7
        if not byte & 0x80:
            return raw[position : position + length]
    return raw


@dataclass(frozen=True)
class DecodeParams:
    """What the article page gives for the batchexecute call."""

    signature: str
    timestamp: str


def decode_params(page_html: str) -> DecodeParams | None:
    """``data-n-a-sg`` and ``data-n-a-ts`` from the page's ``c-wiz`` element."""
    try:
        root = lxml_html.fromstring(page_html)
    except (ValueError, TypeError):
        return None
    for element in root.xpath("//*[@data-n-a-sg and @data-n-a-ts]"):
        signature, timestamp = element.get("data-n-a-sg"), element.get("data-n-a-ts")
        if signature and timestamp and timestamp.isdigit():
            return DecodeParams(signature, timestamp)
    return None


def batchexecute_form(token: str, params: DecodeParams, ceid: str = "US:en") -> dict[str, str]:
    """The ``f.req`` form of the ``garturlreq`` call, as Google News' own page sends it."""
    inner = [
        "garturlreq",
        [
            [
                "X",
                "X",
                ["X", "X"],
                None,
                None,
                1,
                1,
                ceid,
                None,
                1,
                None,
                None,
                None,
                None,
                None,
                0,
                1,
            ],
            "X",
            "X",
            1,
            [1, 1, 1],
            1,
            1,
            None,
            0,
            0,
            None,
            0,
        ],
        token,
        int(params.timestamp),
        params.signature,
    ]
    return {"f.req": json.dumps([[[RPC_ID, json.dumps(inner), None, "generic"]]])}


def parse_batchexecute(body: str) -> tuple[str | None, str | None]:
    """(article URL, None) or (None, reason) from a batchexecute answer."""
    text = body.lstrip()
    if not text.startswith(BATCHEXECUTE_GUARD):
        return None, "decode answer lacks the batchexecute guard"
    for frame in _frames(text[len(BATCHEXECUTE_GUARD) :]):
        if len(frame) > 2 and frame[:2] == ["wrb.fr", RPC_ID]:
            return _url_in_payload(frame[2])
    return None, "decode answer has no Fbv4je frame"


def _frames(text: str) -> list[list]:
    """The JSON arrays after the guard; real answers interleave them with length lines."""
    decoder, frames, position = json.JSONDecoder(), [], 0
    while position < len(text):
        start = text.find("[", position)
        if start < 0:
            break
        try:
            value, position = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            position = start + 1
            continue
        except RecursionError:  # nested past the stack: nothing later is readable either
            break
        frames.extend(_as_frames(value))
    return frames


def _as_frames(value: object) -> list[list]:
    if isinstance(value, list) and value and isinstance(value[0], list):
        return [frame for frame in value if isinstance(frame, list)]
    return [value] if isinstance(value, list) else []


def _url_in_payload(payload: object) -> tuple[str | None, str | None]:
    if not isinstance(payload, str):
        return None, "Google refused to decode the link"
    try:
        data = json.loads(payload)
        url = data[1]
    except (json.JSONDecodeError, RecursionError, IndexError, KeyError, TypeError):
        return None, "decode answer is not readable"
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None, "decode answer holds no URL"
    return url, None
