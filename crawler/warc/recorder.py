"""Write every response the crawl receives (search answers, feeds, sitemaps, robots.txt, pages)
to WARC with warcio, as it came off the wire: before decompression, redirects or retries, so a
replay runs through the very same middlewares and spiders and gives the same verdicts.

A downloader middleware next to the downloader; one file per spider
(``run<N>-<source>.warc.gz``), each opening with a ``warcinfo`` record describing the run
(``corroborate.archive``). Off unless ``--warc DIR`` or ``[crawl] warc_dir`` names a folder.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corroborate.archive import WARCINFO_TYPE, run_description
from crawler.warc.keys import REQUEST_KEY_HEADER, request_key

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http.headers import Headers


class WarcRecorder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stream: BinaryIO | None = None
        self.writer: WARCWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcRecorder:
        folder = crawler.settings.get("CORROBORATE_WARC_DIR")
        if not folder:
            raise NotConfigured("no WARC folder")
        recorder = cls(Path(folder))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider: Spider) -> None:
        context = spider.context  # type: ignore[attr-defined]
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"run{context.run_id}-{spider.name}.warc.gz"
        self.stream = (self.folder / name).open("ab")  # a resumed crawl appends
        self.writer = WARCWriter(self.stream, gzip=True)
        payload = json.dumps(run_description(context.store, context.run_id, context.config))
        self.writer.write_record(
            self.writer.create_warc_record(
                name,
                "warcinfo",
                payload=BytesIO(payload.encode("utf-8")),
                warc_content_type=WARCINFO_TYPE,
            )
        )

    def spider_closed(self, spider: Spider) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = self.writer = None

    def process_response(self, request: Request, response: Response) -> Response:
        if self.writer is not None:
            self._write(request, response)
        return response

    def _write(self, request: Request, response: Response) -> None:
        assert self.writer is not None
        target = f"{request.method} {request.url} HTTP/1.1"
        asked = self.writer.create_warc_record(
            request.url,
            "request",
            payload=BytesIO(request.body),
            http_headers=StatusAndHeaders(target, _pairs(request.headers), is_http_request=True),
        )
        status = f"{response.status} {_reason(response.status)}"
        answer = self.writer.create_warc_record(
            request.url,
            "response",
            payload=BytesIO(response.body),
            http_headers=StatusAndHeaders(status, _pairs(response.headers), protocol="HTTP/1.1"),
            warc_headers_dict={REQUEST_KEY_HEADER: request_key(request.method, request.body)},
        )
        self.writer.write_request_response_pair(asked, answer)


def _pairs(headers: Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
