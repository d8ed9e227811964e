"""``python -m crawler.webhook --url URL [--allow-private-addresses] < payload.json``: POST a
watch's verdict changes as JSON to the webhook of the user's config.

The URL is the user's own, so it is trusted as a destination, but it still goes through the
crawler's address policy (``crawler.safety.urls``): a URL, or a host name whose DNS answer,
pointing at a loopback or private address is refused unless allowed, so a config edited by
someone else cannot turn the scheduler into a probe of its own network. The connection goes to
the address that was checked, so a second DNS answer cannot swap it. Exit 0 on a 2xx answer;
otherwise one line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import socket
import ssl
import sys
from urllib.parse import urlsplit

from crawler.safety.urls import is_public_address, url_refusal

TIMEOUT = 20.0
USER_AGENT = "corroborate-webhook/0.1"


class WebhookError(Exception):
    """The change could not be delivered: the one-line reason."""


def checked_address(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to: every DNS answer must be public unless allowed."""
    try:
        answers = {
            str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        }
    except OSError as error:
        raise WebhookError(f"cannot resolve {host}: {error}") from None
    if not allow_private:
        for answer in answers:
            if not is_public_address(ipaddress.ip_address(answer.split("%", 1)[0])):
                raise WebhookError(f"refused private address: {host} resolves to {answer}")
    return sorted(answers)[0]


class _PinnedConnection(http.client.HTTPConnection):
    """Plain HTTP to an address chosen in advance; the Host header keeps the name."""

    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedTLSConnection(_PinnedConnection):
    """HTTPS to an address chosen in advance, the certificate checked against the name."""

    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def post_json(url: str, body: bytes, allow_private: bool) -> int:
    """POST ``body`` to ``url``; return the HTTP status; WebhookError when refused or failed."""
    refusal = url_refusal(url, allow_private)
    if refusal:
        raise WebhookError(refusal)
    parts = urlsplit(url)
    assert parts.hostname is not None  # url_refusal refuses a URL without a host
    tls = parts.scheme.lower() == "https"
    port = parts.port or (443 if tls else 80)
    address = checked_address(parts.hostname, port, allow_private)
    connection_class = _PinnedTLSConnection if tls else _PinnedConnection
    connection = connection_class(parts.hostname, port, address)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
        )
        return connection.getresponse().status
    except (OSError, http.client.HTTPException) as error:
        raise WebhookError(f"POST {url} failed: {error}") from None
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.webhook")
    parser.add_argument("--url", required=True)
    parser.add_argument("--allow-private-addresses", action="store_true")
    args = parser.parse_args(argv)
    body = sys.stdin.buffer.read()
    try:
        status = post_json(args.url, body, args.allow_private_addresses)
    except WebhookError as error:
        print(f"webhook: {error}", file=sys.stderr)
        return 1
    if not 200 <= status < 300:
        print(f"webhook: {args.url} answered HTTP {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
