"""Later sightings: an article a second source also found is linked to that source too.

The first spider to meet an article fetches it; the others skip it. The page is stored only
when that fetch completes, so the others' sightings wait here and are linked when a spider
closes. The first finder closes only after its own fetch, so every sighting of a stored page
is linked by the end of the crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corroborate.store import Store


@dataclass(frozen=True)
class Sighting:
    source: str
    url: str  # as this source spelled it
    first_url: str  # as the first finder spelled it: the one in page_urls


@dataclass
class LateSightings:
    first_urls: dict[str, str] = field(default_factory=dict)  # registry key -> first URL
    pending: list[Sighting] = field(default_factory=list)

    def first_found(self, key: str, url: str) -> None:
        self.first_urls.setdefault(key, url)

    def also_found(self, key: str, url: str, source: str) -> None:
        first_url = self.first_urls.get(key)
        if first_url is not None:
            self.pending.append(Sighting(source, url, first_url))

    def link_stored(self, store: Store, run_id: int) -> int:
        """Link every pending sighting whose page is stored now; return how many were linked."""
        waiting, linked = [], 0
        for sighting in self.pending:
            page_id = store.crawl.page_id_for_url(sighting.first_url)
            if page_id is None:
                waiting.append(sighting)
                continue
            store.crawl.link_page(run_id, page_id, sighting.source, sighting.url)
            linked += 1
        self.pending = waiting
        return linked
