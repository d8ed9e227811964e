"""Scrapy commands of the project (``COMMANDS_MODULE``): ``crawl`` with a one-line hint."""
