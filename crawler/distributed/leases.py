"""Leases: every article message is held by exactly one place at a time, so a killed worker's
requests are fetched by another one and none is fetched twice.

A message is in ``START_URLS`` or ``REQUEUED`` (waiting), in the scheduler queue (scheduled),
or in ``LEASES`` under the id of the worker holding it (taking it from a list or the queue and
writing the lease is one Lua script, so a kill between the two cannot lose it). The holder
gives it up by scheduling it again (a redirect) or by pushing its result, in one transaction.
A worker whose heartbeat expired holds nothing: ``reap`` sends its messages again.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import redis

from crawler.distributed.connection import REDIS_ERRORS
from crawler.distributed.keys import ALIVE, LEASES, REQUESTS, REQUEUED, START_URLS

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 2.0
HEARTBEAT_EXPIRY = 10  # seconds without a heartbeat before a worker counts as dead

_TAKE_MESSAGES = """
local taken = {}
for _, list in ipairs({KEYS[1], KEYS[2]}) do
  while #taken < tonumber(ARGV[2]) do
    local message = redis.call('lpop', list)
    if not message then break end
    redis.call('hset', KEYS[3], message, ARGV[1])
    taken[#taken + 1] = {list == KEYS[1] and 1 or 0, message}
  end
end
return taken
"""

_TAKE_REQUEST = """
local found = redis.call('zrange', KEYS[1], 0, 0)
if #found == 0 then return false end
redis.call('zremrangebyrank', KEYS[1], 0, 0)
local ok, request = pcall(cjson.decode, found[1])
if ok and type(request.meta) == 'table' and request.meta.lease then
  redis.call('hset', KEYS[2], request.meta.lease, ARGV[1])
end
return found[1]
"""

_REAP = """
local leases = redis.call('hgetall', KEYS[1])
local sent = 0
for i = 1, #leases, 2 do
  if redis.call('exists', ARGV[1] .. leases[i + 1]) == 0 then
    redis.call('hdel', KEYS[1], leases[i])
    redis.call('rpush', KEYS[2], leases[i])
    sent = sent + 1
  end
end
return sent
"""


class Leases:
    """The lease operations of one worker (or of the coordinator, which only reaps)."""

    def __init__(self, client: redis.Redis, worker: str) -> None:
        self.client = client
        self.worker = worker
        self._take_messages = client.register_script(_TAKE_MESSAGES)
        self._take_request = client.register_script(_TAKE_REQUEST)
        self._reap = client.register_script(_REAP)

    def take_messages(self, count: int) -> list[tuple[bool, str]]:
        """Up to ``count`` waiting messages, now leased to this worker; each with whether it
        is new (to be dupefiltered) rather than sent again after a worker died."""
        taken = self._take_messages(keys=[START_URLS, REQUEUED, LEASES], args=[self.worker, count])
        return [(bool(new), _text(message)) for new, message in taken]

    def take_request(self) -> str | None:
        """The next scheduled request (JSON), leased to this worker."""
        found = self._take_request(keys=[REQUESTS, LEASES], args=[self.worker])
        return _text(found) if found else None

    def schedule(self, encoded: str, priority: int, lease: str | None) -> None:
        """Put a request in the shared queue: the lease goes with it."""
        with self.client.pipeline(transaction=True) as pipe:
            pipe.zadd(REQUESTS, {encoded: -priority})
            if lease is not None:
                pipe.hdel(LEASES, lease)
            pipe.execute()

    def heartbeat(self) -> None:
        self.client.set(ALIVE + self.worker, 1, ex=HEARTBEAT_EXPIRY)

    def retire(self) -> None:
        """A worker closing cleanly: what it still holds goes back at the next reap."""
        self.client.delete(ALIVE + self.worker)

    def reap(self) -> int:
        """Send again every message held by a worker whose heartbeat expired."""
        return int(self._reap(keys=[LEASES, REQUEUED], args=[ALIVE]))

    def live_workers(self) -> int:
        return sum(1 for _ in self.client.scan_iter(match=ALIVE + "*", count=1000))


class Heartbeat(threading.Thread):
    """Beats, and reaps dead workers' leases, from its own thread: a reactor busy for a while
    (a loaded machine, a long batch of Redis calls) must not make a live worker look dead."""

    def __init__(self, leases: Leases) -> None:
        super().__init__(name="corroborate-heartbeat", daemon=True)
        self.leases = leases
        self.stopping = threading.Event()

    def start(self) -> None:
        self.beat()  # alive before the first request is taken
        super().start()

    def run(self) -> None:
        while not self.stopping.wait(HEARTBEAT_SECONDS):
            self.beat()

    def beat(self) -> None:
        try:
            self.leases.heartbeat()
            if requeued := self.leases.reap():
                logger.warning("sent again %d requests held by dead workers", requeued)
        except REDIS_ERRORS as error:
            logger.warning("Redis unreachable for the heartbeat: %s", error)

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)


def lease_of(meta: dict[str, Any]) -> str | None:
    lease = meta.get("lease")
    return lease if isinstance(lease, str) else None


def message(fields: dict[str, Any]) -> str:
    """An article message as the coordinator queues it; its exact text is its lease."""
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
