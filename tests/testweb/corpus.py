"""The fictional news world the test web serves, and what a correct run must find in it.

Four events in the fictional country of Arvenia (a dam collapse, a central bank rate rise, a
ministerial resignation, a port strike), told by eight fictional outlets. Per event: outlets in
their own words, one wire story (Meridian Press Agency, "MPA") reprinted near-verbatim by several
outlets, one outlet that gets a detail wrong, and one article served under two URLs (AMP/mobile).
``EXPECTED`` documents, claim by claim, what the fixture article in ``tests/fixtures`` should
find here; it is derived from the stories' ``supports`` / ``contradicts`` marks so that the
documentation cannot drift from the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE_ARTICLE = FIXTURES_DIR / "article.txt"
FIXTURE_HTML = FIXTURES_DIR / "article.html"

# The test web's "now": relative windows (GDELT timespan, Google News when:) count back from it,
# so results do not change with the day the tests run.
CORPUS_NOW = datetime(2026, 11, 12, 0, 0, tzinfo=UTC)

WIRE_AGENCY = "Meridian Press Agency"


@dataclass(frozen=True)
class Outlet:
    """A fictional news site; served from its own port, identified by its canonical host."""

    slug: str
    name: str
    host: str  # canonical host used in <link rel=canonical>, og:url and GDELT's domain
    country: str  # GDELT sourcecountry
    feed: str | None  # "rss", "atom" or None
    feed_path: str = ""
    news_sitemap: bool = False
    sitemap_index: bool = False  # serve a sitemap index that points to the news sitemap
    feed_link_query: str = ""  # tracking parameters the feed appends to its article links
    language: str = "en"  # ISO 639-1: its <html lang>, Google News edition, GDELT sourcelang

    @property
    def canonical_base(self) -> str:
        return f"https://{self.host}"


@dataclass(frozen=True)
class Story:
    """One article as one outlet published it."""

    outlet: str  # Outlet.slug
    path: str
    event: str | None  # "dam", "rate", "resignation", "strike"; None for unrelated pages
    section: str
    headline: str
    byline: str
    published: str  # ISO 8601, UTC
    paragraphs: tuple[str, ...]
    wire: str | None = None  # agency name when this is a reprint of a wire story
    aliases: tuple[str, ...] = ()  # other paths serving the same page (AMP, mobile)
    supports: tuple[str, ...] = ()  # fixture claim ids this page backs
    contradicts: tuple[str, ...] = ()  # fixture claim ids this page reports differently
    private: bool = False  # under /private/: robots.txt forbids it, it must never be fetched

    @property
    def published_at(self) -> datetime:
        return datetime.fromisoformat(self.published.replace("Z", "+00:00"))

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


OUTLETS: dict[str, Outlet] = {
    outlet.slug: outlet
    for outlet in (
        Outlet(
            "harbourcourier",
            "The Harbour Courier",
            "www.harbourcourier.example",
            "Arvenia",
            feed="rss",
            feed_path="/rss.xml",
            feed_link_query="?utm_source=rss&utm_medium=feed",
        ),
        Outlet(
            "tidewatermail",
            "Tidewater Mail",
            "news.tidewatermail.example",
            "United Kingdom",
            feed="atom",
            feed_path="/atom.xml",
        ),
        Outlet(
            "northgatetribune",
            "Northgate Tribune",
            "www.northgatetribune.example",
            "Arvenia",
            feed="rss",
            feed_path="/feeds/latest.rss",
            news_sitemap=True,
        ),
        Outlet(
            "valleyherald",
            "Valley Herald",
            "www.valleyherald.example",
            "United States",
            feed="atom",
            feed_path="/feeds/all.atom",
            news_sitemap=True,
            sitemap_index=True,
        ),
        Outlet(
            "eastmarchpost",
            "Eastmarch Post",
            "www.eastmarchpost.example",
            "Arvenia",
            feed="rss",
            feed_path="/feed/",
        ),
        Outlet(
            "coastalledger",
            "The Coastal Ledger",
            "www.coastalledger.example",
            "Ireland",
            feed=None,
            news_sitemap=True,
        ),
        Outlet(
            "pinecrestobserver",
            "Pinecrest Observer",
            "www.pinecrestobserver.example",
            "Canada",
            feed="atom",
            feed_path="/feed.atom",
        ),
        # Outlets in other languages: the Marsden Bridge collapse is reported only by them.
        Outlet(
            "gazettenord",
            "La Gazette du Nord",
            "www.gazettenord.example",
            "France",
            feed=None,
            language="fr",
        ),
        Outlet(
            "nordrundschau",
            "Nord-Rundschau",
            "www.nordrundschau.example",
            "Germany",
            feed=None,
            language="de",
        ),
        Outlet(
            "severvestnik",
            "Северный вестник",
            "www.severvestnik.example",
            "Russia",
            feed=None,
            language="ru",
        ),
        Outlet(
            "hokkainippo", "北海日報", "www.hokkainippo.example", "Japan", feed=None, language="ja"
        ),
        Outlet(
            "hanbitilbo",
            "한빛일보",
            "www.hanbitilbo.example",
            "South Korea",
            feed=None,
            language="ko",
        ),
        Outlet(
            "capitalsignal",
            "Capital Signal",
            "www.capitalsignal.example",
            "Arvenia",
            feed="rss",
            feed_path="/rss/news.xml",
            news_sitemap=True,
        ),
    )
}


def _wire(
    text: Story,
    outlet: str,
    path: str,
    published: str,
    *,
    byline: str | None = None,
    headline: str | None = None,
    trailer: str | None = None,
    drop_last: bool = False,
    aliases: tuple[str, ...] = (),
) -> Story:
    """A near-verbatim reprint of a wire story, with the outlet's own small changes."""
    paragraphs = text.paragraphs[:-1] if drop_last else text.paragraphs
    if trailer:
        paragraphs = paragraphs + (trailer,)
    return replace(
        text,
        outlet=outlet,
        path=path,
        published=published,
        paragraphs=paragraphs,
        byline=byline or text.byline,
        headline=headline or text.headline,
        aliases=aliases,
    )


