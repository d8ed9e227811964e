"""What a worker sends back: each article's cleaned page (text, sentences, fingerprint,
metadata) or its failure with the reason, pushed to the job's results list in the same Redis
transaction that drops the article's lease, so it is neither lost nor sent twice.

The JSON shape here is read by ``crawler.distributed.ingest``; change both, and ``PROTOCOL``.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from dataclasses import asdict
from typing import Any

import redis
from scrapy.utils.asyncio import sleep

from corroborate.models import CleanedPage
from crawler.distributed.connection import REDIS_ERRORS
from crawler.distributed.keys import LEASES, JobKeys
from crawler.distributed.spider import FetchedArticle, FetchWorkerSpider
from crawler.extraction_pool import ExtractionFailed
from crawler.pipelines import PooledPipeline, analyse_page

logger = logging.getLogger(__name__)

PUSH_PATIENCE = 300.0  # seconds a result waits for Redis to come back before it is given up


def page_result(
    fields: dict[str, Any], page: CleanedPage, sentences: list[str], fingerprint: bytes
) -> dict[str, Any]:
    return {
        **fields,
        "outcome": "page",
        "page": asdict(page),
        "sentences": sentences,
        "fingerprint": base64.b64encode(fingerprint).decode("ascii"),
    }


def failure_result(fields: dict[str, Any], reason: str) -> dict[str, Any]:
    return {**fields, "outcome": "failed", "reason": reason}


def push_result(client: redis.Redis, lease: str, result: dict[str, Any]) -> None:
    """The result in, the lease out: one transaction."""
    with client.pipeline(transaction=True) as pipe:
        pipe.rpush(JobKeys(result["job"]).results, json.dumps(result, ensure_ascii=False))
        pipe.hdel(LEASES, lease)
        pipe.execute()


class PushResultPipeline(PooledPipeline):
    """Cleans each fetched article in the extraction pool and pushes its result."""

    async def process_item(self, item: FetchedArticle) -> FetchedArticle:
        fields = item.fields
        result = await self.result(item, fields)
        await self.push(item.message, result)
        return item

    async def result(self, item: FetchedArticle, fields: dict[str, Any]) -> dict[str, Any]:
        if item.failure is not None:
            return failure_result(fields, item.failure)
        try:
            analysed = await self.in_worker(analyse_page, item.html, item.final_url)
        except ExtractionFailed as error:
            return failure_result(fields, str(error))
        if analysed is None:
            return failure_result(fields, "no main text")
        return page_result(fields, *analysed)

    async def push(self, lease: str, result: dict[str, Any]) -> None:
        """Waits out a Redis restart; a result that cannot be pushed keeps its lease, so the
        article is fetched again once this worker is gone."""
        spider = self.crawler.spider
        assert isinstance(spider, FetchWorkerSpider)
        deadline = time.monotonic() + PUSH_PATIENCE
        while True:
            try:
                push_result(spider.server, lease, result)
                return
            except REDIS_ERRORS as error:
                if time.monotonic() > deadline:
                    logger.error("gave up pushing %s: %s", result["url"], error)
                    return
                await sleep(1.0)
