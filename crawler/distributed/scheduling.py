"""scrapy-redis adapted to the leases: a JSON request serializer (Lua reads the lease in it),
a queue that moves leases with its requests, and a dupefilter on our canonical URL form.

The settings name these classes (``crawler.distributed.worker.worker_settings``).
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.connection import REDIS_ERRORS
from crawler.distributed.keys import LEASES, fingerprint
from crawler.distributed.leases import Leases, lease_of

if TYPE_CHECKING:
    from crawler.distributed.spider import FetchWorkerSpider

logger = logging.getLogger(__name__)


def dumps(record: dict[str, Any]) -> str:
    """A request's ``to_dict`` as JSON: bytes as latin-1 text, meta values JSON can carry."""
    meta = {}
    for name, value in record["meta"].items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue
        meta[name] = value
    return json.dumps(
        {
            **record,
            "meta": meta,
            "body": record["body"].decode("latin-1"),
            "headers": {
                name.decode("latin-1"): [value.decode("latin-1") for value in values]
                for name, values in record["headers"].items()
            },
        }
    )


def loads(encoded: str | bytes) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(encoded)
    record["body"] = record["body"].encode("latin-1")
    record["headers"] = {
        name.encode("latin-1"): [value.encode("latin-1") for value in values]
        for name, values in record["headers"].items()
    }
    return record


class LeasedQueue(Base):
    """scrapy-redis' priority queue, with each request's lease moving in and out with it."""

    def __init__(self, server: Any, spider: FetchWorkerSpider, key: str, serializer: Any) -> None:
        super().__init__(server, spider, key, serializer)
        self.leases: Leases = spider.leases

    def __len__(self) -> int:
        return int(self.server.zcard(self.key))

    def push(self, request: Request) -> None:
        self.leases.schedule(
            self._encode_request(request), request.priority, lease_of(request.meta)
        )

    def pop(self, timeout: int = 0) -> Request | None:
        encoded = self.leases.take_request()
        return None if encoded is None else self._decode_request(encoded)


class CanonicalDupeFilter(RFPDupeFilter):
    """Seen = the same canonical URL within the same job. A redirect is never filtered (its
    article was admitted at its first URL), and a filtered message's lease is dropped."""

    def request_fingerprint(self, request: Request) -> str:
        return fingerprint(str(request.meta.get("job", "")), request.url)

    def request_seen(self, request: Request) -> bool:
        if request.meta.get("redirect_urls"):
            return False
        seen = bool(super().request_seen(request))
        lease = lease_of(request.meta)
        if seen and lease is not None:
            self.server.hdel(LEASES, lease)
        return seen


class LeasedScheduler(Scheduler):
    """scrapy-redis' scheduler without the stats calls Scrapy 2.19 deprecates; Redis errors
    while taking a request are waited out (a restart), not raised into the engine."""

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.queue.push(request)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        try:
            request: Request | None = self.queue.pop()
        except REDIS_ERRORS as error:
            logger.warning("Redis unreachable, no request taken: %s", error)
            return None
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
