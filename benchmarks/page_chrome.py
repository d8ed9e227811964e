"""Dress a lean test-web article page in the weight of a real news page.

The test web's pages (tests/testweb/pages.py) carry the kinds of clutter a news page has, but a
few of each: 7 KB and ~100 elements. The 181 real pages of the article-extraction benchmark have
a median of 115 KB (quartiles 68-201 KB), 27 KB of inline script, ~785 elements and ~135 links,
and trafilatura extracts ~22 of them per CPU-second against ~120 of ours. A throughput benchmark
on lean pages measures Scrapy's per-request cost, not a crawl of the web; this module adds what
real pages add, in the same places and proportions:

- ``<head>``: inline CSS, script tags, a serialised app state (``window.__PRELOADED_STATE__``,
  as Next.js, Nuxt and most CMS front ends ship) of 8-70 KB;
- a mega-menu of sections and subsections with SVG icons;
- inside the story: a share bar, a lead picture with ``srcset`` and caption, ad slots and an
  inline "read more" box between paragraphs;
- after the story: a teaser grid and a most-read list drawn from other stories, a comments
  placeholder, a site-map footer and trailing tracking scripts.

Sizes are drawn per page from ``random.Random(seed)`` so a run is reproducible.
"""

from __future__ import annotations

import json
import random
from html import escape

SECTIONS = {
    "News": (
        "Local",
        "National",
        "Investigations",
        "Elections",
        "Health",
        "Education",
        "Crime",
        "Transport",
    ),
    "World": ("Europe", "Americas", "Asia", "Africa", "Middle East", "Oceania"),
    "Business": ("Markets", "Companies", "Economy", "Property", "Personal finance", "Tech"),
    "Politics": ("Parliament", "Regions", "Analysis", "Polls"),
    "Sport": ("Football", "Tennis", "Cycling", "Skiing", "Athletics", "Results"),
    "Weather": ("Forecast", "Warnings", "Climate"),
    "Culture": ("Film", "Music", "Books", "Art", "Television", "Theatre"),
    "Food": ("Recipes", "Restaurants", "Wine"),
    "Opinion": ("Editorials", "Columnists", "Letters"),
    "Lifestyle": ("Travel", "Fashion", "Family", "Motoring"),
}
_ICON = (
    '<svg class="icon icon-{name}" viewBox="0 0 24 24" aria-hidden="true" width="24" '
    'height="24"><path d="M{a} {b}l{c} {d}a8 8 0 1 0-{e} {f}z M3 12h18 M12 3v18"/></svg>'
)
_SHARE = ("facebook", "x", "whatsapp", "linkedin", "email", "copy-link")


def dress(
    page: str,
    story_paragraphs: tuple[str, ...],
    others: list[tuple[str, str, str]],
    rng: random.Random,
) -> str:
    """``page`` with real-page weight added; ``others`` are (path, headline, summary) teasers."""
    page = page.replace("</head>", _head_extras(others, rng) + "</head>", 1)
    page = page.replace('<nav class="main-nav"', _mega_menu(rng) + '<nav class="main-nav"', 1)
    page = page.replace(
        '<div class="story-body">',
        _share_bar(rng) + _lead_picture(rng) + '<div class="story-body">',
        1,
    )
    page = _interleave_body(page, story_paragraphs, others, rng)
    page = page.replace("</main>", _teaser_grid(others, rng) + _comments(rng) + "</main>", 1)
    return page.replace("</body>", _site_map_footer(rng) + _tail_scripts(rng) + "</body>", 1)


def _icon(name: str, rng: random.Random) -> str:
    return _ICON.format(
        name=name,
        a=rng.randint(1, 20),
        b=rng.randint(1, 20),
        c=rng.randint(-9, 9),
        d=rng.randint(-9, 9),
        e=rng.randint(1, 9),
        f=rng.randint(1, 9),
    )


def _head_extras(others: list[tuple[str, str, str]], rng: random.Random) -> str:
    css = "".join(
        f".c{rng.randrange(1 << 24):06x}{{margin:{rng.randint(0, 32)}px {rng.randint(0, 32)}px;"
        f"color:#{rng.randrange(1 << 24):06x};font-size:{rng.randint(10, 40)}px;"
        f"display:{rng.choice(('flex', 'block', 'grid', 'none'))}}}\n"
        for _ in range(rng.randint(10, 400))
    )
    state = {
        "config": {
            "env": "production",
            "release": f"web-{rng.randrange(1 << 32):08x}",
            "features": {f"flag_{n}": rng.random() < 0.5 for n in range(60)},
        },
        "ads": {
            "targeting": {"section": "news", "keywords": [h.split()[0] for _, h, _ in others]},
            "slots": [
                {
                    "id": f"div-gpt-ad-{rng.randrange(1 << 40)}-{n}",
                    "sizes": [[300, 250], [728, 90], [320, 50]],
                }
                for n in range(12)
            ],
        },
        "teasers": [
            {
                "url": path,
                "headline": headline,
                "summary": summary,
                "image": {
                    "src": f"/images/{rng.randrange(1 << 32):08x}.jpg",
                    "width": 1200,
                    "height": 675,
                },
            }
            for path, headline, summary in others * rng.randint(1, 10)
        ],
    }
    scripts = "".join(
        f'<script async src="https://cdn.example/{name}.{rng.randrange(1 << 32):08x}.js">'
        f"</script>\n"
        for name in ("vendor", "runtime", "app", "ads", "analytics", "consent", "video")
    )
    return (
        f'<style>{css}</style>\n<link rel="preload" as="font" href="/fonts/serif.woff2">\n'
        f"{scripts}<script>window.__PRELOADED_STATE__ = {json.dumps(state)};</script>\n"
    )


