"""The run a crawl works for: its database, config, claims, frontier and progress, shared by the
spiders and pipelines of one crawler process."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from corroborate.models import Claim
from corroborate.sources.config import Config, load_config
from corroborate.store import Store
from crawler.articles import ArticleRegistry
from crawler.distributed.dispatch import Dispatcher
from crawler.frontier import Frontier
from crawler.progress import Progress
from crawler.sightings import LateSightings


@dataclass
class RunContext:
    """Everything the spiders and pipelines of one crawl share."""

    store: Store
    run_id: int
    config: Config
    progress: Progress
    registry: ArticleRegistry
    sightings: LateSightings = field(default_factory=LateSightings)
    resume: bool = False  # continue a killed crawl of this run from its frontier
    lost: list[str] = field(default_factory=list)  # writes that failed: the crawl is incomplete
    dispatcher: Dispatcher | None = None  # set: articles go to the fetch workers (Redis)

    @classmethod
    def open(
        cls, db: str, run_id: int, config_path: str | None, resume: bool = False
    ) -> RunContext:
        config = load_config(config_path)
        return cls(
            Store.open(db),
            run_id,
            config,
            Progress(),
            ArticleRegistry(config.crawl.max_pages),
            resume=resume,
        )

    @cached_property
    def claims(self) -> list[Claim]:
        return self.store.runs.claims_for_run(self.run_id)

    @cached_property
    def recheck(self) -> bool:
        """A run of a watch asks stored pages' servers whether they changed
        (``crawler/revalidation.py``); a one-off check takes them as stored."""
        return self.store.watches.watch_of_run(self.run_id) is not None

    @cached_property
    def frontier(self) -> Frontier:
        """Raises CorroborateError when a crawled run is crawled again without ``resume``."""
        frontier = Frontier.open(self.store, self.run_id, self.resume)
        frontier.seed(self.registry)
        return frontier
