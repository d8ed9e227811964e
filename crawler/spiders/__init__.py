"""Discovery spiders, one per source; each spider's ``name`` is its config source name."""
