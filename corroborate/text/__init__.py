"""Text as values, one home per concept, shared by every stage: the lexicon (word lists), words,
sentences, dates and quantities. A rule changed here changes for claims, matching, the prefilter
and discrepancies at once."""
