"""Index a corpus once: each file whose size or modification time changed since it was last
read is cleaned again (in worker processes: trafilatura is CPU-bound) and its documents
replace the old ones; files that disappeared leave the index; the rest is not touched."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from corroborate.corpus.read import corpus_files, documents, is_warc
from corroborate.models import CleanedPage
from corroborate.pages.cleaning import clean_page
from corroborate.store import Store
from corroborate.store.corpus import FileState

BATCH = 64  # documents cleaned per trip to the workers: bounded memory on a CC-NEWS file


@dataclass(frozen=True)
class IndexStats:
    indexed: int  # files read (new or changed)
    unchanged: int
    removed: int
    documents: int  # documents the read files gave

    def describe(self) -> str:
        return (
            f"corpus: {self.indexed} files indexed ({self.documents} documents), "
            f"{self.unchanged} unchanged, {self.removed} removed"
        )


def index_corpus(store: Store, roots: Sequence[Path]) -> tuple[list[str], IndexStats]:
    """Bring the index of the corpora at ``roots`` up to date; their files and what it did."""
    known = store.corpus.file_states()
    files = [path for root in roots for path in corpus_files(root)]
    names = [str(path) for path in files]
    removed = [
        name for name in known if name not in names and any(_under(name, root) for root in roots)
    ]
    store.corpus.remove_files(removed)
    changed = [(path, state) for path in files if known.get(str(path)) != (state := _state(path))]
    saved = [(path, state) for path, state in changed if not is_warc(path)]
    documents_count = 0
    with ProcessPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        # Saved pages: one document a file, so files go to the workers side by side; a WARC
        # file holds thousands, which go in batches.
        cleaned = pool.map(_clean_file, [path for path, _ in saved], chunksize=4)
        for (path, state), pages in zip(saved, cleaned):
            store.corpus.replace_file(str(path), state, pages)
            documents_count += len(pages)
        for path, state in changed:
            if is_warc(path):
                pages = [p for batch in _batches(path) for p in pool.map(_clean, batch) if p]
                store.corpus.replace_file(str(path), state, pages)
                documents_count += len(pages)
    stats = IndexStats(len(changed), len(files) - len(changed), len(removed), documents_count)
    return names, stats


def _state(path: Path) -> FileState:
    stat = path.stat()
    return FileState(stat.st_size, stat.st_mtime_ns)


def _under(name: str, root: Path) -> bool:
    resolved = root.resolve()
    return name == str(resolved) or name.startswith(str(resolved) + os.sep)


def _batches(path: Path) -> Iterator[list[tuple[str, str]]]:
    found = documents(path)
    while batch := list(islice(found, BATCH)):
        yield batch


def _clean_file(path: Path) -> list[CleanedPage]:
    return [page for document in documents(path) if (page := _clean(document))]


def _clean(document: tuple[str, str]) -> CleanedPage | None:
    url, html = document
    return clean_page(html, url)
