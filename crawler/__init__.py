"""The Scrapy project: spiders discover and fetch pages, pipelines hand them to the core.

Run a crawl with ``python -m crawler --db PATH --run-id N --config FILE``; the core package
(``corroborate``) never imports anything from here.
"""
