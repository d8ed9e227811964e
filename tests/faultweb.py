"""A fault-injecting news site on 127.0.0.1: many article URLs, deterministic faults per URL.

``/sitemap.xml`` lists every article (titles about the fixture article's story, so the sitemaps
spider selects them all). Each article URL has a fixed fate (``FaultWeb.fault_of``): served
normally, or one of FAULTS, either on its first attempt only (transient) or on every attempt
(permanent). Every request is logged so tests can count attempts per URL.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from corroborate.claims.article import read_article
from corroborate.claims.extract import extract_claims
from corroborate.sources.registry import SOURCE_NAMES
from corroborate.store import Store
from tests.testweb.configfile import write_toml
from tests.testweb.corpus import FIXTURE_ARTICLE

FAULTS = ("500", "reset", "hang", "drip", "truncated", "429")
ALWAYS_FAIL = ("hang", "drip")  # each attempt outlasts the download timeout
SITEMAP_PATH = "/sitemap.xml"


@dataclass(frozen=True)
class Fault:
    kind: str  # one of FAULTS, or "" for a healthy URL
    permanent: bool = False

    def applies(self, attempt: int) -> bool:
        return bool(self.kind) and (self.permanent or attempt == 1)


def article_path(number: int) -> str:
    return f"/news/{number:05d}-halden-ridge-dam-kessmark-report"


def article_html(number: int, url: str) -> str:
    """A plain news page with enough unique main text for trafilatura."""
    sentences = " ".join(
        f"Report {number} paragraph {line}: officials in Kessmark province described how the "
        f"Halden Ridge Dam failed and what residents of district {number % 97} saw that night."
        for line in range(1, 6)
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Dam report {number}</title>"
        f"<link rel='canonical' href='{url}'></head><body><article>"
        f"<h1>Halden Ridge Dam report {number}</h1><p>{sentences}</p>"
        f"<p>Rescue teams in Lindqvist kept searching on day {number % 7 + 1}.</p>"
        f"</article></body></html>"
    )


class FaultWeb:
    """``with FaultWeb(articles=2000, fault_rate=0.3) as web:`` serves in a daemon thread."""

    def __init__(self, articles: int, fault_rate: float = 0.0, delay: float = 0.0) -> None:
        self.articles = articles
        self.fault_rate = fault_rate
        self.delay = delay  # seconds before every article answer: keeps requests in flight
        self.stopping = threading.Event()
        self._log: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._server.request_queue_size = 256

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def article_url(self, number: int) -> str:
        return self.base_url + article_path(number)

    def fault_of(self, number: int) -> Fault:
        """Deterministic: the first ``fault_rate`` of each block of 100 numbers is faulty."""
        if number % 100 >= round(self.fault_rate * 100):
            return Fault("")
        kind = FAULTS[(number // 100 + number) % len(FAULTS)]
        return Fault(kind, permanent=kind in ALWAYS_FAIL or number % 2 == 0)

    def attempts(self) -> Counter[str]:
        with self._lock:
            return Counter(self._log)

    def log(self, path: str) -> int:
        """Record a request; return how many times this path has been asked for."""
        with self._lock:
            self._log[path] += 1
            return self._log[path]

    def sitemap(self) -> str:
        entries = "".join(
            f"<url><loc>{escape(self.article_url(n))}</loc><news:news><news:title>Halden Ridge "
            f"Dam collapse in Kessmark: report {n}</news:title></news:news></url>"
            for n in range(self.articles)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{entries}</urlset>"
        )

    def __enter__(self) -> FaultWeb:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that give up (timeouts, kills) are expected here, not errors."""


def _handler_for(web: FaultWeb) -> type[BaseHTTPRequestHandler]:
    class Handler(_FaultHandler):
        pass

    Handler.web = web
    return Handler


class _FaultHandler(BaseHTTPRequestHandler):
    web: FaultWeb
    protocol_version = "HTTP/1.0"  # one request per connection: faults never leak across URLs

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Silence: the test reads the web's own log."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        attempt = self.web.log(self.path)
        if self.path == "/robots.txt":
            return self.send_body(b"User-agent: *\nAllow: /\n", "text/plain")
        if self.path == SITEMAP_PATH:
            return self.send_body(self.web.sitemap().encode(), "application/xml")
        number = _article_number(self.path)
        if number is None or number >= self.web.articles:
            return self.send_body(b"not found", "text/plain", status=404)
        if self.web.delay:
            time.sleep(self.web.delay)
        fault = self.web.fault_of(number)
        body = article_html(number, self.web.article_url(number)).encode()
        if fault.applies(attempt):
            return getattr(self, f"fault_{fault.kind.replace('500', 'server_error')}")(body)
        return self.send_body(body, "text/html; charset=utf-8")

    def send_body(
        self,
        body: bytes,
        content_type: str,
        status: int = 200,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def fault_server_error(self, body: bytes) -> None:
        self.send_body(b"<h1>Internal Server Error</h1>", "text/html", status=500)

    def fault_429(self, body: bytes) -> None:
        self.send_body(
            b"Too many requests", "text/plain", status=429, headers=(("Retry-After", "1"),)
        )

    def fault_reset(self, body: bytes) -> None:
        """Close with a TCP reset before any answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def fault_hang(self, body: bytes) -> None:
        """Accept and never answer (until the server stops)."""
        self.web.stopping.wait(120)

    def fault_drip(self, body: bytes) -> None:
        """Headers at once, then one byte every half second: alive but never finishing."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for byte in body:
            if self.web.stopping.wait(0.5):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return

    def fault_truncated(self, body: bytes) -> None:
        """Announce the full length, send half, close."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])


def _article_number(path: str) -> int | None:
    if not path.startswith("/news/"):
        return None
    digits = path[len("/news/") :].split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def write_config(web: FaultWeb, path: Path, **crawl: Any) -> Path:
    """A config that reads only the fault web's sitemap, with test-speed crawl settings."""
    settings = {
        "allow_private_addresses": True,
        "autothrottle": False,
        "concurrent_requests": 64,
        "concurrent_requests_per_domain": 64,
        "download_timeout": 1.5,
        "max_pages": 100_000,
        **crawl,
    }
    tables = {name: {"enabled": False} for name in SOURCE_NAMES}
    tables["sitemaps"] = {
        "enabled": True,
        "urls": [web.base_url + SITEMAP_PATH],
        "max_results": 100_000,
    }
    tables["crawl"] = settings
    return write_toml(path, tables)


def store_fixture_run(db_path: Path, config: Path | None = None) -> int:
    """A run of the fixture article (its claims select the fault web's sitemap entries)."""
    article = read_article(str(FIXTURE_ARTICLE))
    store = Store.open(db_path)
    try:
        return store.runs.start_run(
            article, extract_claims(article), [], config_path=str(config) if config else None
        )
    finally:
        store.close()
