"""Page cleaning: main text without boilerplate, canonical URL and outlet rules."""

import pytest

from corroborate.pages.cleaning import canonical_url, clean_page

PARAGRAPHS = [
    "The Varnholt dam in the northern province of Eskerland failed early on Tuesday, "
    "releasing a wall of water into the valley below.",
    "Regional officials said twelve people were killed and more than 300 homes were flooded "
    "in the villages of Ostby and Marrow.",
    "Rescue teams worked through the night, using boats to reach families stranded on roofs.",
    "Engineers had warned in a 2024 inspection report that the spillway needed urgent repair.",
    "The provincial governor, Helena Rask, called the disaster a tragedy and promised an inquiry.",
]


def page_html(head: str = "", body_extra: str = "", lang: str = "en") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><title>Dam fails | Courier</title>
    <meta charset="utf-8">{head}</head><body>
    <div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
    <article><h1>Dam failure floods Eskerland valley</h1>
    <p class="byline">By Anna Berg</p><time datetime="2026-11-03">3 November 2026</time>
    {paragraphs}</article>
    <aside class="related"><h3>Related stories</h3><ul>
    <li><a href="/a">Central bank holds rates at record level</a></li>
    <li><a href="/b">Port strike enters third week</a></li></ul></aside>
    <div class="newsletter">Sign up for our daily newsletter to get the news first.</div>
    {body_extra}
    <footer>Copyright Harbour Courier Ltd. All rights reserved. Terms of use. Privacy policy.
    </footer></body></html>"""


def test_main_text_kept_and_boilerplate_removed():
    page = clean_page(page_html(), "http://127.0.0.1:8001/2026/11/03/dam")
    assert page is not None
    for paragraph in PARAGRAPHS:
        assert paragraph in page.text
    for boilerplate in ("cookies", "newsletter", "Port strike", "All rights reserved", "Sport"):
        assert boilerplate not in page.text
    assert page.language == "en"


def test_a_canonical_on_the_fetched_outlet_names_the_page():
    head = '<link rel="canonical" href="https://www.HarbourCourier.example/2026/11/03/dam">'
    page = clean_page(page_html(head), "http://amp.harbourcourier.example:8001/amp/dam")
    assert page.url == "http://amp.harbourcourier.example:8001/amp/dam"
    assert page.canonical_url == "https://www.HarbourCourier.example/2026/11/03/dam"
    assert page.outlet == "amp.harbourcourier.example"
    assert page.claimed_canonical is None


def test_a_canonical_on_another_outlet_is_only_a_claim():
    """A page names its own outlet no more: the fetched host is its outlet, its key and link."""
    head = '<link rel="canonical" href="https://www.reuters.com/world/dam">'
    page = clean_page(page_html(head), "http://127.0.0.1:8001/amp/dam")
    assert page.canonical_url == page.url == "http://127.0.0.1:8001/amp/dam"
    assert page.outlet == "127.0.0.1"
    assert page.claimed_canonical == "https://www.reuters.com/world/dam"


def test_og_url_read_when_no_canonical_link():
    head = '<meta property="og:url" content="https://news.tidewatermail.example/dam">'
    page = clean_page(page_html(head), "http://www.tidewatermail.example/amp/dam")
    assert page.canonical_url == "https://news.tidewatermail.example/dam"
    assert page.outlet == "tidewatermail.example"


def test_relative_canonical_made_absolute_against_fetched_url():
    page = clean_page(
        page_html('<link rel="canonical" href="/story/dam">'),
        "https://www.courier.example/amp/story/dam",
    )
    assert page.canonical_url == "https://www.courier.example/story/dam"


def test_non_http_canonical_ignored():
    head = '<link rel="canonical" href="javascript:alert(1)">'
    page = clean_page(page_html(head), "http://127.0.0.1:8003/dam")
    assert page.canonical_url == "http://127.0.0.1:8003/dam"
    assert page.outlet == "127.0.0.1"
    assert page.claimed_canonical is None


def test_without_canonical_outlet_is_fetched_host():
    page = clean_page(page_html(), "https://WWW.Gazette.example/dam")
    assert page.canonical_url == "https://WWW.Gazette.example/dam"
    assert page.outlet == "gazette.example"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html></html>",
        "<<<>>>",
        "\x00\x01binary",
        "<html><body><nav>Home</nav></body></html>",
        "<div><p>unclosed <b>tags<i> everywhere",
    ],
)
def test_bad_or_empty_html_gives_none_without_crashing(html):
    assert clean_page(html, "http://example.com/x") is None


def test_bytes_decoded_and_compressed_bytes_refused():
    html = page_html()
    assert clean_page(html.encode("utf-8"), "https://a.example/x") is not None
    assert clean_page(b"\x1f\x8b\x08\x00junk", "https://a.example/x") is None


def test_canonical_url_reads_multi_token_rel():
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(
        '<html><head><link rel="alternate canonical" '
        'href="https://x.example/a"></head><body></body></html>'
    )
    assert canonical_url(tree, "http://127.0.0.1/a") == "https://x.example/a"


_METADATA_HEADS = {
    "meta tags": '<meta property="og:title" content="Dam fails in Eskerland">'
    '<meta property="og:site_name" content="Harbour Courier">'
    '<meta property="article:published_time" content="2026-11-03T08:00:00Z">',
    "JSON-LD only": '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "NewsArticle", "headline": "Valley flooded after dam failure", '
    '"datePublished": "2026-11-04T09:30:00+01:00", '
    '"publisher": {"@type": "Organization", "name": "Courier Group"}}</script>',
    "twitter handle as site name": '<meta name="twitter:site" content="@harbourcourier">',
    "nothing but the title element": "",
}


@pytest.mark.parametrize("head", _METADATA_HEADS.values(), ids=_METADATA_HEADS.keys())
def test_clean_page_agrees_with_stock_trafilatura(head):
    """clean_page skips trafilatura's author/category/tag/licence search for speed; what it
    keeps must equal the stock call's values, or a trafilatura upgrade changed the recipe."""
    import trafilatura

    from corroborate.pages.cleaning import TRAFILATURA_EQUIVALENT

    html = page_html(head)
    url = "https://www.courier.example/2026/11/03/dam"
    stock = trafilatura.bare_extraction(html, url=url, **TRAFILATURA_EQUIVALENT)
    page = clean_page(html, url)
    assert page is not None
    assert page.text == stock.text.strip()
    assert (page.title, page.published, page.sitename) == (stock.title, stock.date, stock.sitename)
    assert page.title and page.published  # the cases are not vacuous
