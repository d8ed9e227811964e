"""Serve the demo web on 127.0.0.1: one server per outlet (each its own port and host) and one
for the search stand-ins, each in a background thread of this process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawler.demo import pages
from crawler.demo.content import DemoWeb, Outlet, Story
from crawler.demo.search import matching

GDELT_PATH = "/api/v2/doc/doc"
BING_PATH = "/news/search"
BING_CLICK_PATH = "/news/apiclick.aspx"
FEED_PATHS = {"rss": "/rss.xml", "atom": "/atom.xml"}
SITEMAP_PATH = "/sitemap-news.xml"

Answer = tuple[int, str, str]  # status, content type, body
HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _SiteServer

    def do_GET(self) -> None:
        status, content_type, body = self.server.respond(self.path)
        payload = body.encode("utf-8")
        self.send_response(status)
        if status in (301, 302):
            self.send_header("Location", body)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the demo prints its own progress."""


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, respond: Callable[[str], Answer]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.respond = respond

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class DemoServer:
    """``with DemoServer(load_web(day)) as demo:`` serves every outlet and the search
    stand-ins, each server in a daemon thread until the block ends."""

    def __init__(self, web: DemoWeb) -> None:
        self.web = web
        self.outlets = {
            slug: _SiteServer(self._outlet_site(o)) for slug, o in self.web.outlets.items()
        }
        self.services = _SiteServer(self._services)

    def __enter__(self) -> DemoServer:
        for server in (*self.outlets.values(), self.services):
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for server in (*self.outlets.values(), self.services):
            server.shutdown()
            server.server_close()

    def base_url(self, slug: str) -> str:
        """Where an outlet is served: its own host name (``[crawl.resolve]`` maps it to
        127.0.0.1) on its own port, so each outlet is its own host to the crawler too."""
        port = self.outlets[slug].server_address[1]
        return f"http://{self.web.outlets[slug].host}:{port}"

    def served_url(self, story: Story) -> str:
        return self.base_url(story.outlet) + story.path

    def feed_urls(self) -> list[str]:
        return [
            self.base_url(slug) + FEED_PATHS[outlet.feed]
            for slug, outlet in self.web.outlets.items()
            if outlet.feed
        ]

    def sitemap_urls(self) -> list[str]:
        return [
            self.base_url(slug) + SITEMAP_PATH
            for slug, outlet in self.web.outlets.items()
            if outlet.sitemap
        ]

    def _outlet_site(self, outlet: Outlet) -> Callable[[str], Answer]:
        def respond(target: str) -> Answer:
            path = urlsplit(target).path
            base = self.base_url(outlet.slug)
            for story in self.web.stories_of(outlet.slug):
                if story.path == path:
                    return 200, HTML, pages.article_page(self.web, story)
            documents = {
                "/": lambda: (200, HTML, pages.home_page(self.web, outlet)),
                "/robots.txt": lambda: (200, "text/plain", pages.robots_txt()),
            }
            if outlet.feed:
                documents[FEED_PATHS[outlet.feed]] = lambda: (
                    200,
                    XML,
                    (pages.rss_feed if outlet.feed == "rss" else pages.atom_feed)(
                        self.web, outlet, base
                    ),
                )
            if outlet.sitemap:
                documents[SITEMAP_PATH] = lambda: (
                    200,
                    XML,
                    pages.news_sitemap(self.web, outlet, base),
                )
            document = documents.get(path)
            return document() if document else (404, HTML, "<html><body>Not found</body></html>")

        return respond

    def _services(self, target: str) -> Answer:
        parts = urlsplit(target)
        params = {key: values[0] for key, values in parse_qs(parts.query).items()}
        served = [(story, self.served_url(story)) for story in self.web.stories]
        if parts.path == GDELT_PATH:
            hits = matching(served, params.get("query", ""))
            return 200, "application/json", pages.gdelt_answer(self.web, hits)
        if parts.path == BING_PATH:
            query = params.get("q", "")
            base = self.services.base_url
            return 200, XML, pages.bing_answer(self.web, query, matching(served, query), base)
        if parts.path == BING_CLICK_PATH and "url" in params:
            return 302, HTML, params["url"]
        return 404, HTML, "<html><body>Not found</body></html>"

    def config_tables(self) -> dict[str, dict[str, Any]]:
        """A corroborate config whose every source points at this demo web."""
        fast = {"enabled": True, "min_interval": 0.0}
        return {
            "sources": {
                "gdelt": {**fast, "url": self.services.base_url + GDELT_PATH},
                "bing_news": {**fast, "url": self.services.base_url + BING_PATH},
                "google_news": {"enabled": False},
                "feeds": {**fast, "urls": self.feed_urls()},
                "sitemaps": {**fast, "urls": self.sitemap_urls()},
            },
            "crawl": {
                "allow_private_addresses": True,  # the demo outlets live on 127.0.0.1
                "resolve": {outlet.host: "127.0.0.1" for outlet in self.web.outlets.values()},
                "autothrottle": False,
                "download_timeout": 10.0,
                "retry_times": 0,
            },
        }
