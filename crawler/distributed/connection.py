"""The Redis client every distributed process uses, and the version handshake.

Clients retry a dropped connection with backoff, so a Redis restart pauses the crawl instead of
ending it. A process of another version never joins: the first process to reach a Redis writes
its version there, and every later one compares.
"""

from __future__ import annotations

from typing import Any

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from corroborate.errors import CorroborateError
from crawler.distributed.keys import VERSION, VERSION_KEY

RETRY_ATTEMPTS = 8  # with backoff capped at 2 s: rides out a restart of ~10 s per call
REDIS_ERRORS = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError)


class RedisUnavailable(CorroborateError):
    """Redis cannot be reached, or refuses us."""


def client_params() -> dict[str, Any]:
    """Connection options, as keyword arguments (also scrapy-redis' ``REDIS_PARAMS``)."""
    return {
        "socket_timeout": 30,
        "socket_connect_timeout": 10,
        "retry": Retry(ExponentialBackoff(cap=2.0, base=0.1), RETRY_ATTEMPTS),
        "retry_on_error": list(REDIS_ERRORS),
        "health_check_interval": 15,
    }


def connect(url: str) -> redis.Redis:
    """A client for ``url`` (``redis://host:port/db``) that answered a PING."""
    try:
        client = redis.Redis.from_url(url, **client_params())
        client.ping()
    except ValueError as error:
        raise RedisUnavailable(f"bad Redis URL {url!r}: {error}") from None
    except REDIS_ERRORS as error:
        raise RedisUnavailable(f"cannot reach Redis at {url}: {error}") from None
    return client


def join(client: redis.Redis, version: str = VERSION) -> None:
    """Refuse to work beside processes of another version (they would read our messages
    wrong); the first to arrive sets the version."""
    client.set(VERSION_KEY, version, nx=True)
    found = client.get(VERSION_KEY)
    serving = found.decode() if isinstance(found, bytes) else str(found)
    if serving != version:
        raise RedisUnavailable(
            f"refusing to join: this Redis serves corroborate {serving}, this is {version} "
            f"(upgrade every process, or delete the key {VERSION_KEY} once none is running)"
        )
