"""The distributed crawl's parts against a real redis-server: leases, the dupefilter's canonical
form, the request serializer, and an ingester killed at its two worst moments."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from scrapy import Request

from corroborate.store import FrontierEntry, Store
from crawler.distributed import scheduling
from crawler.distributed.ingest import Ingester
from crawler.distributed.keys import LEASES, REQUEUED, START_URLS, JobKeys, job_id
from crawler.distributed.leases import Leases, message
from crawler.distributed.results import failure_result, page_result
from crawler.pipelines import analyse_page
from crawler.progress import Progress
from tests.conftest import run_cli
from tests.faultweb import article_html, store_fixture_run
from tests.redisserver import RedisServer, require_redis_server


@pytest.fixture
def client(tmp_path: Path) -> Iterator[redis.Redis]:
    require_redis_server()
    with RedisServer(tmp_path / "redis", persistent=False) as server:
        connection = redis.Redis.from_url(server.url)
        connection.url = server.url  # type: ignore[attr-defined]
        yield connection
        connection.close()


def test_a_lease_follows_its_message_and_a_dead_holder_gives_it_back(client):
    queued = message({"job": "j", "key": "k", "url": "http://a.test/1", "source": "sitemaps"})
    client.rpush(START_URLS, queued)
    first, second = Leases(client, "first"), Leases(client, "second")
    first.heartbeat()
    assert first.take_messages(10) == [(True, queued)]
    assert client.hgetall(LEASES) == {queued.encode(): b"first"}
    assert first.reap() == 0  # a live holder keeps its lease
    first.schedule(json.dumps({"meta": {"lease": queued}}), 0, queued)
    assert client.hgetall(LEASES) == {}  # in the queue, the queue holds it
    assert second.take_request() == json.dumps({"meta": {"lease": queued}})
    assert client.hgetall(LEASES) == {queued.encode(): b"second"}
    assert first.reap() == 1  # "second" never beat: it counts as dead
    assert client.hgetall(LEASES) == {}
    assert client.lrange(REQUEUED, 0, -1) == [queued.encode()]
    assert first.take_messages(10) == [(False, queued)]  # sent again: not to be dupefiltered


def test_the_dupefilter_keys_on_the_canonical_url_within_a_job(client):
    dupefilter = scheduling.CanonicalDupeFilter(client, key="test:dupefilter")

    def seen(url: str, job: str = "one", **meta: object) -> bool:
        return dupefilter.request_seen(Request(url, meta={"job": job, **meta}))

    assert not seen("http://a.test/story?b=2&a=1")
    assert seen("http://a.test/story?a=1&b=2&utm_source=feed#comments")  # one article
    assert not seen("http://a.test/story?a=1&b=2", job="two")  # another check fetches it too
    assert not seen("http://a.test/story?a=1&b=2", redirect_urls=["http://a.test/old"])
    client.hset(LEASES, "held", "worker")
    assert seen("http://a.test/story?a=1&b=2", lease="held")
    assert not client.hexists(LEASES, "held")  # a filtered message holds nothing


def test_requests_travel_as_json_with_what_json_can_carry():
    request = Request(
        "http://a.test/x",
        method="POST",
        body=b"caf\xe9",
        headers={"X-Test": "\xe9"},
        meta={"lease": "m", "job": "j", "object": object()},
    )
    record = request.to_dict()
    encoded = scheduling.dumps(record)
    json.loads(encoded)  # plain JSON: the queue's Lua script reads the lease in it
    decoded = scheduling.loads(encoded)
    assert decoded["body"] == b"caf\xe9"
    assert decoded["headers"] == record["headers"]
    assert decoded["meta"] == {"lease": "m", "job": "j"}


def _stored_run(tmp_path: Path, urls: list[str]) -> tuple[Path, int]:
    db_path = tmp_path / "ingest.db"
    run_id = store_fixture_run(db_path)
    store = Store.open(db_path)
    for url in urls:
        store.frontier.add(run_id, FrontierEntry("article", url, url, "sitemaps"))
    store.close()
    return db_path, run_id


def test_a_killed_ingester_loses_nothing_and_stores_nothing_twice(client, tmp_path):
    """Killed after committing a page but before removing its result, and killed after taking
    a result but before committing it: the next ``corroborate ingest`` stores each once."""
    urls = [f"http://outlet.test/news/{number}" for number in range(6)]
    db_path, run_id = _stored_run(tmp_path, urls)
    keys = JobKeys(job_id(db_path, run_id))
    for number, url in enumerate(urls[:5]):
        fields = {"job": keys.job, "key": url, "url": url, "source": "sitemaps"}
        analysed = analyse_page(article_html(number, url), url)
        assert analysed is not None
        client.rpush(keys.results, json.dumps(page_result(fields, *analysed)))
    fields = {"job": keys.job, "key": urls[5], "url": urls[5], "source": "sitemaps"}
    client.rpush(keys.results, json.dumps(failure_result(fields, "HTTP 500")))
    client.hset(keys.meta, "run_id", run_id)

    store = Store.open(db_path)
    killed = Ingester(store, run_id, client, keys, Progress())
    committed = client.lmove(keys.results, keys.ingesting)
    assert killed.store_result(json.loads(committed))  # ... and killed before its LREM
    client.lmove(keys.results, keys.ingesting)  # ... and killed before storing this one
    store.close()

    result = run_cli("ingest", "--workers", client.url, "--db", str(db_path), "--run", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "stored 5 pages and failures"
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == 5
        assert db.execute(
            "SELECT discovered_url, count(*) FROM run_pages GROUP BY 1"
        ).fetchall() == sorted((url, 1) for url in urls[:5])
        assert db.execute("SELECT url, reason FROM fetch_failures").fetchall() == [
            (urls[5], "HTTP 500")
        ]
        states = db.execute("SELECT state, count(*) FROM frontier GROUP BY 1").fetchall()
    assert states == [("done", 5), ("failed", 1)]
    assert client.llen(keys.results) == 0 and client.llen(keys.ingesting) == 0
    again = run_cli("ingest", "--workers", client.url, "--db", str(db_path), "--run", "1")
    assert again.stdout.strip() == "stored 0 pages and failures"


def test_ingest_with_an_unreachable_redis_is_one_line(tmp_path):
    db_path, _ = _stored_run(tmp_path, [])
    from tests.redisserver import free_port

    url = f"redis://127.0.0.1:{free_port()}/0"
    result = run_cli("ingest", "--workers", url, "--db", str(db_path))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ingest of run 1 failed: ingest: cannot reach Redis")
    assert len(result.stderr.strip().splitlines()) == 1
