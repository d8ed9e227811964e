"""Stand-ins for GDELT DOC 2.0, Google News RSS search and Bing News RSS, in their real formats.

They search the corpus and answer with links to the article pages on the local outlet servers,
exactly as the real services would link to the real outlets. Formats follow
/work/shared/notes/external-services.md, failures and redirect tokens included.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html import escape
from urllib.parse import quote, urlsplit

from . import gnews_tokens
from .corpus import CORPUS_NOW, OUTLETS, PUBLIC_STORIES, Story
from .pages import rfc822
from .search import GDELT, NEWS_SEARCH, ParsedQuery, QueryError, matches, normalize, parse_query
from .server import Request, Response, Site, html

GDELT_PATH = "/api/v2/doc/doc"
GOOGLE_NEWS_PATH = "/rss/search"
GOOGLE_ARTICLES_PREFIXES = ("/rss/articles/", "/articles/")
BATCHEXECUTE_PATH = "/_/DotsSplashUi/data/batchexecute"
BING_NEWS_PATH = "/news/search"
BING_CLICK_PATH = "/news/apiclick.aspx"
GOOGLE_NEWS_MAX = 100
JSON_TYPE = "application/json; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"
# Its live blog on the dam joins any Google News answer that lists its dam story; the blog's
# token cannot be decoded, so clients must record a failure and go on.
LIVE_BLOG_OUTLET = "harbourcourier"


@dataclass(frozen=True)
class IndexedStory:
    story: Story
    url: str  # on the local outlet server
    text: str  # normalized headline + body

    @property
    def seen(self) -> datetime:
        """When GDELT 'saw' the page: a little after publication."""
        return self.story.published_at + timedelta(minutes=15)


class ServicesSite(Site):
    """All three search services on one server; ``service_for`` tells them apart for failures."""

    name = "services"

    def __init__(self, outlet_base_urls: dict[str, str]) -> None:
        self.base_url = ""
        self.index = [
            IndexedStory(
                story,
                outlet_base_urls[story.outlet] + story.path,
                normalize(story.headline + " " + story.text),
            )
            for story in PUBLIC_STORIES
        ]
        self.tokens = gnews_tokens.TokenBook([entry.url for entry in self.index])

    def service_for(self, path: str) -> str:
        if path.startswith("/api/v2/"):
            return "gdelt"
        if path.startswith("/news/"):
            return "bing_news"
        return "google_news"

    def respond(self, request: Request) -> Response:
        path = request.path
        if path == GDELT_PATH:
            return self._gdelt(request)
        if path == GOOGLE_NEWS_PATH:
            return self._google_news(request)
        if path.startswith(GOOGLE_ARTICLES_PREFIXES):
            return self.tokens.article_page(path.rsplit("/", 1)[-1])
        if path == BATCHEXECUTE_PATH and request.method == "POST":
            return self.tokens.batchexecute(request.form().get("f.req", ""))
        if path == BING_NEWS_PATH:
            return self._bing_news(request)
        if path == BING_CLICK_PATH:
            return Response(302, "", headers=(("Location", request.params().get("url", "/")),))
        return html("<html><body><h1>404 Not Found</h1></body></html>", 404)

    def malformed(self, service: str) -> Response:
        if service == "gdelt":
            return Response(200, _gdelt_bad_json(self.index[0]), JSON_TYPE)
        return Response(
            200, '<?xml version="1.0"?><rss version="2.0"><channel><item><title>', RSS_TYPE
        )

    def html_error(self, service: str) -> Response:
        if service == "gdelt":
            return html(
                "<html><body>The query was not valid or timed out. Please check your "
                "query syntax and try again.</body></html>"
            )
        return html(
            "<html><body><h1>Before you continue</h1><p>Our systems have detected "
            "unusual traffic from your computer network.</p></body></html>"
        )

    # --- GDELT DOC 2.0 --------------------------------------------------------------------

    def _gdelt(self, request: Request) -> Response:
        params = request.params()
        try:
            query = parse_query(params.get("query", ""), GDELT)
            window = _gdelt_window(params)
        except QueryError as error:
            return html(f"{error}\n")
        if not query.clauses:
            return html("Your query was too short or too long.\n")
        if params.get("mode", "artlist").lower() != "artlist":
            return html("Invalid mode.\n")
        limit = max(1, min(250, _int(params.get("maxrecords"), 75)))
        hits = [
            entry
            for entry in self.index
            if window[0] <= entry.seen <= window[1]
            and matches(query, entry.text)
            and _gdelt_filters(query, entry.story)
        ]
        hits.sort(key=lambda entry: entry.seen, reverse=params.get("sort") != "DateAsc")
        if not hits:
            return Response(200, "{}", JSON_TYPE)
        articles = [_gdelt_article(entry) for entry in hits[:limit]]
        return Response(200, json.dumps({"articles": articles}, indent=1), JSON_TYPE)

    # --- Google News RSS ------------------------------------------------------------------

    def _google_news(self, request: Request) -> Response:
        q = request.params().get("q", "")
        language = _edition_language(request.params().get("ceid"))
        hits = self._news_hits(q, language)[:GOOGLE_NEWS_MAX]
        items = "".join(self._google_item(entry) for entry in hits)
        if any(
            entry.story.event == "dam" and entry.story.outlet == LIVE_BLOG_OUTLET for entry in hits
        ):
            items += _undecodable_item(self.tokens.undecodable_url(self.base_url))
        return Response(
            200,
            _rss_channel(
                f"{escape(q, quote=False)} - Google News",
                f"{self.base_url}{GOOGLE_NEWS_PATH}",
                items,
                'xmlns:media="http://search.yahoo.com/mrss/"',
            ),
            RSS_TYPE,
        )

    def _google_item(self, entry: IndexedStory) -> str:
        outlet = OUTLETS[entry.story.outlet]
        link = self.tokens.link(self.base_url, entry.url)
        description = (
            f'<a href="{link}" target="_blank">{escape(entry.story.headline)}</a>'
            f'&nbsp;&nbsp;<font color="#6f6f6f">{escape(outlet.name)}</font>'
        )
        return f"""<item>
