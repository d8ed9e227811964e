"""Downloader middleware that refuses unsafe URLs before anything is sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from crawler.safety.urls import UrlPolicy

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class RefusedUrl(IgnoreRequest):
    """A URL the policy refused; the request's errback records it as a fetch failure."""


class UrlSafetyMiddleware:
    """Applies ``UrlPolicy`` to every request, redirects and robots.txt included.

    Redirects pass through here again as new requests, so a trusted endpoint that redirects to
    a private address is refused too: trust comes from the URL, not from inherited meta.
    """

    def __init__(self, policy: UrlPolicy) -> None:
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UrlSafetyMiddleware:
        settings = crawler.settings
        return cls(
            UrlPolicy.build(
                settings.getlist("CORROBORATE_TRUSTED_ENDPOINTS"),
                settings.getbool("CORROBORATE_ALLOW_PRIVATE_ADDRESSES"),
            )
        )

    def process_request(self, request: Request) -> None:
        reason = self.policy.refusal(request.url)
        if reason is not None:
            raise RefusedUrl(reason)


class UndecodedBodyMiddleware:
    """Refuses a body still compressed after Scrapy's decompression (an unknown encoding).

    Such bytes would reach the HTML cleaner as garbage at best; trafilatura, given bytes,
    would even try to decompress them itself, without any size limit.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        encodings = [
            value.strip().lower()
            for value in b",".join(response.headers.getlist("Content-Encoding")).split(b",")
        ]
        leftover = [value for value in encodings if value not in (b"", b"identity")]
        if leftover:
            names = ", ".join(value.decode("latin-1") for value in leftover)
            raise IgnoreRequest(f"undecodable Content-Encoding: {names}")
        return response
