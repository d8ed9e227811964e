"""Distributed crawls: many fetch workers share one frontier in Redis (scrapy-redis), and one
ingester writes what they fetched into SQLite.

``check --workers redis://...`` runs discovery in its own crawler process, queues each article
for the workers (``dispatch``), and drains their results (``ingest``). Workers
(``python -m crawler.distributed.worker``) never open the database.
"""