<title>{escape(entry.story.headline)} - {escape(outlet.name)}</title>
<link>{escape(link)}</link>
<guid isPermaLink="false">{escape(self.tokens.token_for(entry.url))}</guid>
<pubDate>{rfc822(entry.story.published_at)}</pubDate>
<description>{escape(description)}</description>
<source url="{outlet.canonical_base}">{escape(outlet.name)}</source>
</item>
"""

    def _news_hits(self, q: str, language: str) -> list[IndexedStory]:
        """Google/Bing-style search: AND of terms, with site:, when:, after:, before:, in the
        edition's (market's) language."""
        try:
            query = parse_query(q, NEWS_SEARCH)
        except QueryError:
            return []
        if not query.clauses:
            return []
        hits = [
            entry
            for entry in self.index
            if matches(query, entry.text)
            and _news_filters(query, entry.story)
            and OUTLETS[entry.story.outlet].language == language
        ]
        return sorted(hits, key=lambda entry: entry.story.published_at, reverse=True)

    # --- Bing News RSS --------------------------------------------------------------------

    def _bing_news(self, request: Request) -> Response:
        q = request.params().get("q", "")
        hits = self._news_hits(q, _edition_language(request.params().get("mkt")))
        items = "".join(self._bing_item(number, entry) for number, entry in enumerate(hits))
        namespace = f"{self.base_url}{BING_NEWS_PATH}?q={quote(q)}&amp;format=rss"
        return Response(
            200,
            _rss_channel(
                f"{escape(q, quote=False)} - BingNews",
                f"{self.base_url}{BING_NEWS_PATH}?q={quote(q)}",
                items,
                f'xmlns:News="{namespace}"',
            ),
            RSS_TYPE,
        )

    def _bing_item(self, number: int, entry: IndexedStory) -> str:
        outlet = OUTLETS[entry.story.outlet]
        source = f"{outlet.name} on MSN" if number % 3 == 2 else outlet.name
        link = (
            f"{self.base_url}{BING_CLICK_PATH}?ref=FexRss&aid=&tid={number:08X}"
            f"&url={quote(entry.url, safe='')}&c={1000 + number}&mkt=en-us"
        )
        return f"""<item>
