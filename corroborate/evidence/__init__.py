"""From a claim to its evidence: sentence matching, the full-text prefilter, stance, and the
details a source states otherwise."""
