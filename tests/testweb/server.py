"""HTTP plumbing of the test web: one threaded server per site, a shared log and failure switch.

Every response carries Content-Length (HTTP/1.1 keep-alive) so a client never waits for a
timeout to learn a body has ended. Injected failures are decided here, before the site sees the
request, so every site fails the same way.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

logger = logging.getLogger(__name__)

FAILURE_MODES = ("429", "html_error", "bad_json", "500", "reset")
RATE_LIMIT_TEXT = (
    "Please limit requests to one every 5 seconds or contact the service for larger queries."
)


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # path + query, as sent
    body: bytes = b""

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    def params(self) -> dict[str, str]:
        """Query parameters, first value of each."""
        return {
            key: values[0]
            for key, values in parse_qs(urlsplit(self.target).query, keep_blank_values=True).items()
        }

    def form(self) -> dict[str, str]:
        parsed = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {key: values[0] for key, values in parsed.items()}


@dataclass(frozen=True)
class Response:
    status: int = 200
    body: str | bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


def html(body: str, status: int = 200) -> Response:
    return Response(status, body)


def text(body: str, status: int = 200) -> Response:
    return Response(status, body, "text/plain; charset=utf-8")


@dataclass
class _Failure:
    mode: str
    remaining: int | None


@dataclass
class WebState:
    """What all servers of one test web share: the request log and the injected failures."""

    log: list[tuple[str, str, str]] = field(default_factory=list)
    failures: dict[str, _Failure] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, server: str, method: str, target: str) -> None:
        with self.lock:
            self.log.append((server, method, target))

    def set_failure(self, service: str, mode: str, times: int | None) -> None:
        if mode not in FAILURE_MODES:
            raise ValueError(f"unknown failure mode {mode!r}; known: {', '.join(FAILURE_MODES)}")
        with self.lock:
            self.failures[service] = _Failure(mode, times)

    def take_failure(self, service: str) -> str | None:
        """The failure mode this request must suffer, counting it against ``times``."""
        with self.lock:
            failure = self.failures.get(service)
            if failure is None:
                return None
            if failure.remaining is not None:
                failure.remaining -= 1
                if failure.remaining <= 0:
                    del self.failures[service]
            return failure.mode

    def clear_failures(self) -> None:
        with self.lock:
            self.failures.clear()


class Site:
    """What a server serves: a name for the log, a failure key per path, and the pages."""

    name = "site"

    def service_for(self, path: str) -> str:
        """The name ``TestWeb.fail`` uses for the part of this site that serves ``path``."""
        return self.name

    def respond(self, request: Request) -> Response:
        raise NotImplementedError

    def malformed(self, service: str) -> Response:
        """A 200 answer whose body does not parse in the format the client expects."""
        return Response(200, '<html><body><div class="story"><p>Unterminated', "text/html")

    def html_error(self, service: str) -> Response:
        """A 200 text/html page that carries an error sentence instead of the content."""
        return html(
            "<html><body><p>An error occurred while processing your request. "
            "Please try again later.</p></body></html>"
        )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TestWeb/1.0"
    timeout = 30  # an idle keep-alive connection is dropped after this many seconds
    server: TestHTTPServer

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s: " + format, self.server.site.name, *args)

    def _serve(self, head: bool = False) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        request = Request(self.command, self.path, self.rfile.read(length) if length else b"")
        site, state = self.server.site, self.server.state
        state.record(site.name, self.command, self.path)
        mode = state.take_failure(site.service_for(request.path))
        if mode == "reset":
            self._reset()
            return
        response = _failure_response(site, mode, request) if mode else site.respond(request)
        self._send(response, head)

    def _send(self, response: Response, head: bool) -> None:
        payload = response.payload()
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(payload)

    def _reset(self) -> None:
        """Abort the connection with a TCP RST and no response at all."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.server.reset_later(self.connection)


def _failure_response(site: Site, mode: str, request: Request) -> Response:
    service = site.service_for(request.path)
    if mode == "429":
        return Response(429, RATE_LIMIT_TEXT, "text/plain; charset=utf-8", (("Retry-After", "5"),))
    if mode == "500":
        return html("<html><body><h1>500 Internal Server Error</h1></body></html>", 500)
    if mode == "bad_json":
        return site.malformed(service)
    return site.html_error(service)


class TestHTTPServer(ThreadingHTTPServer):
    """One site on 127.0.0.1 on an OS-chosen port, served from a background thread."""

    __test__ = False
    request_queue_size = 1024
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site: Site, state: WebState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        self.state = state
        self._to_reset: set[int] = set()
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"testweb-{self.site.name}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and release the port; safe on a server that never started."""
        if self._thread is not None:
            self.shutdown()  # waits for serve_forever, so only when it runs
            self._thread.join()
            self._thread = None
        self.server_close()

    def reset_later(self, connection: socket.socket) -> None:
        self._to_reset.add(id(connection))

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        """Close a connection marked for reset without the FIN a normal shutdown sends."""
        if id(request) in self._to_reset:
            self._to_reset.discard(id(request))
            request.close()
            return
        super().shutdown_request(request)
