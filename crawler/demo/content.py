"""The demo web's outlets and stories, read from ``seeds/demo/web.toml`` (data, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from corroborate.demo.dates import fill_dates
from corroborate.sources.config import SEEDS_DIR

DEMO_DIR = SEEDS_DIR / "demo"
WEB_FILE = DEMO_DIR / "web.toml"


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    host: str  # the host its pages name as canonical: one outlet, one host
    feed: str = ""  # "rss", "atom" or "" (none)
    sitemap: bool = False

    @property
    def canonical_base(self) -> str:
        return f"https://{self.host}"


@dataclass(frozen=True)
class Story:
    outlet: str
    path: str
    headline: str
    published: datetime
    byline: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


@dataclass(frozen=True)
class DemoWeb:
    outlets: dict[str, Outlet]
    stories: tuple[Story, ...]

    def stories_of(self, slug: str) -> list[Story]:
        return [story for story in self.stories if story.outlet == slug]

    def canonical_url(self, story: Story) -> str:
        return self.outlets[story.outlet].canonical_base + story.path


def load_web(day: date, path: Path = WEB_FILE) -> DemoWeb:
    """The demo web with its story on ``day`` (``corroborate.demo.dates``)."""
    data = tomllib.loads(fill_dates(path.read_text(encoding="utf-8"), day))
    outlets = {slug: Outlet(slug, **fields) for slug, fields in data["outlets"].items()}
    stories = tuple(
        Story(
            fields["outlet"],
            fields["path"],
            fields["headline"],
            datetime.fromisoformat(fields["published"]),
            fields["byline"],
            tuple(fields["paragraphs"]),
        )
        for fields in data["stories"]
    )
    return DemoWeb(outlets, stories)