<title>{escape(entry.story.headline)}</title>
<link>{escape(link)}</link>
<description>{escape(entry.story.paragraphs[0])}</description>
<pubDate>{rfc822(entry.story.published_at)}</pubDate>
<News:Source>{escape(source)}</News:Source>
</item>
"""


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _gdelt_window(params: dict[str, str]) -> tuple[datetime, datetime]:
    """The searched time range: start/end datetimes, else a timespan back from CORPUS_NOW."""
    start, end = params.get("startdatetime"), params.get("enddatetime")
    if start or end:
        return (
            _gdelt_time(start) if start else CORPUS_NOW - timedelta(days=90),
            _gdelt_time(end) if end else CORPUS_NOW,
        )
    return CORPUS_NOW - _timespan(params.get("timespan") or "3m"), CORPUS_NOW


def _gdelt_time(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        raise QueryError("Invalid date/time format. Please use YYYYMMDDHHMMSS.") from None


_SPAN = re.compile(r"^(\d+)\s*(min|h|hours?|d|days?|w|weeks?|m|months?)$", re.IGNORECASE)
_SPAN_UNITS = {
    "min": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
    "m": timedelta(days=30),
}


def _timespan(value: str) -> timedelta:
    match = _SPAN.match(value.strip())
    if match is None:
        raise QueryError("Invalid timespan specified.")
    unit = match.group(2).lower()
    key = "min" if unit == "min" else unit[0]
    return int(match.group(1)) * _SPAN_UNITS[key]


def _gdelt_filters(query: ParsedQuery, story: Story) -> bool:
    outlet = OUTLETS[story.outlet]
    for name, value in query.operators:
        value = value.lower()
        if name == "domain" and not outlet.host.endswith(value):
            return False
        if name == "domainis" and outlet.host != value:
            return False
        if name == "sourcecountry" and outlet.country.replace(" ", "").lower() != value:
            return False
        if name == "sourcelang" and value not in _GDELT_LANGUAGES[outlet.language]:
            return False
    return True


def _gdelt_article(entry: IndexedStory) -> dict[str, str]:
    story, outlet = entry.story, OUTLETS[entry.story.outlet]
    base = entry.url[: -len(story.path)]
    amp = next((alias for alias in story.aliases if alias.startswith("/amp/")), None)
    return {
        "url": entry.url,
        "url_mobile": base + amp if amp else "",
        "title": story.headline,
        "seendate": entry.seen.strftime("%Y%m%dT%H%M%SZ"),
        "socialimage": f"{base}/images/share-default.jpg",
        "domain": outlet.host,
        "language": _GDELT_LANGUAGES[outlet.language][0].capitalize(),
        "sourcecountry": outlet.country,
    }


# GDELT's sourcelang: names (full and three-letter) of each outlet language.
_GDELT_LANGUAGES = {
    "en": ("english", "eng"),
    "fr": ("french", "fra"),
    "de": ("german", "deu"),
    "ru": ("russian", "rus"),
    "ja": ("japanese", "jpn"),
    "ko": ("korean", "kor"),
}


def _edition_language(code: str | None) -> str:
    """The language of a Google News edition (``ceid`` "FR:fr") or a Bing market ("fr-fr")."""
    if not code:
        return "en"
    return code.split(":")[-1].split("-")[0].lower()


def _gdelt_bad_json(entry: IndexedStory) -> str:
    """A GDELT answer broken the way real ones are: an invalid escape inside a string."""
    text = json.dumps({"articles": [_gdelt_article(entry)]})
    return text.replace('"title": "', '"title": "\\\'', 1)


def _news_filters(query: ParsedQuery, story: Story) -> bool:
    outlet = OUTLETS[story.outlet]
    published = story.published_at
    for name, value in query.operators:
        if name == "site" and not _host_matches(outlet.host, value):
            return False
        if name == "when" and published < CORPUS_NOW - _timespan(value):
            return False
        if name == "after" and published.date() < _date(value):
            return False
        if name == "before" and published.date() >= _date(value):
            return False
    return True


def _host_matches(host: str, site: str) -> bool:
    if "//" in site:
        site = urlsplit(site).hostname or site
    site = site.lower().strip("/")
    return host == site or host.endswith("." + site)


def _date(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return CORPUS_NOW.date()


def _undecodable_item(link: str) -> str:
    """A live-blog item whose redirect token the decode service refuses."""
    outlet = OUTLETS[LIVE_BLOG_OUTLET]
    return f"""<item>
<title>Halden Ridge Dam collapse: live updates - {escape(outlet.name)}</title>
<link>{escape(link)}</link>
<guid isPermaLink="false">{escape(link.rsplit("/", 1)[-1].split("?")[0])}</guid>
<pubDate>{rfc822(CORPUS_NOW - timedelta(days=8))}</pubDate>
<description>Live updates on the Halden Ridge Dam collapse in Kessmark province</description>
<source url="{outlet.canonical_base}">{escape(outlet.name)}</source>
</item>
"""


def _rss_channel(title: str, link: str, items: str, namespaces: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<rss version="2.0" {namespaces}>
<channel>
<title>{title}</title>
<link>{escape(link)}</link>
<language>en-US</language>
<description>Search results</description>
<copyright>2026 Test Web. All rights reserved.</copyright>
{items}</channel>
</rss>
"""
