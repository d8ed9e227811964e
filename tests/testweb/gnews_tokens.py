"""Google News redirect tokens: the old kind with the URL inside, the new kind that needs a call.

Old tokens are base64url protobuf-like bytes (``08 13 22 <len> <url> d2 01 00``) that decode
offline. New tokens decode to bytes starting ``AU_yqL`` with no URL in them; half of them are
bare, half wrapped in the same protobuf prefix as real ones are, so a decoder has to handle both.
Resolving a new token takes the article page's signature and timestamp and a ``batchexecute``
POST. One extra token (a live blog) always fails to decode.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape

from .server import Response, html

OLD_PREFIX = b"\x08\x13\x22"
OLD_SUFFIX = b"\xd2\x01\x00"
NEW_MARK = b"AU_yqL"
GUARD = ")]}'"
BASE_TIMESTAMP = 1794200000
UNDECODABLE_URL = "undecodable:live-blog"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def old_token(url: str) -> str:
    raw = url.encode("utf-8")
    return b64url(OLD_PREFIX + _varint(len(raw)) + raw + OLD_SUFFIX)


def new_token(url: str, wrapped: bool) -> str:
    digest = hashlib.sha256(url.encode("utf-8")).digest()
    payload = NEW_MARK + b64url(digest).encode("ascii")
    return b64url(OLD_PREFIX + _varint(len(payload)) + payload + OLD_SUFFIX if wrapped else payload)


def signature(token: str) -> str:
    return b64url(hashlib.sha256(b"sg:" + token.encode("ascii")).digest()[:18])


class TokenBook:
    """Assigns one token per article URL (alternating old / new) and resolves new ones."""

    def __init__(self, urls: list[str]) -> None:
        self._token_of: dict[str, str] = {}
        self._url_of: dict[str, str] = {}
        self._timestamp_of: dict[str, int] = {}
        for number, url in enumerate(urls):
            self._add(
                url, old_token(url) if number % 2 == 0 else new_token(url, wrapped=number % 4 == 3)
            )
        self._add(UNDECODABLE_URL, new_token(UNDECODABLE_URL, wrapped=False))

    def _add(self, url: str, token: str) -> None:
        self._token_of[url] = token
        self._url_of[token] = url
        self._timestamp_of[token] = BASE_TIMESTAMP + 60 * len(self._timestamp_of)

    def token_for(self, url: str) -> str:
        return self._token_of[url]

    def link(self, base_url: str, url: str) -> str:
        return f"{base_url}/rss/articles/{self._token_of[url]}?oc=5"

    def undecodable_url(self, base_url: str) -> str:
        return self.link(base_url, UNDECODABLE_URL)

    def timestamp(self, token: str) -> int:
        return self._timestamp_of[token]

    def article_page(self, token: str) -> Response:
        """The interstitial page whose c-wiz carries the signature and timestamp."""
        if token not in self._url_of:
            return html("<html><body><h1>404.</h1><p>That's an error.</p></body></html>", 404)
        return html(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Google News</title></head><body>
<c-wiz jsrenderer="ZlAQHe" class="zQTmif SSPGKf" jsdata="deferred-i4" jsmodel="hc6Ubd"
 data-n-a-id="{escape(token)}" data-n-a-sg="{signature(token)}"
 data-n-a-ts="{self.timestamp(token)}" data-p="%.@.]"><div class="m9pYm"></div></c-wiz>
<script nonce="abc">window.WIZ_global_data = {{"FdrFJe": "-1"}};</script>
</body></html>
""")

    def batchexecute(self, f_req: str) -> Response:
        """Answer the ``Fbv4je`` / ``garturlreq`` call with the article URL or an error frame."""
        url = self._resolve(f_req)
        if url is None or url == UNDECODABLE_URL:
            frame = ["wrb.fr", "Fbv4je", None, None, None, [3], "generic"]
        else:
            frame = [
                "wrb.fr",
                "Fbv4je",
                json.dumps(["garturlres", url, 1]),
                None,
                None,
                None,
                "generic",
            ]
        frames = [frame, ["di", 27], ["af.httprm", 26, "-4387145581063725318", 12]]
        return Response(200, f"{GUARD}\n\n{json.dumps(frames)}", "application/json; charset=utf-8")

    def _resolve(self, f_req: str) -> str | None:
        try:
            rpc_id, inner_json = json.loads(f_req)[0][0][:2]
            inner = json.loads(inner_json)
            token, timestamp, sig = inner[2], int(inner[3]), inner[4]
        except (ValueError, TypeError, IndexError, KeyError):
            return None
        if rpc_id != "Fbv4je" or inner[0] != "garturlreq" or token not in self._url_of:
            return None
        if sig != signature(token) or timestamp != self.timestamp(token):
            return None
        return self._url_of[token]
