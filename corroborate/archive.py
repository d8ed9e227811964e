"""A check archived to WARC can be re-extracted and re-scored anywhere, with no network.

The crawler writes every response it receives (``crawler/warc/``) and, first in each file, a
``warcinfo`` record describing the run: the article, its date window and the config, every URL
list inlined. This module reads that description back; the crawler replays the responses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from corroborate import __version__
from corroborate.errors import InputError
from corroborate.models import Article
from corroborate.sources.config import Config
from corroborate.sources.portable import config_tables
from corroborate.store import Store

WARCINFO_FORMAT = "corroborate-run/1"  # the warcinfo record's Content-Type parameter
WARCINFO_TYPE = f"application/json; format={WARCINFO_FORMAT}"


@dataclass(frozen=True)
class ArchivedRun:
    """What a replay needs besides the responses: the article, its window, the config."""

    article: Article
    since: str | None
    until: str | None
    config: dict[str, Any]  # tables, as ``corroborate.sources.portable`` writes them


def run_description(store: Store, run_id: int, config: Config) -> dict[str, Any]:
    """The warcinfo payload of run ``run_id``."""
    info = store.runs.run_info(run_id)
    return {
        "format": WARCINFO_FORMAT,
        "corroborate": __version__,
        "run_id": run_id,
        "article": {
            "path": info.article_path,
            "title": info.article_title,
            "published": store.runs.article_published(run_id),
            "text": store.runs.article_text(run_id),
        },
        "since": info.since,
        "until": info.until,
        "config": config_tables(config),
    }


def replay_config_text(tables: dict[str, Any]) -> str:
    """The archived config for a replay: no pacing (nothing is sent), nothing re-archived."""
    sources = {
        name: {**table, "min_interval": 0.0} for name, table in tables.get("sources", {}).items()
    }
    crawl = {key: value for key, value in tables.get("crawl", {}).items() if key != "warc_dir"}
    return tomli_w.dumps({"sources": sources, "crawl": {**crawl, "autothrottle": False}})


def warc_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, a folder standing for its ``*.warc.gz`` and ``*.warc`` files."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted([*path.glob("*.warc.gz"), *path.glob("*.warc")])
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder; pass the run's WARC files")
    if not found:
        raise InputError("no WARC files given; pass the files (or folder) --warc wrote")
    return found


def read_archived_run(files: Iterable[Path]) -> ArchivedRun:
    """The run the files archive; ``InputError`` for a file that is not a corroborate WARC."""
    descriptions = [_description(path) for path in files]
    first = descriptions[0]
    if any(other["run_id"] != first["run_id"] for other in descriptions[1:]):
        raise InputError("the WARC files archive different runs; pass the files of one run")
    article = first["article"]
    return ArchivedRun(
        Article(article["path"], article["text"], article["title"], article["published"]),
        first["since"],
        first["until"],
        first["config"],
    )


def _description(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "warcinfo":
                    if WARCINFO_FORMAT in (record.rec_headers.get_header("Content-Type") or ""):
                        return dict(json.loads(record.content_stream().read()))
                    continue
                break  # our warcinfo is the first record of every file we write
    except (ArchiveLoadFailed, OSError, ValueError) as error:
        raise InputError(f"{path}: not a readable WARC file ({error})") from None
    raise InputError(f"{path}: no corroborate run description; was it written by --warc?")
