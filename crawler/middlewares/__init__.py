"""Downloader middlewares: URL safety, robots.txt as RFC 9309 reads it, Retry-After."""
