"""Offline corpora: a folder of saved HTML pages or WARC files (Common Crawl's CC-NEWS, an
archive of one's own) searched beside or instead of the web (``check --corpus PATH``).
``read`` finds the documents of a file, ``index`` cleans and indexes each changed file once,
``search`` adds the documents that carry a claim's key terms to a run."""
