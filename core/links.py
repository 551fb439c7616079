"""Absolute links to the site's pages and files."""

from wagtail.models import Site


def site_url(request, path):
    """`path` made absolute on the site's own host name, as page URLs are (not on the request's Host header)."""
    if path.startswith(("http://", "https://")):
        return path
    site = Site.find_for_request(request)
    return site.root_url + path if site else request.build_absolute_uri(path)
