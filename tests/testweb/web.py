"""``TestWeb``: every outlet and the search stand-ins, each on its own 127.0.0.1 port.

An outlet is reached under its own name (``http://www.harbourcourier.example:PORT``): the config
``write_config`` writes carries a ``[crawl.resolve]`` host map that sends every outlet's name to
127.0.0.1, because a page's outlet is the host it was fetched from.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

from .configfile import merge_overrides, write_toml
from .corpus import OUTLETS, STORIES, Outlet, Story, canonical_url
from .outlet_site import OutletSite
from .server import TestHTTPServer, WebState
from .services import BATCHEXECUTE_PATH, BING_NEWS_PATH, GDELT_PATH, GOOGLE_NEWS_PATH, ServicesSite

SERVICES = ("gdelt", "google_news", "bing_news")


class OutletServer(TestHTTPServer):
    """The server of one outlet; ``base_url`` is where it is reachable."""

    __test__ = False
    site: OutletSite

    @property
    def outlet(self) -> Outlet:
        return self.site.outlet

    @property
    def base_url(self) -> str:
        """Under the outlet's own host name; ``TestWeb.host_map`` says where that is."""
        return f"http://{self.outlet.host}:{self.server_address[1]}"


class TestWeb:
    """Start with ``with TestWeb() as web:``; all servers stop when the block ends."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self) -> None:
        self._state = WebState()
        self.outlets: dict[str, OutletServer] = {}
        self.services: TestHTTPServer | None = None
        self.services_url = ""

    def __enter__(self) -> TestWeb:
        try:
            self._bind()
            for server in self._servers():
                server.start()
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop()

    def _bind(self) -> None:
        for slug, outlet in OUTLETS.items():
            server = OutletServer(OutletSite(outlet), self._state)
            server.site.base_url = server.base_url
            self.outlets[slug] = server
        site = ServicesSite({slug: server.base_url for slug, server in self.outlets.items()})
        self.services = TestHTTPServer(site, self._state)
        self.services_url = site.base_url = self.services.base_url

    def _servers(self) -> list[TestHTTPServer]:
        return [*self.outlets.values(), *([self.services] if self.services else [])]

    def _stop(self) -> None:
        for server in self._servers():
            server.stop()

    # --- where things are -----------------------------------------------------------------

    def gdelt_url(self) -> str:
        return self.services_url + GDELT_PATH

    def google_news_url(self) -> str:
        return self.services_url + GOOGLE_NEWS_PATH

    def bing_news_url(self) -> str:
        return self.services_url + BING_NEWS_PATH

    def feed_urls(self) -> list[str]:
        return [url for server in self.outlets.values() if (url := server.site.feed_url())]

    def sitemap_urls(self) -> list[str]:
        return [url for server in self.outlets.values() if (url := server.site.sitemap_url())]

    def url_of(self, story: Story) -> str:
        """Where ``story`` is served on this test web (its canonical URL names another host)."""
        return self.outlets[story.outlet].site.url_of(story)

    def local_url(self, canonical: str) -> str:
        """The served URL of the page whose canonical URL is ``canonical``."""
        story = next(story for story in STORIES if canonical_url(story) == canonical)
        return self.url_of(story)

    def host_map(self) -> dict[str, str]:
        """``[crawl.resolve]``: every outlet's host name -> the address its server listens on."""
        return {server.outlet.host: server.server_address[0] for server in self.outlets.values()}

    # --- failures and the log -------------------------------------------------------------

    def fail(self, service: str, mode: str, times: int | None = None) -> None:
        """Make ``service`` (a search service or an outlet slug) fail in ``mode``.

        ``times`` requests fail, then it recovers; ``None`` fails until ``reset_failures``.
        """
        if service not in SERVICES and service not in self.outlets:
            raise ValueError(
                f"unknown service {service!r}; known: {', '.join((*SERVICES, *self.outlets))}"
            )
        self._state.set_failure(service, mode, times)

    def reset_failures(self) -> None:
        self._state.clear_failures()

    def requests_log(self) -> list[tuple[str, str, str]]:
        """(server name, method, path+query) per request so far; server name is an outlet slug
        or "services"."""
        with self._state.lock:
            return list(self._state.log)

    def clear_log(self) -> None:
        with self._state.lock:
            self._state.log.clear()

    # --- config ---------------------------------------------------------------------------

    def config_tables(self) -> dict[str, dict[str, Any]]:
        """The config ``write_config`` writes, as tables (sources by name, then ``languages``
        and ``crawl``)."""
        return {
            "gdelt": {
                "enabled": True,
                "url": self.gdelt_url(),
                "min_interval": 0.0,
                "max_results": 50,
                "timespan": "3m",
            },
            "feeds": {
                "enabled": True,
                "urls": self.feed_urls(),
                "min_interval": 0.0,
                "max_results": 100,
            },
            "sitemaps": {
                "enabled": True,
                "urls": self.sitemap_urls(),
                "min_interval": 0.0,
                "max_results": 100,
            },
            "google_news": {
                "enabled": True,
                "url": self.google_news_url(),
                "min_interval": 0.0,
                "max_results": 50,
                "hl": "en-US",
                "gl": "US",
                "ceid": "US:en",
                "decode_url": self.services_url + BATCHEXECUTE_PATH,
                "articles_url": self.services_url + "/rss/articles/",
            },
            "bing_news": {
                "enabled": True,
                "url": self.bing_news_url(),
                "min_interval": 0.0,
                "max_results": 50,
            },
            "languages": {},  # the defaults: English and the major news languages
            "crawl": {
                "resolve": self.host_map(),
                "allow_private_addresses": True,
                "autothrottle": False,
                "download_timeout": 10.0,
            },
        }

    def write_config(self, path: Path | str, **overrides: dict[str, Any]) -> Path:
        """Write the TOML config; ``gdelt={"enabled": False}`` etc. merge per table."""
        return write_toml(path, merge_overrides(self.config_tables(), overrides))
