"""Default sources, outlet feed lists and sitemap lists (data only)."""
