"""Serve a crawl's requests from its WARC files instead of the network: the download handler of
``corroborate rescore --from-warc``. Each request gets the responses recorded for it in order
(a 500 then a 200 replays as a 500 then a 200); one never recorded fails as a connection error,
as it did when it was recorded. No connection is ever opened."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes
from twisted.internet.error import ConnectError
from warcio.archiveiterator import ArchiveIterator

from crawler.warc.keys import REQUEST_KEY_HEADER, request_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

NOT_ARCHIVED = "not in the WARC archive"
# Hop-by-hop framing of the original transfer: the recorded body is already whole.
_FRAMING = {b"transfer-encoding", b"connection", b"keep-alive"}


@dataclass(frozen=True)
class Recorded:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass
class Archive:
    """Every recorded response by (URL, request key), and how many each key has served."""

    responses: dict[tuple[str, str], list[Recorded]] = field(default_factory=dict)
    served: defaultdict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))

    @classmethod
    def load(cls, files: Sequence[str]) -> Archive:
        archive = cls()
        for name in files:
            with Path(name).open("rb") as stream:
                for record in ArchiveIterator(stream):
                    if record.rec_type == "response" and record.http_headers is not None:
                        archive.add(record)
        return archive

    def add(self, record: object) -> None:
        rec_headers = record.rec_headers  # type: ignore[attr-defined]
        http = record.http_headers  # type: ignore[attr-defined]
        url = rec_headers.get_header("WARC-Target-URI")
        key = rec_headers.get_header(REQUEST_KEY_HEADER) or request_key("GET", b"")
        body = record.content_stream().read()  # type: ignore[attr-defined]
        recorded = Recorded(int(http.get_statuscode()), tuple(http.headers), body)
        self.responses.setdefault((url, key), []).append(recorded)

    def next_for(self, url: str, key: str) -> Recorded | None:
        """The next recorded response for this request; the last one again once all served."""
        found = self.responses.get((url, key))
        if not found:
            return None
        index = min(self.served[(url, key)], len(found) - 1)
        self.served[(url, key)] += 1
        return found[index]


_ARCHIVES: dict[tuple[str, ...], Archive] = {}  # one per process: every spider's handler shares


class ReplayDownloadHandler:
    """The ``http`` and ``https`` download handler while replaying."""

    lazy = False

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayDownloadHandler:
        files = tuple(crawler.settings.getlist("CORROBORATE_REPLAY_FILES"))
        if files not in _ARCHIVES:
            _ARCHIVES[files] = Archive.load(files)
        return cls(_ARCHIVES[files])

    async def download_request(self, request: Request) -> Response:
        recorded = self.archive.next_for(request.url, request_key(request.method, request.body))
        if recorded is None:
            raise ConnectError(string=NOT_ARCHIVED)
        headers = Headers(
            [(k, v) for k, v in recorded.headers if k.lower().encode() not in _FRAMING]
        )
        cls = responsetypes.from_args(headers=headers, url=request.url, body=recorded.body)
        return cls(
            url=request.url,
            status=recorded.status,
            headers=headers,
            body=recorded.body,
            request=request,
        )

    async def close(self) -> None:
        """Nothing to release: the archive is read into memory once."""
