"""From evidence to a verdict: independent origins, scores, labels and search coverage."""