def _mega_menu(rng: random.Random) -> str:
    columns = "".join(
        f'<li class="menu-section"><a href="/{section.lower()}/">{section}</a>'
        f'<ul class="submenu">' + _subsection_links(section, subsections) + "</ul></li>"
        for section, subsections in SECTIONS.items()
    )
    tools = "".join(
        f'<button class="tool" aria-label="{name}">{_icon(name, rng)}</button>'
        for name in ("menu", "search", "account", "notifications")
    )
    return (
        f'<div class="mega-menu" hidden><div class="tools">{tools}</div>'
        f'<ul class="menu-columns">{columns}</ul></div>\n'
    )


def _subsection_links(section: str, subsections: tuple[str, ...]) -> str:
    return "".join(
        f'<li><a href="/{section.lower()}/{sub.lower().replace(" ", "-")}/">{sub}</a></li>'
        for sub in subsections
    )


def _share_bar(rng: random.Random) -> str:
    buttons = "".join(
        f'<li><a class="share share-{name}" href="#share-{name}" '
        f'data-track="share:{name}">{_icon(name, rng)}<span class="sr-only">'
        f"Share on {name}</span></a></li>"
        for name in _SHARE
    )
    return f'<div class="share-bar"><ul>{buttons}</ul></div>\n'


def _lead_picture(rng: random.Random) -> str:
    name = f"{rng.randrange(1 << 32):08x}"
    sources = ", ".join(
        f"/images/{name}-{width}.jpg {width}w" for width in (320, 480, 640, 960, 1200, 1600, 2400)
    )
    return (
        f'<figure class="lead-image"><picture><source type="image/webp" srcset="'
        f'{sources.replace(".jpg", ".webp")}"><img src="/images/{name}-960.jpg" '
        f'srcset="{sources}" sizes="(max-width: 960px) 100vw, 960px" alt="" loading="eager">'
        f"</picture><figcaption>Photograph: staff photographer / Agency</figcaption>"
        f"</figure>\n"
    )


def _interleave_body(
    page: str, paragraphs: tuple[str, ...], others: list[tuple[str, str, str]], rng: random.Random
) -> str:
    """An ad slot after every third paragraph and a "read more" box after the second."""
    for number, paragraph in enumerate(paragraphs[:-1], start=1):
        marker = f"<p>{escape(paragraph)}</p>"
        extra = ""
        if number % 3 == 0:
            extra += (
                f'\n<div class="ad-slot ad-inline" aria-hidden="true"><div id="div-gpt-ad-'
                f'{rng.randrange(1 << 40)}-{number}" data-sizes="300x250,728x90" '
                f'data-lazy="true"></div><p class="ad-label">Advertisement</p></div>'
            )
        if number == 2 and others:
            path, headline, _ = others[0]
            extra += (
                f'\n<aside class="read-more"><span>Read more</span> '
                f'<a href="{path}">{escape(headline)}</a></aside>'
            )
        page = page.replace(marker, marker + extra, 1)
    return page


def _teaser_grid(others: list[tuple[str, str, str]], rng: random.Random) -> str:
    teasers = "".join(
        f'<div class="grid-cell"><article class="teaser"><div class="teaser-inner">'
        f'<div class="media"><a href="{path}" tabindex="-1"><picture><img src="/images/'
        f'{rng.randrange(1 << 32):08x}-320.jpg" alt="" loading="lazy" width="320" height="180">'
        f'</picture></a></div><div class="text"><span class="label">{rng.choice(list(SECTIONS))}'
        f'</span><h3><a href="{path}">{escape(headline)}</a></h3><p>{escape(summary)}</p>'
        f'<div class="meta"><time>{rng.randint(1, 23)} hours ago</time><span class="comments">'
        f"{rng.randint(0, 400)}</span></div></div></div></article></div>"
        for path, headline, summary in rng.sample(others, len(others)) * rng.randint(1, 4)
    )
    most_read = "".join(
        f'<li><span class="rank">{rank}</span><a href="{path}">{escape(headline)}</a></li>'
        for rank, (path, headline, _) in enumerate(others, start=1)
    )
    return (
        f'<section class="more-stories"><h2>More on this story</h2>'
        f'<div class="grid">{teasers}</div></section>\n'
        f'<aside class="most-read"><h2>Most read</h2><ol>{most_read}</ol></aside>\n'
    )


def _comments(rng: random.Random) -> str:
    return (
        f'<section id="comments" class="comments" data-count="{rng.randint(0, 900)}">'
        f"<h2>Comments</h2><p>Comments are loaded when you scroll here. Please read our "
        f'<a href="/community-rules">community rules</a> before you post.</p>'
        f'<button class="load-comments">Show comments</button></section>\n'
    )


def _site_map_footer(rng: random.Random) -> str:
    groups = "".join(
        f'<div class="footer-group"><h4>{section}</h4><ul>'
        + _subsection_links(section, subsections)
        + "</ul></div>"
        for section, subsections in SECTIONS.items()
    )
    social = "".join(
        f'<a class="social" href="#follow-{name}">{_icon(name, rng)}</a>' for name in _SHARE[:4]
    )
    return f'<div class="site-map">{groups}<div class="follow">{social}</div></div>\n'


def _tail_scripts(rng: random.Random) -> str:
    tracker = "".join(
        f"var t{n}=document.createElement('img');t{n}.src='/px?e={n}&r='+"
        f"Math.random()+'&c={rng.randrange(1 << 32):08x}';"
        for n in range(rng.randint(5, 60))
    )
    return f'<script>{tracker}</script>\n<noscript><img src="/px?noscript=1" alt=""></noscript>\n'