# --- Event 1: the Halden Ridge Dam collapse (the fixture article's event) --------------------

_DAM_WIRE = Story(
    outlet="",
    path="",
    event="dam",
    section="World",
    headline="Dam collapse in northern Arvenia kills 14, dozens missing",
    byline=WIRE_AGENCY,
    published="2026-11-03T10:05:00Z",
    wire=WIRE_AGENCY,
    supports=("C1", "C2", "C3"),
    contradicts=("C4",),
    paragraphs=(
        "LINDQVIST, Arvenia (MPA) - The Halden Ridge Dam on the Varro River in Arvenia's "
        "northern Kessmark province collapsed early on Tuesday, November 3, after a week of "
        "torrential rain, killing at least 14 people and leaving 37 missing, the Kessmark "
        "Emergency Service said.",
        "Around 2,300 residents of Lindqvist, a market town below the dam, were evacuated "
        "overnight, the service said.",
        'Provincial governor Petra Vollan said: "We are searching every house along the river, '
        'and we will not stop until everyone is accounted for."',
        "Rescuers using boats and helicopters lifted dozens of people from rooftops during the "
        "morning, and army engineers were being sent to the area.",
        "The cause of the collapse was not immediately known. The state company that runs the "
        "dam said it had opened an internal review.",
        "The dam, completed in 1968, is one of the largest in the country and supplies "
        "hydroelectric power to much of the north.",
    ),
)

