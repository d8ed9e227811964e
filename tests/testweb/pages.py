"""Render the outlets' pages, feeds, sitemaps and robots.txt as real sites would.

Article pages carry the clutter a real news page has (cookie banner, menus, related headlines,
newsletter box, legal footer) so that main-text extraction is exercised, and name their
canonical URL on the outlet's real host, not on the 127.0.0.1 address that served them.
Feeds and sitemaps link to the served (local) URLs, as a real site links to itself.
"""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from html import escape

from .corpus import OUTLETS, Outlet, Story, canonical_url, stories_of

SECTIONS = ("News", "World", "Business", "Politics", "Sport", "Weather", "Culture", "Food")
NEWS_SITEMAP_PATH = "/sitemap-news.xml"
SITEMAP_INDEX_PATH = "/sitemap_index.xml"


def rfc822(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _head(story: Story, outlet: Outlet) -> str:
    canonical = canonical_url(story)
    amp = "".join(
        f'<link rel="amphtml" href="{outlet.canonical_base}{alias}">\n'
        for alias in story.aliases
        if alias.startswith("/amp/")
    )
    ld_json = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.headline,
            "datePublished": iso(story.published_at),
            "mainEntityOfPage": canonical,
            "author": {"@type": "Person", "name": story.byline},
            "publisher": {"@type": "Organization", "name": outlet.name},
        }
    )
    return f"""<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(story.headline)} | {escape(outlet.name)}</title>
<meta name="description" content="{escape(story.paragraphs[0])}">
<meta name="author" content="{escape(story.byline)}">
<link rel="canonical" href="{canonical}">
{amp}<meta property="og:type" content="article">
<meta property="og:url" content="{canonical}">
<meta property="og:site_name" content="{escape(outlet.name)}">
<meta property="og:title" content="{escape(story.headline)}">
<meta property="og:image" content="{outlet.canonical_base}/images/share-default.jpg">
<meta property="article:published_time" content="{iso(story.published_at)}">
<meta property="article:section" content="{escape(story.section)}">
<link rel="stylesheet" href="/static/site.css">
<script type="application/ld+json">{ld_json}</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
</head>"""


def _header(outlet: Outlet) -> str:
    menu = "".join(f'<li><a href="/{name.lower()}/">{name}</a></li>' for name in SECTIONS)
    return f"""<div id="cookie-banner" class="cookie-consent" role="dialog">
<p>We use cookies and similar technologies to personalise content and advertising, to provide
social media features and to analyse our traffic. You can change your choices at any time.</p>
<button class="accept">Accept all</button> <button class="manage">Manage preferences</button>
</div>
<header class="site-header">
<a class="logo" href="/">{escape(outlet.name)}</a>
<nav class="main-nav" aria-label="Sections"><ul><li><a href="/">Home</a></li>{menu}</ul></nav>
<a class="subscribe" href="/subscribe">Subscribe from 1 crown a week</a>
</header>"""


def _related(story: Story) -> str:
    others = [
        other for other in stories_of(story.outlet) if other is not story and not other.private
    ][:5]
    items = "".join(
        f'<li><a href="{other.path}">{escape(other.headline)}</a></li>' for other in others
    )
    return f'<aside class="related"><h2>Most read</h2><ul>{items}</ul></aside>'


def _footer(outlet: Outlet) -> str:
    return f"""<section class="newsletter">
<h2>Get the morning briefing</h2>
<p>Sign up for our free newsletter and receive the day's top stories in your inbox before
breakfast.</p>
<form action="/newsletter" method="post"><input type="email" name="email"
placeholder="Your email address"><button>Sign up</button></form>
</section>
<footer class="site-footer">
<ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/terms">Terms of use</a></li><li><a href="/privacy">Privacy policy</a></li>
<li><a href="/cookies">Cookie settings</a></li></ul>
<p>&copy; 2026 {escape(outlet.name)}. All rights reserved. No part of this site may be
reproduced without written permission. {escape(outlet.name)} is not responsible for the content
of external websites.</p>
</footer>"""


def article_page(story: Story) -> str:
    """The full HTML page of one story."""
    outlet = OUTLETS[story.outlet]
    body = "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in story.paragraphs)
    when = story.published_at
    return f"""<!DOCTYPE html>
<html lang="{outlet.language}">
{_head(story, outlet)}
<body class="article-page">
{_header(outlet)}
<main id="content">
<article class="story">
<p class="kicker"><a href="/{story.section.lower()}/">{escape(story.section)}</a></p>
<h1 class="headline">{escape(story.headline)}</h1>
<p class="byline">By <span class="author">{escape(story.byline)}</span></p>
<time datetime="{iso(when)}">{when.day} {when:%B %Y}, {when:%H:%M} UTC</time>
<div class="story-body">
{body}
</div>
</article>
{_related(story)}
</main>
{_footer(outlet)}
</body>
</html>
"""


