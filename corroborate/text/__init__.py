"""Text as values: one lexicon, sentences, dates and quantities, shared by every stage."""