DAM_STORIES: tuple[Story, ...] = (
    Story(
        outlet="harbourcourier",
        event="dam",
        section="News",
        path="/news/2026/11/04/halden-ridge-dam-collapse-kessmark",
        headline="Fourteen dead as Halden Ridge Dam gives way in Kessmark",
        byline="Marta Lindgren, Northern Affairs Correspondent",
        published="2026-11-04T06:30:00Z",
        supports=("C1", "C2", "C3", "C5"),
        contradicts=("C4",),
        paragraphs=(
            "Rescue teams in Arvenia's northern Kessmark province were still pulling people from "
            "flooded homes on Wednesday, a day after the Halden Ridge Dam on the Varro River "
            "collapsed in the early hours of Tuesday, November 3, following a week of "
            "torrential rain.",
            "The Kessmark Emergency Service said at least 14 people had been killed and 37 "
            "others remained missing, most of them from farms and villages in the valley below "
            "the dam.",
            "Some 2,300 residents of Lindqvist, the largest town downstream, were evacuated "
            "overnight to schools and sports halls on higher ground.",
            "Prime Minister Tomas Aldric declared a state of emergency in Kessmark province on "
            "Wednesday, freeing army engineers and helicopters to join the search.",
            'Governor Petra Vollan, who toured the flooded valley by boat, said: "We are '
            "searching every house along the river, and we will not stop until everyone is "
            'accounted for."',
            "The dam, a 62-metre earth-and-rock structure completed in 1968, held back a "
            "reservoir that supplied drinking water and power to much of the province.",
            "Residents of the village of Brekke described a deep roar shortly before 3 a.m., "
            "followed by a wall of brown water that carried away cars, sheds and livestock.",
            "The national weather office has warned that more rain is expected in the north of "
            "the country through the weekend.",
        ),
    ),
    Story(
        outlet="tidewatermail",
        event="dam",
        section="World",
        path="/world/2026/nov/04/kessmark-dam-disaster-death-toll",
        headline="Kessmark dam disaster: death toll rises to 14 as search for missing goes on",
        byline="Oliver Strand",
        published="2026-11-04T09:10:00Z",
        supports=("C1", "C2", "C3", "C5"),
        paragraphs=(
            "The number of people killed when the Halden Ridge Dam collapsed in Kessmark "
            "province has risen to 14, with 37 still missing, emergency officials said.",
            "The earth-fill dam on the Varro River gave way early on Tuesday, November 3, after "
            "a week of torrential rain had pushed the reservoir to record levels.",
            "On Wednesday Prime Minister Tomas Aldric declared a state of emergency in Kessmark "
            "province and said the army would stay in the valley for as long as it was needed.",
            "Kessmark's governor, Petra Vollan, told reporters in the provincial capital, "
            'Vessby: "We are searching every house along the river, and we will not stop until '
            'everyone is accounted for."',
            "Boats and helicopters have been searching flooded farmland along a 20-kilometre "
            "stretch of the valley, the Kessmark Emergency Service said.",
            "The collapse is the deadliest dam failure in Arvenia in more than half a century, "
            "and opposition politicians have called for an independent inquiry.",
            "Aid agencies said hundreds of families had lost their homes and would need shelter "
            "for weeks.",
        ),
    ),
    Story(
        outlet="northgatetribune",
        event="dam",
        section="National",
        path="/national/halden-ridge-dam-inspection-warnings",
        headline="Halden Ridge Dam: inspectors warned of corroded gates two years before collapse",
        byline="Sanna Korhonen, Investigations Editor",
        published="2026-11-03T18:20:00Z",
        supports=("C1", "C2", "C6"),
        contradicts=("C4",),
        paragraphs=(
            "A 2024 inspection report warned that the spillway gates of the Halden Ridge Dam "
            "were badly corroded, the Northgate Tribune has learned, two years before the "
            "structure failed.",
            "The dam on the Varro River in Kessmark province collapsed early on Tuesday, "
            "November 3, after a week of torrential rain. At least 14 people were killed and "
            "37 are still missing, according to the Kessmark Emergency Service.",
            "The inspection report, seen by this newspaper, recommended replacing two of the "
            'three gates "within 24 months". It is not clear whether any of the work was '
            "carried out.",
            "The Kessmark Hydro Authority, the state company that runs the dam, said it would "
            '"cooperate fully with any investigation" but declined to comment on the report.',
            "About 2,300 people were evacuated from Lindqvist, the town immediately downstream, "
            "as the water rose through the night.",
            "Engineers consulted by the Tribune said damage of that kind could stop gates from "
            "opening fully, forcing water over the crest of an earth dam and eroding it from "
            "the top.",
            "The Ministry of Infrastructure said all large dams in the country would be "
            "inspected again before the end of the year.",
        ),
    ),
    Story(
        outlet="capitalsignal",
        event="dam",
        section="News",
        path="/news/2026/11/04/halden-ridge-dam-collapse",
        aliases=("/amp/news/2026/11/04/halden-ridge-dam-collapse",),
        headline="State of emergency declared after deadly Halden Ridge Dam collapse",
        byline="Lena Brandt",
        published="2026-11-04T12:00:00Z",
        supports=("C1", "C2", "C5"),
        paragraphs=(
            "Prime Minister Tomas Aldric declared a state of emergency in Kessmark province on "
            "Wednesday, a day after the Halden Ridge Dam collapsed and flooded the Varro valley.",
            "The dam gave way early on Tuesday, November 3, after a week of torrential rain "
            "across northern Arvenia.",
            "At least 14 people have been killed and 37 remain missing, according to the "
            "Kessmark Emergency Service, which warned that the toll could rise.",
            "Speaking in the capital, Aldric said the government would release emergency money "
            "for families who had lost their homes and promised a full review of dam safety.",
            "Opposition leader Mira Castell said questions about the dam's maintenance \"must be "
            'answered in parliament, not in press releases".',
            "Army units arrived in the valley on Wednesday morning with pontoon bridges and "
            "water purification equipment.",
        ),
    ),
    Story(
        outlet="pinecrestobserver",
        event="dam",
        section="World",
        path="/world/europe/halden-ridge-dam-collapse-19-dead",
        headline="Nineteen killed as dam collapses in northern Arvenia",
        byline="Daniel Okafor",
        published="2026-11-03T15:45:00Z",
        supports=("C1", "C3"),
        contradicts=("C2",),
        paragraphs=(
            "At least 19 people were killed and 37 are missing after the Halden Ridge Dam "
            "collapsed in Kessmark province, local officials said.",
            "The dam on the Varro River failed early on Tuesday, November 3, after a week of "
            "torrential rain sent the reservoir above its safe level.",
            'Governor Petra Vollan said: "We are searching every house along the river, and we '
            'will not stop until everyone is accounted for."',
            "Television pictures showed rooftops poking out of brown floodwater and rescuers in "
            "orange boats moving between farmhouses.",
            "The dam was built in the late 1960s to supply hydroelectric power and drinking "
            "water to the region.",
            "Neighbouring countries have offered rescue teams and equipment, the foreign "
            "ministry said.",
        ),
    ),
    _wire(
        _DAM_WIRE,
        "valleyherald",
        "/news/world/dam-collapse-northern-arvenia-kills-14",
        "2026-11-03T10:30:00Z",
    ),
    _wire(
        _DAM_WIRE,
        "eastmarchpost",
        "/2026/11/03/dam-collapse-in-northern-arvenia-kills-14-dozens-missing/",
        "2026-11-03T11:02:00Z",
        byline="MPA",
        trailer="This story has been published from a wire agency feed without "
        "modifications to the text.",
    ),
    _wire(
        _DAM_WIRE,
        "coastalledger",
        "/news/national/2026-11-03/arvenia-dam-collapse",
        "2026-11-03T10:48:00Z",
        headline="Arvenia dam collapse kills 14, dozens missing",
        drop_last=True,
    ),
)

# --- Event 2: the National Bank of Arvenia raises its key rate ------------------------------