def home_page(outlet: Outlet) -> str:
    """The front page: links to every story, including the tempting /private/ one."""
    items = "".join(
        f'<li><a href="{story.path}">{escape(story.headline)}</a></li>'
        for story in _newest_first(stories_of(outlet.slug))
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{escape(outlet.name)} - Latest news</title>
<link rel="canonical" href="{outlet.canonical_base}/"></head>
<body>{_header(outlet)}<main><h1>Latest news</h1><ul class="latest">{items}</ul></main>
{_footer(outlet)}</body></html>
"""


def not_found_page(outlet_name: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>Page not found | '
        f"{escape(outlet_name)}</title></head><body><h1>Sorry, we couldn't find that page"
        "</h1></body></html>"
    )


def robots_txt(outlet: Outlet, base_url: str) -> str:
    lines = [
        f"# robots.txt for {outlet.host}",
        "User-agent: *",
        "Disallow: /private/",
        "Disallow: /search",
        "Allow: /",
        "",
    ]
    if outlet.news_sitemap:
        path = SITEMAP_INDEX_PATH if outlet.sitemap_index else NEWS_SITEMAP_PATH
        lines.append(f"Sitemap: {base_url}{path}")
    return "\n".join(lines) + "\n"


def _newest_first(stories: tuple[Story, ...]) -> list[Story]:
    return sorted(stories, key=lambda story: story.published_at, reverse=True)


def _xml_text(value: str) -> str:
    return escape(value, quote=False)


def rss_feed(outlet: Outlet, base_url: str) -> str:
    """An RSS 2.0 feed of the outlet's stories, newest first."""
    stories = _newest_first(stories_of(outlet.slug))
    items = "".join(
        _rss_item(story, base_url + story.path + outlet.feed_link_query) for story in stories
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{_xml_text(outlet.name)} - Latest news</title>
<link>{base_url}/</link>
<description>The latest stories from {_xml_text(outlet.name)}</description>
<language>en</language>
<lastBuildDate>{rfc822(stories[0].published_at)}</lastBuildDate>
<atom:link href="{base_url}{outlet.feed_path}" rel="self" type="application/rss+xml"/>
{items}</channel>
</rss>
"""


def _rss_item(story: Story, link: str) -> str:
    return f"""<item>
<title>{_xml_text(story.headline)}</title>
<link>{_xml_text(link)}</link>
<guid isPermaLink="false">{_xml_text(canonical_url(story))}</guid>
<pubDate>{rfc822(story.published_at)}</pubDate>
<dc:creator>{_xml_text(story.byline)}</dc:creator>
<category>{_xml_text(story.section)}</category>
<description>{_xml_text(story.paragraphs[0])}</description>
</item>
"""


def atom_feed(outlet: Outlet, base_url: str) -> str:
    """An Atom 1.0 feed of the outlet's stories, newest first."""
    stories = _newest_first(stories_of(outlet.slug))
    entries = "".join(_atom_entry(story, base_url) for story in stories)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>{_xml_text(outlet.name)}</title>
<subtitle>News from {_xml_text(outlet.name)}</subtitle>
<link href="{base_url}/" rel="alternate" type="text/html"/>
<link href="{base_url}{outlet.feed_path}" rel="self" type="application/atom+xml"/>
<id>{outlet.canonical_base}/</id>
<updated>{iso(stories[0].published_at)}</updated>
{entries}</feed>
"""


def _atom_entry(story: Story, base_url: str) -> str:
    return f"""<entry>
<title>{_xml_text(story.headline)}</title>
<link href="{_xml_text(base_url + story.path)}" rel="alternate" type="text/html"/>
<id>{_xml_text(canonical_url(story))}</id>
<published>{iso(story.published_at)}</published>
<updated>{iso(story.published_at)}</updated>
<author><name>{_xml_text(story.byline)}</name></author>
<summary>{_xml_text(story.paragraphs[0])}</summary>
</entry>
"""


def news_sitemap(outlet: Outlet, base_url: str) -> str:
    """A Google News sitemap (urlset with news:news) of the outlet's stories."""
    urls = "".join(
        _sitemap_url(outlet, story, base_url) for story in _newest_first(stories_of(outlet.slug))
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}</urlset>
"""


def _sitemap_url(outlet: Outlet, story: Story, base_url: str) -> str:
    return f"""<url>
<loc>{_xml_text(base_url + story.path)}</loc>
<news:news>
<news:publication><news:name>{_xml_text(outlet.name)}</news:name>\
<news:language>en</news:language></news:publication>
<news:publication_date>{iso(story.published_at)}</news:publication_date>
<news:title>{_xml_text(story.headline)}</news:title>
</news:news>
</url>
"""


def sitemap_index(outlet: Outlet, base_url: str) -> str:
    newest = _newest_first(stories_of(outlet.slug))[0]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base_url}{NEWS_SITEMAP_PATH}</loc>\
<lastmod>{iso(newest.published_at)}</lastmod></sitemap>
</sitemapindex>
"""
