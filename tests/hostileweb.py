"""A hostile web on 127.0.0.1: bombs, runaway HTML, broken robots.txt, and a crawl harness.

``HostileServer`` serves fixed routes and counts every TCP connection it accepts, so a test can
prove that a refused target was never even connected to. ``crawl_against`` stores a run of the
fixture article, points GDELT at the server's ``/gdelt`` (which lists the article URLs a test
chooses) and runs the real ``python -m crawler`` in a subprocess, measuring its peak memory.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import os
import sqlite3
import subprocess
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import brotli
from backports import zstd

from corroborate.claims.article import read_article
from corroborate.claims.extract import extract_claims
from corroborate.crawl import crawler_command
from corroborate.sources.queries import build_queries
from corroborate.sources.registry import SOURCE_NAMES
from corroborate.store import Store
from tests.testweb.configfile import write_toml
from tests.testweb.corpus import FIXTURE_ARTICLE

REPO_ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
GIB = 1024 * MIB


@dataclass(frozen=True)
class Route:
    body: bytes = b""
    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    delay: float = 0.0  # seconds before answering (timeouts)


@dataclass
class HostileServer:
    """A threaded HTTP server; ``routes`` may change while it runs."""

    routes: dict[str, Route] = field(default_factory=dict)
    connections: int = 0
    paths: list[str] = field(default_factory=list)
    on_request: Callable[[str], object] | None = None  # called with each path, in order

    def __enter__(self) -> HostileServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                server.paths.append(self.path)
                if server.on_request is not None:
                    server.on_request(self.path)
                route = server.routes.get(self.path.split("?", 1)[0], Route(b"not found", 404))
                time.sleep(route.delay)
                self.send_response(route.status)
                for name, value in route.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the crawler hung up: that is the point
                    self.wfile.write(route.body)

            def log_message(self, *args: Any) -> None:
                pass

        class CountingServer(ThreadingHTTPServer):
            daemon_threads = True

            def get_request(self):  # type: ignore[no-untyped-def]
                server.connections += 1
                return super().get_request()

        self._httpd = CountingServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def list_articles(self, urls: list[str]) -> None:
        """The GDELT stand-in answers every query with these article URLs."""
        answer = {
            "articles": [{"url": url, "title": "t", "domain": "hostile.example"} for url in urls]
        }
        self.routes["/gdelt"] = Route(
            json.dumps(answer).encode(), headers=(("Content-Type", "application/json"),)
        )


@dataclass
class CrawlResult:
    db: sqlite3.Connection
    returncode: int
    stderr: str
    seconds: float
    peak_rss_mib: float

    def failures(self) -> dict[str, str]:
        return {row[0]: row[1] for row in self.db.execute("SELECT url, reason FROM fetch_failures")}

    def page_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM pages").fetchone()[0]


def crawl_against(
    server: HostileServer, tmp_path: Path, endpoint_host: str = "127.0.0.1", **crawl: Any
) -> CrawlResult:
    """Run the real crawler for the fixture article with only GDELT, pointed at ``server``."""
    db_path = tmp_path / "crawl.db"
    run_id = _start_run(db_path)
    config = write_toml(
        tmp_path / "config.toml",
        {
            "gdelt": {
                "url": server.url("/gdelt", endpoint_host),
                "min_interval": 0.0,
                "max_results": 50,
            },
            **{name: {"enabled": False} for name in SOURCE_NAMES if name != "gdelt"},
            "crawl": {
                "allow_private_addresses": True,
                "retry_times": 0,
                "autothrottle": False,
                **crawl,
            },
        },
    )
    command = crawler_command(db_path, run_id, config)
    started = time.monotonic()
    with subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    ) as child:
        stderr = _read_with_timeout(child, 180)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    return CrawlResult(
        sqlite3.connect(db_path),
        child.returncode,
        stderr,
        time.monotonic() - started,
        usage.ru_maxrss / 1024,
    )


def _read_with_timeout(child: subprocess.Popen[str], timeout: float) -> str:
    timer = threading.Timer(timeout, child.kill)
    timer.start()
    try:
        return child.stderr.read() if child.stderr else ""
    finally:
        timer.cancel()


def _start_run(db_path: Path) -> int:
    article = read_article(str(FIXTURE_ARTICLE))
    claims = extract_claims(article)
    store = Store.open(db_path)
    try:
        return store.runs.start_run(article, claims, build_queries(claims, "gdelt")[:2])
    finally:
        store.close()


# Decompression bombs. Compressing gigabytes takes seconds per gigabyte, so the deflate stream
# is built from one flushed block repeated: after a full flush each block compresses the same
# way, and a valid stream of any expanded size costs only a string repetition.


def raw_deflate_bomb(expanded: int, block: int = MIB) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(block)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first + middle * (expanded // block - 1) + compressor.flush()


def deflate_bomb(expanded: int) -> bytes:
    """zlib-wrapped, as HTTP ``deflate`` means; the checksum of zeros is cheap to compute."""
    adler = 1
    for _ in range(expanded // MIB):
        adler = zlib.adler32(bytes(MIB), adler)
    return b"\x78\xda" + raw_deflate_bomb(expanded) + adler.to_bytes(4, "big")


@functools.cache
def gzip_bomb(expanded: int) -> bytes:
    crc = 0
    for _ in range(expanded // MIB):
        crc = zlib.crc32(bytes(MIB), crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = crc.to_bytes(4, "little") + (expanded % 2**32).to_bytes(4, "little")
    return header + raw_deflate_bomb(expanded) + trailer


def zstd_bomb(expanded: int, frame: int = 64 * MIB) -> bytes:
    """Concatenated zstd frames decode as one stream."""
    return _zstd_frame(frame) * (expanded // frame)


@functools.cache
def _zstd_frame(size: int) -> bytes:
    return zstd.compress(bytes(size))


@functools.cache
def brotli_bomb(expanded: int) -> bytes:
    return brotli.compress(bytes(expanded), quality=1)


def stacked(body: bytes, *encodings: str) -> bytes:
    """Apply further encodings in order (``Content-Encoding: <inner>, gzip, br``)."""
    for encoding in encodings:
        body = {"gzip": gzip.compress, "br": brotli.compress, "zstd": zstd.compress}[encoding](body)
    return body


# Hostile HTML: each page is valid enough to reach the extractor and built to strain it.


def deep_nesting_page(depth: int = 100_000) -> bytes:
    return (
        b"<html><body>"
        + b"<div>" * depth
        + b"deep text " * 10
        + b"</div>" * depth
        + b"</body></html>"
    )


def huge_attribute_page(size: int = 6 * MIB) -> bytes:
    return (
        b'<html><body><p title="' + b"a" * size + b'">Officials said 40 shops closed.</p>'
        b"</body></html>"
    )


def million_elements_page(count: int = 1_000_000) -> bytes:
    return b"<html><body>" + b"<i>w</i>" * count + b"</body></html>"


def xxe_page() -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<html><body><article><p>Entity follows: &xxe; and the council said the dam "
        b"holds 40 million cubic metres of water after the autumn rain.</p></article>"
        b"</body></html>"
    )


def lying_charset_page() -> bytes:
    """Declares UTF-16 but is cp1252 bytes with invalid sequences for either reading."""
    return (
        '<html><head><meta charset="utf-16"></head><body><article><p>Caf\xe9 owners in '
        "Lyon said 40 shops closed after the flood \u201clast week\u201d, the mayor's office "
        "confirmed on Tuesday.</p></article></body></html>"
    ).encode("cp1252") + b"\xff\xfe\x00"