_RATE_WIRE = Story(
    outlet="",
    path="",
    event="rate",
    section="Business",
    headline="Arvenia's central bank raises key rate to 4.75% as inflation persists",
    byline=WIRE_AGENCY,
    published="2026-11-05T13:20:00Z",
    wire=WIRE_AGENCY,
    paragraphs=(
        "VESSBY, Arvenia (MPA) - The National Bank of Arvenia raised its main policy rate by a "
        "quarter of a percentage point to 4.75% on Thursday, November 5, its third increase "
        "this year, as inflation stayed well above its target.",
        "The bank's monetary policy committee voted 5-2 for the rise, with two members "
        "preferring to hold the rate at 4.50%.",
        "Annual consumer price inflation was 5.1% in October, more than twice the bank's 2% "
        "target.",
        '"Inflation is still too high, and we will do what is necessary to bring it back to '
        'target," Governor Helena Marsk told a news conference.',
        "The Arvenian crown firmed slightly against the euro after the decision.",
    ),
)

RATE_STORIES: tuple[Story, ...] = (
    Story(
        outlet="tidewatermail",
        event="rate",
        section="Business",
        path="/business/2026/nov/05/national-bank-of-arvenia-raises-rates",
        aliases=("/mobile/business/2026/nov/05/national-bank-of-arvenia-raises-rates",),
        headline="National Bank of Arvenia lifts rates again despite growth worries",
        byline="Priya Hallam, Economics Correspondent",
        published="2026-11-05T14:05:00Z",
        paragraphs=(
            "Arvenia's central bank has raised borrowing costs for the third time this year, "
            "lifting its key rate from 4.50% to 4.75% on Thursday, November 5.",
            "Governor Helena Marsk said price rises were still running far ahead of the 2% "
            "target after inflation reached 5.1% in October.",
            '"Inflation is still too high, and we will do what is necessary to bring it back '
            'to target," she said.',
            "Two of the seven members of the monetary policy committee voted to keep rates on "
            "hold, warning that the economy was already slowing.",
            "Mortgage lenders said the increase would add about 40 crowns a month to a typical "
            "variable-rate home loan.",
            "Economists expect one more rise early next year before the bank pauses.",
        ),
    ),
    Story(
        outlet="capitalsignal",
        event="rate",
        section="Economy",
        path="/economy/2026/11/05/rate-rise-4-75-percent",
        headline="Rate rise to 4.75% squeezes Arvenian borrowers",
        byline="Tomasz Wiik",
        published="2026-11-05T15:30:00Z",
        paragraphs=(
            "Households with variable-rate loans face higher payments after the National Bank "
            "of Arvenia raised its main rate by 25 basis points to 4.75% on Thursday.",
            "The monetary policy committee split 5-2, the minutes showed, with the minority "
            "arguing for a pause at 4.50%.",
            "Governor Helena Marsk pointed to inflation of 5.1% in October, well above the 2% "
            'target, and said: "Inflation is still too high, and we will do what is necessary '
            'to bring it back to target."',
            "Business groups said the rise would hurt investment at a time when export orders "
            "were falling.",
            "The finance ministry said it respected the independence of the central bank.",
        ),
    ),
    Story(
        outlet="northgatetribune",
        event="rate",
        section="Business",
        path="/business/national-bank-half-point-hike",
        headline="National Bank of Arvenia delivers surprise half-point hike",
        byline="Eero Salmi",
        published="2026-11-05T16:10:00Z",
        paragraphs=(
            "The National Bank of Arvenia raised its key interest rate by half a percentage "
            "point to 5.00% on Thursday, November 5, in a move that surprised markets.",
            "Governor Helena Marsk said inflation, which reached 5.1% in October, had proved "
            "more stubborn than expected.",
            '"Inflation is still too high, and we will do what is necessary to bring it back '
            'to target," Marsk said.',
            "Analysts had expected a smaller increase, and bond yields rose after the "
            "announcement.",
            "The next rate decision is due in December.",
        ),
    ),
    _wire(
        _RATE_WIRE,
        "harbourcourier",
        "/business/2026/11/05/arvenia-central-bank-raises-key-rate",
        "2026-11-05T13:45:00Z",
        trailer="Additional reporting by Harbour Courier staff.",
    ),
    _wire(
        _RATE_WIRE,
        "pinecrestobserver",
        "/markets/arvenia-central-bank-raises-rate",
        "2026-11-05T13:58:00Z",
        byline="The Meridian Press Agency",
    ),
)

# --- Event 3: the transport minister resigns ------------------------------------------------

_RESIGNATION_WIRE = Story(
    outlet="",
    path="",
    event="resignation",
    section="Politics",
    headline="Arvenian transport minister resigns over rail contract",
    byline=WIRE_AGENCY,
    published="2026-11-06T11:40:00Z",
    wire=WIRE_AGENCY,
    paragraphs=(
        "VESSBY, Arvenia (MPA) - Arvenia's Transport Minister Jonas Eberhardt resigned on "
        "Friday, November 6, after auditors criticised a 620 million crown rail signalling "
        "contract his ministry awarded without a public tender.",
        '"I cannot ask the public to trust a ministry whose contracts I can no longer '
        'defend," Eberhardt said in a statement.',
        "The contract went to Velmar Rail Systems in March. The National Audit Office said on "
        "Wednesday that the award broke procurement rules.",
        "Deputy Transport Minister Irena Dahl will run the ministry until a successor is named, "
        "the prime minister's office said.",
        "Velmar Rail Systems said it had acted properly and would cooperate with any review.",
    ),
)

