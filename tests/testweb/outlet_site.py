"""One fictional outlet's website: front page, articles and aliases, feed, sitemaps, robots."""

from __future__ import annotations

from collections.abc import Callable

from . import pages
from .corpus import Outlet, Story, stories_of
from .server import Request, Response, Site, html

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"


class OutletSite(Site):
    """Routes one outlet's paths; the base URL is known only once its server has bound a port."""

    def __init__(self, outlet: Outlet) -> None:
        self.outlet = outlet
        self.name = outlet.slug
        self.base_url = ""
        self._stories: dict[str, Story] = {}
        for story in stories_of(outlet.slug):
            for path in (story.path, *story.aliases):
                self._stories[path] = story

    def respond(self, request: Request) -> Response:
        path = request.path
        story = self._stories.get(path)
        if story is not None:
            return html(pages.article_page(story))
        document = self._documents().get(path)
        if document is not None:
            return document()
        return html(pages.not_found_page(self.outlet.name), status=404)

    def _documents(self) -> dict[str, Callable[[], Response]]:
        outlet, base = self.outlet, self.base_url
        documents = {
            "/": lambda: html(pages.home_page(outlet)),
            "/robots.txt": lambda: Response(
                200, pages.robots_txt(outlet, base), "text/plain; charset=utf-8"
            ),
        }
        if outlet.feed == "rss":
            documents[outlet.feed_path] = lambda: Response(
                200, pages.rss_feed(outlet, base), RSS_TYPE
            )
        if outlet.feed == "atom":
            documents[outlet.feed_path] = lambda: Response(
                200, pages.atom_feed(outlet, base), ATOM_TYPE
            )
        if outlet.news_sitemap:
            documents[pages.NEWS_SITEMAP_PATH] = lambda: Response(
                200, pages.news_sitemap(outlet, base), XML_TYPE
            )
        if outlet.sitemap_index:
            documents[pages.SITEMAP_INDEX_PATH] = lambda: Response(
                200, pages.sitemap_index(outlet, base), XML_TYPE
            )
        return documents

    def feed_url(self) -> str | None:
        return self.base_url + self.outlet.feed_path if self.outlet.feed else None

    def sitemap_url(self) -> str | None:
        """The sitemap a crawler is given: the index where there is one, else the news sitemap."""
        if not self.outlet.news_sitemap:
            return None
        path = pages.SITEMAP_INDEX_PATH if self.outlet.sitemap_index else pages.NEWS_SITEMAP_PATH
        return self.base_url + path

    def url_of(self, story: Story) -> str:
        return self.base_url + story.path
