"""The coordinator's side of a distributed check: queue each article for the workers instead
of fetching it here. The frontier entry is written to SQLite first, as in a local crawl."""

from __future__ import annotations

import time
from dataclasses import dataclass

import redis

from crawler.articles import ArticleLink
from crawler.distributed.connection import connect, join
from crawler.distributed.keys import START_URLS, VERSION, JobKeys, job_id
from crawler.distributed.leases import message


@dataclass
class Dispatcher:
    """Queues the articles of one run; ``keys.meta`` marks the job as live in Redis."""

    client: redis.Redis
    keys: JobKeys
    run_id: int

    @classmethod
    def open(cls, redis_url: str, db_path: str, run_id: int) -> Dispatcher:
        """Raises RedisUnavailable when Redis cannot be reached or serves another version."""
        client = connect(redis_url)
        join(client)
        keys = JobKeys(job_id(db_path, run_id))
        client.hset(
            keys.meta, mapping={"run_id": run_id, "version": VERSION, "started": time.time()}
        )
        return cls(client, keys, run_id)

    def queue(self, key: str, link: ArticleLink, source: str) -> None:
        self.client.rpush(START_URLS, article_message(self.keys.job, key, link, source))


def article_message(job: str, key: str, link: ArticleLink, source: str) -> str:
    """What a worker needs to fetch an article and say whose result it is."""
    fields = {"job": job, "key": key, "url": link.url, "source": source}
    return message({**fields, "publisher": link.publisher})