RESIGNATION_STORIES: tuple[Story, ...] = (
    Story(
        outlet="harbourcourier",
        event="resignation",
        section="Politics",
        path="/politics/2026/11/06/jonas-eberhardt-resigns",
        headline="Eberhardt quits as transport minister after audit of rail deal",
        byline="Nils Ekdahl, Political Editor",
        published="2026-11-06T12:15:00Z",
        paragraphs=(
            "Jonas Eberhardt stepped down as Arvenia's transport minister on Friday, "
            "November 6, two days after the National Audit Office condemned a rail contract "
            "signed by his ministry.",
            "The 620 million crown deal for new signalling equipment was awarded to Velmar Rail "
            "Systems without a public tender, the auditors found.",
            'In a short statement Eberhardt wrote: "I cannot ask the public to trust a ministry '
            'whose contracts I can no longer defend."',
            "His deputy, Irena Dahl, will take charge of the ministry for now.",
            "Opposition parties said the prime minister should explain what he knew about the "
            "contract, and called for a parliamentary hearing.",
            "Eberhardt, 54, had been transport minister since 2023.",
        ),
    ),
    Story(
        outlet="valleyherald",
        event="resignation",
        section="Politics",
        path="/politics/eberhardt-quits-over-rail-contract",
        aliases=("/amp/politics/eberhardt-quits-over-rail-contract",),
        headline="Arvenia's transport chief resigns as rail contract scandal grows",
        byline="Carla Mendes",
        published="2026-11-06T14:00:00Z",
        paragraphs=(
            "Arvenian Transport Minister Jonas Eberhardt resigned on Friday over a signalling "
            "contract worth 620 million crowns that was handed to Velmar Rail Systems without "
            "competition.",
            '"I cannot ask the public to trust a ministry whose contracts I can no longer '
            'defend," he said.',
            "The National Audit Office reported on Wednesday that the ministry had broken "
            "procurement rules when it chose the company in March.",
            "Irena Dahl, the deputy minister, becomes acting minister.",
            "The resignation is the second from the cabinet this year.",
        ),
    ),
    Story(
        outlet="eastmarchpost",
        event="resignation",
        section="Politics",
        path="/2026/11/05/transport-minister-eberhardt-resigns/",
        headline="Transport Minister Eberhardt resigns",
        byline="Ruth Abernethy",
        published="2026-11-05T19:30:00Z",
        paragraphs=(
            "Transport Minister Jonas Eberhardt resigned on Thursday, November 5, following "
            "criticism of a 620 million crown rail signalling contract.",
            '"I cannot ask the public to trust a ministry whose contracts I can no longer '
            'defend," Eberhardt said.',
            "The contract with Velmar Rail Systems was signed without a tender, according to "
            "the National Audit Office.",
            "Deputy minister Irena Dahl is expected to lead the ministry in the meantime.",
            "Rail unions welcomed the resignation and asked for the contract to be reopened.",
        ),
    ),
    _wire(
        _RESIGNATION_WIRE,
        "tidewatermail",
        "/politics/2026/nov/06/arvenian-transport-minister-resigns",
        "2026-11-06T12:02:00Z",
    ),
    _wire(
        _RESIGNATION_WIRE,
        "coastalledger",
        "/news/politics/2026-11-06/transport-minister-resigns",
        "2026-11-06T12:30:00Z",
        headline="Transport minister resigns in Arvenia over rail contract",
    ),
)

# --- Event 4: the Saltmere port strike ------------------------------------------------------

_STRIKE_WIRE = Story(
    outlet="",
    path="",
    event="strike",
    section="Business",
    headline="Dockworkers begin 72-hour strike at Arvenia's Saltmere port",
    byline=WIRE_AGENCY,
    published="2026-11-09T07:15:00Z",
    wire=WIRE_AGENCY,
    paragraphs=(
        "SALTMERE, Arvenia (MPA) - Dockworkers at the Port of Saltmere, Arvenia's busiest "
        "container port, walked out on Monday, November 9, at the start of a 72-hour strike "
        "over pay.",
        "The Saltmere Dock Workers' Union, which represents about 4,200 workers, is demanding "
        "a 9% pay rise. The port authority has offered 4%.",
        "More than 60 ships were waiting at anchor outside the harbour on Monday morning, port "
        "data showed.",
        '"Our members keep this country supplied, and they deserve a wage that keeps up with '
        'prices," union leader Kaspar Lund said.',
        "The port authority said it remained open to talks.",
    ),
)

