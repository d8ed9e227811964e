"""The demo web of ``corroborate demo``: fictional outlets (``seeds/demo/web.toml``) served on
127.0.0.1 with feeds, a news sitemap and stand-ins for GDELT and Bing News, so the whole
pipeline runs for real on a machine with no network."""
