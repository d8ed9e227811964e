"""A story that develops, on 127.0.0.1: outlets publish, edit and delete pages between re-checks.

One server plays several fictional outlets, each under its own host name (a page's outlet is
the host it was fetched from): the config's ``[crawl.resolve]`` sends every outlet's name to
127.0.0.1. ``/sitemap.xml`` lists every page ever
published, as news sitemaps and search indexes lag behind deletions. Pages answer with an ETag
and a Last-Modified, and a matching ``If-None-Match`` gets a 304 with no body. Every request is
logged with its status and validators, so a test can tell what a re-check asked and got.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from corroborate.sources.registry import SOURCE_NAMES
from tests.testweb.configfile import write_toml

SITEMAP_PATH = "/sitemap.xml"
DOMAINS: set[str] = set()  # every outlet's host name a page was made for: the resolve map
ARTICLE = """Bridge closed in Varnholt after inspection

The Brenna Bridge over the Oster River in Varnholt was closed on Monday, November 2, 2026, \
after inspectors found 14 cracks in its main span, the Varnholt Transport Office said.

Opinion: the city should have acted years ago.
"""


@dataclass(frozen=True)
class StoryPage:
    slug: str
    domain: str  # the outlet's own domain, named by the canonical link
    outlet: str
    title: str
    paragraphs: tuple[str, ...]

    def html(self) -> str:
        body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in self.paragraphs)
        return (
            "<!doctype html><html><head><meta charset='utf-8'>"
            f"<title>{escape(self.title)}</title>"
            f"<link rel='canonical' href='https://{self.domain}/news/{self.slug}'>"
            f"<meta property='og:site_name' content='{escape(self.outlet)}'>"
            "<meta property='article:published_time' content='2026-11-02T18:00:00Z'>"
            f"</head><body><article><h1>{escape(self.title)}</h1>{body}</article></body></html>"
        )


@dataclass(frozen=True)
class Hit:
    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None
    size: int = 0  # body bytes sent


class StoryWeb:
    """``with StoryWeb() as web:`` serves in a daemon thread; ``publish``/``edit``/``remove``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: dict[str, tuple[StoryPage, str]] = {}  # slug -> (page, Last-Modified)
        self._listed: dict[str, StoryPage] = {}
        self._clock = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
        self.hits: list[Hit] = []
        self.failing: set[str] = set()  # slugs answering 503 (a server having a bad day)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url_of(self, slug: str) -> str:
        """Where the page is served: under its outlet's own host name, on this server's port."""
        domain = self._listed[slug].domain
        return f"http://{domain}:{self._server.server_address[1]}/news/{slug}"

    def publish(self, page: StoryPage) -> None:
        with self._lock:
            self._clock += timedelta(hours=1)
            self._pages[page.slug] = (page, format_datetime(self._clock, usegmt=True))
            self._listed[page.slug] = page

    def edit(self, slug: str, paragraphs: tuple[str, ...]) -> None:
        page = self._listed[slug]
        self.publish(StoryPage(page.slug, page.domain, page.outlet, page.title, paragraphs))

    def remove(self, slug: str) -> None:
        """The page answers 404 from now on; the sitemap still lists it."""
        with self._lock:
            del self._pages[slug]

    def statuses(self, slug: str) -> list[int]:
        with self._lock:
            return [hit.status for hit in self.hits if hit.path == f"/news/{slug}"]

    def sitemap(self) -> str:
        with self._lock:
            listed = list(self._listed.values())
        entries = "".join(
            f"<url><loc>{escape(self.url_of(page.slug))}</loc><news:news>"
            "<news:publication_date>2026-11-02</news:publication_date>"
            f"<news:title>{escape(page.title)}</news:title></news:news></url>"
            for page in listed
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{entries}</urlset>"
        )

    def answer(self, path: str, headers: Any) -> tuple[int, bytes, list[tuple[str, str]]]:
        if path == SITEMAP_PATH:
            return 200, self.sitemap().encode(), [("Content-Type", "application/xml")]
        slug = path.removeprefix("/news/")
        if slug in self.failing:
            return 503, b"<h1>Service unavailable</h1>", [("Content-Type", "text/html")]
        with self._lock:
            found = self._pages.get(slug)
        if found is None:
            return 404, b"<h1>Not found</h1>", [("Content-Type", "text/html")]
        page, modified = found
        body = page.html().encode()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        validators = [("ETag", etag), ("Last-Modified", modified)]
        if headers.get("If-None-Match") == etag:
            return 304, b"", validators
        return 200, body, [("Content-Type", "text/html; charset=utf-8"), *validators]

    def __enter__(self) -> StoryWeb:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler_for(web: StoryWeb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Silence: the test reads ``web.hits``."""

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            status, body, headers = web.answer(self.path, self.headers)
            with web._lock:
                web.hits.append(
                    Hit(
                        self.path,
                        status,
                        self.headers.get("If-None-Match"),
                        self.headers.get("If-Modified-Since"),
                        len(body),
                    )
                )
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def write_config(
    web: StoryWeb, path: Path, crawl: dict[str, Any] | None = None, **notify: Any
) -> Path:
    """A config reading only the story web's sitemap; ``notify`` fills the ``[notify]`` table."""
    tables: dict[str, dict[str, Any]] = {name: {"enabled": False} for name in SOURCE_NAMES}
    tables["sitemaps"] = {
        "enabled": True,
        "urls": [web.base_url + SITEMAP_PATH],
        "max_results": 100_000,
    }
    tables["crawl"] = {
        "allow_private_addresses": True,
        "autothrottle": False,
        "extraction_workers": 1,
        "download_timeout": 10.0,
        **(crawl or {}),
    }
    tables["crawl"]["resolve"] = dict.fromkeys(sorted(DOMAINS), "127.0.0.1")
    if notify:
        tables["notify"] = notify
    return write_toml(path, tables)


def outlet_page(slug: str, domain: str, outlet: str, *paragraphs: str) -> StoryPage:
    DOMAINS.add(domain)
    return StoryPage(
        slug, domain, outlet, "Varnholt closes Brenna Bridge over Oster River", paragraphs
    )


NORTH_LEDGER = outlet_page(
    "brenna-bridge-closed",
    "www.north-ledger.example",
    "The North Ledger",
    "The Brenna Bridge over the Oster River in Varnholt was closed on Monday, November 2, "
    "2026, after inspectors found 14 cracks in its main span, the Varnholt Transport Office "
    "said.",
    "Drivers were sent across the old ferry road, which adds about twenty minutes to the "
    "commute between the two halves of the city.",
    "A spokesman for the transport office said repairs would be planned once engineers had "
    "measured how deep the cracks run.",
)
NORTH_LEDGER_EDITED = (
    *NORTH_LEDGER.paragraphs,
    "Update: the transport office said on Tuesday that a temporary footbridge will open "
    "next to the closed span by the end of the month.",
)
OSTER_POST = outlet_page(
    "varnholt-bridge-cracks",
    "oster-post.example",
    "Oster Post",
    "Inspectors found 14 cracks in the main span of the Brenna Bridge over the Oster River, "
    "and Varnholt closed it on Monday, November 2, 2026, the Varnholt Transport Office said.",
    "Cyclists and pedestrians are also barred from the crossing, which carried some nine "
    "thousand vehicles a day before the closure.",
    "Local traders on the east bank told the paper they feared a long and costly detour for "
    "their customers.",
)