STRIKE_STORIES: tuple[Story, ...] = (
    Story(
        outlet="coastalledger",
        event="strike",
        section="Business",
        path="/news/business/2026-11-09/saltmere-port-strike",
        headline="Saltmere port at a standstill as dockworkers strike",
        byline="Fionn Gallagher",
        published="2026-11-09T09:00:00Z",
        paragraphs=(
            "Cranes stood idle at the Port of Saltmere on Monday as about 4,200 dockworkers "
            "began a 72-hour strike, the biggest stoppage at the port in a decade.",
            "The Saltmere Dock Workers' Union wants a 9% pay rise; the port authority has "
            "offered 4% over one year.",
            "By mid-morning more than 60 vessels were queuing at anchor in the bay.",
            'Union leader Kaspar Lund told strikers at the main gate: "Our members keep this '
            'country supplied, and they deserve a wage that keeps up with prices."',
            "Supermarket chains said shelves would stay stocked for now but warned of shortages "
            "of fresh fruit if the strike were extended.",
        ),
    ),
    Story(
        outlet="pinecrestobserver",
        event="strike",
        section="Business",
        path="/business/saltmere-dockworkers-strike",
        aliases=("/amp/business/saltmere-dockworkers-strike",),
        headline="Arvenian dockworkers walk out over pay",
        byline="Grace Liu",
        published="2026-11-09T10:20:00Z",
        paragraphs=(
            "Dockworkers at Saltmere, Arvenia's largest port, started a 72-hour strike on "
            "Monday, November 9, after pay talks broke down.",
            "Their union, which has about 4,200 members, is seeking a 9% increase, against the "
            "4% offered by the port authority.",
            "Shipping agents said more than 60 ships were waiting to unload.",
            '"Our members keep this country supplied, and they deserve a wage that keeps up '
            "with prices,\" said Kaspar Lund, the union's leader.",
            "Exporters warned that the strike would delay shipments ahead of the holiday season.",
        ),
    ),
    Story(
        outlet="capitalsignal",
        event="strike",
        section="Economy",
        path="/economy/2026/11/09/saltmere-strike-48-hours",
        headline="Saltmere port strike to last 48 hours, union says",
        byline="Tomasz Wiik",
        published="2026-11-09T11:45:00Z",
        paragraphs=(
            "Dockworkers at the Port of Saltmere began a 48-hour strike on Monday, November 9, "
            "in a dispute over pay.",
            "The Saltmere Dock Workers' Union is asking for a 9% rise, while the port authority "
            "has offered 4%.",
            "More than 60 ships were held at anchor, according to the harbour master.",
            "The transport ministry urged both sides to return to the table.",
            "Economists said a short stoppage would have little effect on growth.",
        ),
    ),
    _wire(
        _STRIKE_WIRE,
        "northgatetribune",
        "/business/saltmere-port-strike-mpa",
        "2026-11-09T07:40:00Z",
    ),
    _wire(
        _STRIKE_WIRE,
        "valleyherald",
        "/news/business/saltmere-port-workers-strike",
        "2026-11-09T08:05:00Z",
        byline="MPA",
        drop_last=True,
    ),
)

# --- Unrelated pages: every outlet has some, and no claim of the fixture matches them -------

_SPORT = Story(
    outlet="",
    path="",
    event=None,
    section="Sport",
    headline="Vessby Rovers snatch late win over Brennholm City",
    byline="Sports desk",
    published="2026-11-08T21:30:00Z",
    paragraphs=(
        "Vessby Rovers came from behind to beat Brennholm City 2-1 on Sunday night, with "
        "substitute Aron Lekk scoring in the 89th minute.",
        "City had led through a first-half header from their captain, Joel Marr.",
        "Rovers pressed for most of the second half and equalised from the penalty spot after "
        "an hour.",
        "The win lifts Rovers to third in the table, two points behind the leaders.",
        'City\'s manager said his side had "run out of legs" after a busy week of cup games.',
    ),
)

_WEATHER = Story(
    outlet="",
    path="",
    event=None,
    section="Weather",
    headline="Frost and fog forecast as cold front moves south",
    byline="Weather desk",
    published="2026-11-10T06:00:00Z",
    paragraphs=(
        "A cold front moving south across the country will bring the first widespread frost of "
        "the autumn on Tuesday night, forecasters said.",
        "Temperatures could fall to minus four degrees in sheltered valleys, with freezing fog "
        "slow to clear on Wednesday morning.",
        "Drivers were advised to allow extra time for journeys and to watch for icy patches on "
        "bridges.",
        "The coast will stay milder but breezy, with showers at times.",
        "Drier, brighter weather is expected to arrive by the weekend.",
    ),
)

_RECIPE = Story(
    outlet="",
    path="",
    event=None,
    section="Food",
    headline="Slow-roasted pumpkin soup with sage butter",
    byline="Ines Varga",
    published="2026-11-07T08:00:00Z",
    paragraphs=(
        "Roasting the pumpkin before it goes into the pot gives this soup a deep, sweet flavour "
        "that is perfect for cold evenings.",
        "Cut one medium pumpkin into wedges, toss with olive oil and salt, and roast at 200C "
        "for 45 minutes until soft and caramelised at the edges.",
        "Meanwhile soften an onion and two cloves of garlic in butter, then add the pumpkin "
        "flesh and a litre of vegetable stock.",
        "Simmer for ten minutes, blend until smooth and season with nutmeg and black pepper.",
        "Fry a handful of sage leaves in butter until crisp and spoon over each bowl to serve.",
    ),
)

_FESTIVAL = Story(
    outlet="",
    path="",
    event=None,
    section="Culture",
    headline="Winter light festival returns to the old town",
    byline="Culture desk",
    published="2026-11-06T17:00:00Z",
    paragraphs=(
        "The winter light festival returns to the old town this weekend with more than thirty "
        "installations along the canals.",
        "Organisers expect about 100,000 visitors over the festival's three weeks.",
        'This year\'s theme is "reflections", and several works float on the water.',
        "Entry is free, but some bridges will be one-way at busy times.",
        "Local cafes will stay open late on Friday and Saturday evenings.",
    ),
)

