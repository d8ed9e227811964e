"""How a recorded response is found again: by method, URL and request body (a POST to one URL
asks different things), written on the response record as ``WARC-Corroborate-Request``."""

from __future__ import annotations

import hashlib

REQUEST_KEY_HEADER = "WARC-Corroborate-Request"


def request_key(method: str, body: bytes) -> str:
    """ "GET sha1:da39..." for a request with no body."""
    return f"{method.upper()} sha1:{hashlib.sha1(body).hexdigest()}"
