"""Absolute links to the site's pages and files, all on one public origin.

The origin is `PUBLIC_BASE_URL` when it is set (production sets it from `BASE_URL`), otherwise the origin that served
the request, so a local run on 127.0.0.1:8000 links to 127.0.0.1:8000 rather than to the Wagtail Site's host name.
"""

from django.conf import settings


def public_origin(request=None):
    """ "https://programmes.example.edu" or "http://127.0.0.1:8000", without a trailing slash ("" if unknown)."""
    configured = getattr(settings, "PUBLIC_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is None:
        return ""
    return f"{request.scheme}://{request.get_host()}"


def site_url(request, path):
    """`path` made absolute on the public origin; absolute URLs are returned as they are."""
    if path.startswith(("http://", "https://")):
        return path
    origin = public_origin(request)
    return origin + path if origin else path