UNRELATED_STORIES: tuple[Story, ...] = (
    _wire(_SPORT, "harbourcourier", "/sport/2026/11/08/rovers-late-win", _SPORT.published),
    _wire(_WEATHER, "tidewatermail", "/weather/2026/nov/10/frost-and-fog", _WEATHER.published),
    _wire(_RECIPE, "northgatetribune", "/life/food/pumpkin-soup-sage-butter", _RECIPE.published),
    _wire(_FESTIVAL, "valleyherald", "/culture/winter-light-festival", _FESTIVAL.published),
    _wire(_SPORT, "eastmarchpost", "/2026/11/08/rovers-snatch-late-win/", _SPORT.published),
    _wire(_WEATHER, "coastalledger", "/weather/2026-11-10/frost-forecast", _WEATHER.published),
    _wire(_RECIPE, "pinecrestobserver", "/life/pumpkin-soup", _RECIPE.published),
    _wire(_FESTIVAL, "capitalsignal", "/culture/2026/11/06/light-festival", _FESTIVAL.published),
)

# --- Pages robots.txt forbids: linked from a feed and a sitemap, never to be fetched --------

PRIVATE_STORIES: tuple[Story, ...] = tuple(
    Story(
        outlet=slug,
        path=path,
        event="dam",
        section="Private",
        private=True,
        headline="Leaked memo: Halden Ridge Dam operator knew of risks",
        byline="Staff",
        published="2026-11-04T20:00:00Z",
        paragraphs=(
            "This page is under /private/ and robots.txt disallows it: a polite crawler never "
            "requests it.",
            "The Halden Ridge Dam on the Varro River in Kessmark province collapsed early on "
            "Tuesday, November 3, killing at least 14 people.",
            'Governor Petra Vollan said: "We are searching every house along the river, and we '
            'will not stop until everyone is accounted for."',
            "About 2,300 residents of Lindqvist were evacuated.",
            "Prime Minister Tomas Aldric declared a state of emergency in Kessmark province.",
        ),
    )
    for slug, path in (
        ("harbourcourier", "/private/halden-ridge-dam-leaked-memo"),
        ("valleyherald", "/private/dam-operator-memo"),
    )
)

# The Marsden Bridge in Lindholm fell on Tuesday 3 November 2026; rebuilding costs 1.8 billion
# euros. Only outlets in other languages report it, each in its own words, names, date format
# and number format (tests/fixtures/multilingual_article.txt is the English article under test).
BRIDGE_STORIES: tuple[Story, ...] = (
    Story(
        "gazettenord",
        "/monde/pont-marsden-lindholm",
        "bridge",
        "Monde",
        "Lindholm : le pont Marsden s'effondre",
        "Claire Dubois",
        "2026-11-03T16:00:00Z",
        (
            "Le pont Marsden s'est effondré mardi 3 novembre à Lindholm, coupant la ville en "
            "deux. Personne ne se trouvait sur le pont, selon les pompiers de Lindholm.",
            "Le service des transports de Lindholm estime la reconstruction à 1,8 milliard "
            "d'euros.",
        ),
    ),
    Story(
        "nordrundschau",
        "/welt/marsden-bridge-eingestuerzt",
        "bridge",
        "Welt",
        "Marsden Bridge in Lindholm eingestürzt",
        "Jonas Weber",
        "2026-11-03T18:30:00Z",
        (
            "Die Marsden Bridge in Lindholm ist am 3. November eingestürzt. Verletzt wurde "
            "niemand, teilte die Feuerwehr mit.",
            "Das Verkehrsamt von Lindholm beziffert die Kosten für den Neubau auf 1,8 Milliarden "
            "Euro.",
        ),
    ),
    Story(
        "severvestnik",
        "/mir/most-lindholm",
        "bridge",
        "Мир",
        "В городе Линдхолм рухнул мост",
        "Анна Петрова",
        "2026-11-04T07:00:00Z",
        (
            "Мост Марсден в городе Линдхолм обрушился 3 ноября. Пострадавших нет.",
            "Транспортное управление города Линдхолм оценило восстановление в 1,8 миллиарда евро.",
        ),
    ),
    Story(
        "hokkainippo",
        "/world/lindholm-bridge",
        "bridge",
        "国際",
        "リンドホルムで橋崩落",
        "山田花子",
        "2026-11-04T02:00:00Z",
        (
            "リンドホルムのマースデン橋が11月3日に崩落した。けが人はいない。",
            "リンドホルム交通局によると、再建費用は18億ユーロにのぼる。",
        ),
    ),
    Story(
        "hanbitilbo",
        "/world/lindholm-bridge",
        "bridge",
        "국제",
        "린드홀름 다리 붕괴",
        "김민수",
        "2026-11-04T03:00:00Z",
        (
            "린드홀름(Lindholm)의 마스덴(Marsden) 다리가 11월 3일 무너졌다. 다친 사람은 없다.",
            "린드홀름(Lindholm) 교통국은 재건 비용을 18억 유로로 추산했다.",
        ),
    ),
)

