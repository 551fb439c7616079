"""Gzip for page-cache misses, never for responses that may hold a secret (BREACH).

Placed just above `PageCacheMiddleware`: the cache stores the plain body (and gzips its own copy for hits, which
arrive here already encoded and pass through), and misses get compressed here when the client accepts gzip.
Responses that set cookies or are marked private (a signed-in editor's pages, anything with a CSRF token or session)
are sent as they are, so an attacker cannot learn a secret from the compressed size.
"""

import re

from django.middleware.gzip import GZipMiddleware

CACHE_CONTROL_SEPARATOR = re.compile(r"\s*,\s*")


def may_hold_secrets(response):
    """Whether the response sets a cookie or is private to one visitor (the page cache marks those private)."""
    if response.cookies or response.has_header("Set-Cookie"):
        return True
    directives = {part.strip().lower() for part in CACHE_CONTROL_SEPARATOR.split(response.get("Cache-Control", ""))}
    return "private" in directives or "no-store" in directives


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, skipped for responses that may hold secrets."""

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if may_hold_secrets(response) or (user is not None and user.is_authenticated):
            return response
        return super().process_response(request, response)
