"""WARC archives of a crawl: ``recorder`` writes every response as received, ``replay`` serves
them back in place of the network (``corroborate rescore --from-warc``)."""
