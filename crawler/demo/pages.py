"""The demo outlets' documents as real sites write them: article pages (with menus and a footer
around the story, a canonical URL on the outlet's own host), RSS and Atom feeds, a news sitemap,
robots.txt; and the answers of the GDELT and Bing News stand-ins."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from html import escape
from urllib.parse import quote

from crawler.demo.content import DemoWeb, Outlet, Story


def article_page(web: DemoWeb, story: Story) -> str:
    outlet = web.outlets[story.outlet]
    canonical = web.canonical_url(story)
    ld_json = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.headline,
            "datePublished": story.published.isoformat(),
            "author": {"@type": "Person", "name": story.byline},
            "publisher": {"@type": "Organization", "name": outlet.name},
        }
    )
    body = "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(story.headline)} | {escape(outlet.name)}</title>
<link rel="canonical" href="{canonical}">
<meta property="og:url" content="{canonical}">
<meta property="og:site_name" content="{escape(outlet.name)}">
<meta property="article:published_time" content="{story.published.isoformat()}">
<script type="application/ld+json">{ld_json}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<main><article>
<h1>{escape(story.headline)}</h1>
<p class="byline">By {escape(story.byline)}, {story.published:%B %-d, %Y}</p>
{body}
</article></main>
<footer><p>&copy; 2026 {escape(outlet.name)}. Fictional outlet of the corroborate demo.</p>
</footer></body></html>
"""


def home_page(web: DemoWeb, outlet: Outlet) -> str:
    links = "".join(
        f'<li><a href="{story.path}">{escape(story.headline)}</a></li>'
        for story in web.stories_of(outlet.slug)
    )
    return f"<html><body><h1>{escape(outlet.name)}</h1><ul>{links}</ul></body></html>"


def robots_txt() -> str:
    return "User-agent: *\nDisallow: /admin/\n"


def rfc822(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def rss_feed(web: DemoWeb, outlet: Outlet, base_url: str) -> str:
    items = "".join(
        f"<item><title>{escape(story.headline)}</title><link>{base_url}{story.path}</link>"
        f"<description>{escape(story.paragraphs[0])}</description>"
        f"<pubDate>{rfc822(story.published)}</pubDate></item>\n"
        for story in web.stories_of(outlet.slug)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(outlet.name)}</title><link>{base_url}/</link>\n{items}</channel></rss>\n"
    )


def atom_feed(web: DemoWeb, outlet: Outlet, base_url: str) -> str:
    entries = "".join(
        f'<entry><title>{escape(story.headline)}</title><link href="{base_url}{story.path}"/>'
        f"<id>{web.canonical_url(story)}</id><updated>{story.published.isoformat()}</updated>"
        f"<summary>{escape(story.paragraphs[0])}</summary></entry>\n"
        for story in web.stories_of(outlet.slug)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(outlet.name)}</title><id>{outlet.canonical_base}/</id>\n{entries}</feed>\n"
    )


def news_sitemap(web: DemoWeb, outlet: Outlet, base_url: str) -> str:
    urls = "".join(
        f"<url><loc>{base_url}{story.path}</loc><news:news><news:publication>"
        f"<news:name>{escape(outlet.name)}</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{story.published.isoformat()}"
        f"</news:publication_date><news:title>{escape(story.headline)}</news:title>"
        "</news:news></url>\n"
        for story in web.stories_of(outlet.slug)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}</urlset>\n"
    )


def gdelt_answer(web: DemoWeb, hits: list[tuple[Story, str]]) -> str:
    """GDELT DOC 2.0 ``mode=artlist`` JSON; no hit is ``{}``, as GDELT answers."""
    if not hits:
        return "{}"
    articles = [
        {
            "url": url,
            "url_mobile": "",
            "title": story.headline,
            "seendate": story.published.strftime("%Y%m%dT%H%M%SZ"),
            "socialimage": "",
            "domain": web.outlets[story.outlet].host,
            "language": "English",
            "sourcecountry": "Marovia",
        }
        for story, url in hits
    ]
    return json.dumps({"articles": articles}, indent=1)


def bing_answer(web: DemoWeb, query: str, hits: list[tuple[Story, str]], base_url: str) -> str:
    """Bing News RSS: each link a click tracker whose ``url`` parameter is the article."""
    items = "".join(
        f"<item><title>{escape(story.headline)}</title>"
        f"<link>{escape(base_url)}/news/apiclick.aspx?ref=FexRss&amp;url={quote(url, safe='')}"
        f"</link><description>{escape(story.paragraphs[0])}</description>"
        f"<pubDate>{rfc822(story.published)}</pubDate>"
        f"<News:Source>{escape(web.outlets[story.outlet].name)}</News:Source></item>\n"
        for story, url in hits
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        f'xmlns:News="{escape(base_url)}/news"><channel>'
        f"<title>{escape(query)} - BingNews</title>\n{items}</channel></rss>\n"
    )
