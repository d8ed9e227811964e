"""Page extraction in worker processes, each page under a time and memory limit.

A hostile page (100k-deep nesting, a million elements, a huge attribute) can keep lxml and
trafilatura busy for minutes or eat gigabytes. On the crawl's own thread that would stall every
download; in a thread it could not even be stopped. Here each page goes to a worker process
whose address space is capped (``RLIMIT_AS``); a page that runs past its timeout gets its worker
killed and replaced, and the caller gets ``ExtractionTimeout``, which the pipeline records as a
fetch failure. The other workers keep going.
"""

from __future__ import annotations

import concurrent.futures
import importlib
import logging
import os
import queue
import resource
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

logger = logging.getLogger(__name__)

STARTUP_TIMEOUT = 120.0  # a cold worker imports lxml and trafilatura; a loaded CI box is slow


class ExtractionFailed(Exception):
    """The worker could not return a result: out of memory, crashed, or an error."""


class ExtractionTimeout(ExtractionFailed):
    """The page took longer than the timeout; its worker was killed."""


@dataclass(frozen=True)
class PoolLimits:
    workers: int = 2
    timeout: float = 30.0  # seconds per page
    memory_bytes: int = 2 * 1024**3  # address space per worker
    preload: tuple[str, ...] = ()  # modules imported at start, so the timeout covers work only


class _Worker:
    """One process and the socket to it; serves one call at a time.

    A plain ``python -c`` child rather than a multiprocessing one: multiprocessing's spawn
    re-imports the parent's ``__main__`` (all of Scrapy), which doubles a worker's start-up.
    """

    def __init__(self, limits: PoolLimits) -> None:
        parent, child = socket.socketpair()
        command = [
            sys.executable,
            "-c",
            WORKER_MAIN,
            str(child.fileno()),
            str(limits.memory_bytes),
            *limits.preload,
        ]
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, sys.path))}
        self.process = subprocess.Popen(
            command, pass_fds=(child.fileno(),), env=environment, stdin=subprocess.DEVNULL
        )
        child.close()
        self.connection = Connection(parent.detach())
        self._receive(STARTUP_TIMEOUT, "worker start")

    def call(self, function: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        self.connection.send((function, args))
        return self._receive(timeout, "extraction")

    def _receive(self, timeout: float, what: str) -> Any:
        if not self.connection.poll(timeout):
            raise ExtractionTimeout(f"{what} timed out")
        try:
            outcome, value = self.connection.recv()
        except (EOFError, OSError):
            raise ExtractionFailed(
                f"{what} failed: worker died (exit code {self._exit_code()})"
            ) from None
        if outcome == "error":
            raise ExtractionFailed(f"{what} failed: {value}")
        return value

    def _exit_code(self) -> int | None:
        try:
            return self.process.wait(1)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.connection.close()


class ExtractionPool:
    """Runs ``function(*args)`` in a worker process; ``submit`` returns a future.

    As many caller threads as workers, so a submitted page waits in a queue, not on a worker.
    """

    def __init__(self, limits: PoolLimits) -> None:
        self.limits = limits
        self._idle: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        for _ in range(limits.workers):
            self._idle.put(None)  # started on first use
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._threads = concurrent.futures.ThreadPoolExecutor(
            max_workers=limits.workers, thread_name_prefix="extraction"
        )

    def start(self) -> None:
        """Start the workers now, in the background, so the first pages find them ready.

        A crawl's first pages arrive a second or two after it starts; a cold worker takes about
        as long to import lxml and trafilatura, and a kill in between would waste the downloads.
        """
        for _ in range(self.limits.workers):
            self._threads.submit(self._warm_up)

    def _warm_up(self) -> None:
        worker = self._idle.get()
        try:
            worker = worker or self._start_worker()
        except ExtractionFailed as error:
            logger.warning("extraction worker did not start: %s", error)
            worker = None
        finally:
            self._idle.put(worker)

    def submit(self, function: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        return self._threads.submit(self.run, function, *args)

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """Blocking: the result, or ExtractionFailed / ExtractionTimeout."""
        worker = self._idle.get()
        try:
            worker = worker or self._start_worker()
            return worker.call(function, args, self.limits.timeout)
        except ExtractionFailed as error:
            logger.info("extraction worker replaced: %s", error)
            self._discard(worker)
            worker = None  # a fresh one starts on next use
            raise
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            workers, self._live = list(self._live), set()
        for worker in workers:
            worker.stop()

    def _start_worker(self) -> _Worker:
        worker = _Worker(self.limits)
        with self._lock:
            self._live.add(worker)
        return worker

    def _discard(self, worker: _Worker | None) -> None:
        if worker is None:
            return
        with self._lock:
            self._live.discard(worker)
        worker.stop()


WORKER_MAIN = "import sys; from crawler.extraction_pool import main; main(sys.argv[1:])"


def main(argv: list[str]) -> None:
    """Worker entry point: ``SOCKET_FD MEMORY_BYTES [MODULE ...]``."""
    descriptor, memory_bytes, *preload = argv
    serve(Connection(int(descriptor)), int(memory_bytes), tuple(preload))


def serve(connection: Connection, memory_bytes: int, preload: tuple[str, ...]) -> None:
    """Worker main loop: cap memory, import, say ready, then answer calls until EOF."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    for module in preload:
        importlib.import_module(module)
    connection.send(("ok", None))
    while True:
        try:
            function, args = connection.recv()
        except EOFError:
            return
        connection.send(_outcome(function, args))


def _outcome(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return "ok", function(*args)
    except MemoryError:
        return "error", "out of memory"
    except Exception as error:  # noqa: BLE001 - reported to the caller, worker lives on
        return "error", f"{type(error).__name__}: {' '.join(str(error).split())[:200]}"


_shared: ExtractionPool | None = None
_users = 0
_shared_lock = threading.Lock()


def acquire_shared_pool(limits: PoolLimits) -> ExtractionPool:
    """One pool per crawl process, whatever the number of spiders (each has its pipelines)."""
    global _shared, _users
    with _shared_lock:
        if _shared is None:
            _shared = ExtractionPool(limits)
            _shared.start()
        _users += 1
        return _shared


def release_shared_pool() -> None:
    """The last spider to close stops the workers."""
    global _shared, _users
    with _shared_lock:
        _users -= 1
        if _users > 0 or _shared is None:
            return
        pool, _shared = _shared, None
    pool.close()