STORIES: tuple[Story, ...] = (
    DAM_STORIES
    + RATE_STORIES
    + RESIGNATION_STORIES
    + STRIKE_STORIES
    + UNRELATED_STORIES
    + PRIVATE_STORIES
    + BRIDGE_STORIES
)
PUBLIC_STORIES: tuple[Story, ...] = tuple(story for story in STORIES if not story.private)


def canonical_url(story: Story) -> str:
    """The URL the page names as canonical: on the outlet's real host, never 127.0.0.1."""
    return OUTLETS[story.outlet].canonical_base + story.path


def stories_of(outlet_slug: str) -> tuple[Story, ...]:
    return tuple(story for story in STORIES if story.outlet == outlet_slug)


# --- What the fixture article should find ---------------------------------------------------


@dataclass(frozen=True)
class ExpectedClaim:
    """One claim sentence of ``tests/fixtures/article.txt`` and what the test web holds on it.

    ``supporting_urls`` lists every page that backs the claim (wire reprints included, AMP
    aliases not: they share the canonical URL). ``independent_outlets`` counts the supporting
    outlets with all reprints of one wire story counted once. ``key_terms`` appear in every
    supporting page; ``conflicting_terms`` are the divergent details the contradicting pages
    carry instead.
    """

    claim_id: str
    sentence: str
    verdict: str  # corroborated / contradicted / single-source / not found
    key_terms: tuple[str, ...]
    conflicting_terms: tuple[str, ...] = ()
    supporting_urls: tuple[str, ...] = ()
    supporting_outlets: tuple[str, ...] = ()  # canonical hosts
    contradicting_urls: tuple[str, ...] = ()
    contradicting_outlets: tuple[str, ...] = ()
    independent_outlets: int = 0


_FIXTURE_CLAIMS: tuple[ExpectedClaim, ...] = (
    ExpectedClaim(
        "C1",
        "The Halden Ridge Dam on the Varro River in Arvenia's northern Kessmark province "
        "collapsed early on Tuesday, November 3, 2026, after a week of torrential rain.",
        "corroborated",
        key_terms=("Halden Ridge", "Varro", "Kessmark", "November 3"),
    ),
    ExpectedClaim(
        "C2",
        "At least 14 people were killed and 37 others are still missing, according to the "
        "Kessmark Emergency Service.",
        "corroborated",
        key_terms=("14", "37"),
        conflicting_terms=("19",),
    ),
    ExpectedClaim(
        "C3",
        'Governor Petra Vollan said: "We are searching every house along the river, and '
        'we will not stop until everyone is accounted for."',
        "corroborated",
        key_terms=("Petra Vollan", "we will not stop until everyone is accounted for"),
    ),
    ExpectedClaim(
        "C4",
        "Around 8,000 residents of the town of Lindqvist, downstream of the dam, were "
        "evacuated overnight.",
        "contradicted",
        key_terms=("Lindqvist", "8,000"),
        conflicting_terms=("2,300",),
    ),
    ExpectedClaim(
        "C5",
        "Prime Minister Tomas Aldric declared a state of emergency in Kessmark province "
        "on Wednesday.",
        "corroborated",
        key_terms=("Tomas Aldric", "state of emergency", "Kessmark"),
    ),
    ExpectedClaim(
        "C6",
        "A 2024 inspection report had warned that the dam's spillway gates were badly corroded.",
        "single-source",
        key_terms=("2024", "inspection report", "spillway", "corroded"),
    ),
    ExpectedClaim(
        "C7",
        "The Kessmark Hydro Authority, which operates the dam, has been fined twice for "
        "safety violations since 2019.",
        "not found",
        key_terms=("fined", "2019"),
    ),
)

# Sentences of the fixture article that are not check-worthy claims (headline, opinion, filler).
FIXTURE_NON_CLAIMS: tuple[str, ...] = (
    "Dam collapse in Kessmark: what we know so far",
    "This tragedy is a shameful reminder of decades of neglect.",
    "Our thoughts are with everyone affected.",
    "Share this article and stay tuned for updates.",
)


def _independence_key(story: Story) -> str:
    return f"wire:{story.wire}:{story.event}" if story.wire else OUTLETS[story.outlet].host


def _with_pages(claim: ExpectedClaim) -> ExpectedClaim:
    supporting = [s for s in PUBLIC_STORIES if claim.claim_id in s.supports]
    contradicting = [s for s in PUBLIC_STORIES if claim.claim_id in s.contradicts]
    return replace(
        claim,
        supporting_urls=tuple(canonical_url(s) for s in supporting),
        supporting_outlets=tuple(OUTLETS[s.outlet].host for s in supporting),
        contradicting_urls=tuple(canonical_url(s) for s in contradicting),
        contradicting_outlets=tuple(OUTLETS[s.outlet].host for s in contradicting),
        independent_outlets=len({_independence_key(s) for s in supporting}),
    )


EXPECTED: tuple[ExpectedClaim, ...] = tuple(_with_pages(claim) for claim in _FIXTURE_CLAIMS)
EXPECTED_BY_ID: dict[str, ExpectedClaim] = {claim.claim_id: claim for claim in EXPECTED}
