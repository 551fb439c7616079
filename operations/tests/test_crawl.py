"""A crawl of the demo site: every sitemap URL, and mangled variants of each, answer without a server error or a
stack trace. The mangling is what scanners, broken links and truncating mail clients send: junk after the path, NUL
bytes, path traversal, a very long segment, doubled slashes, invalid UTF-8, and odd or unknown query parameters."""

import xml.etree.ElementTree as ET
from io import StringIO
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# Not in the sitemap, but public and linked from its pages.
EXTRA_PATHS = ["/", "/sitemap.xml", "/robots.txt", "/healthz", "/en/search/", "/en/events/feed.ics"]
# What a stack trace or Django's debug page would show.
STACK_TRACE_MARKERS = ["Traceback", 'File "/', "Exception Value", "django/core/handlers"]

PATH_SUFFIXES = [
    "junk",
    "junk/",
    "%00",
    "%00/",
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/",
    "%ff%fe/",
    "x" * 3000 + "/",
    "index.php",
    ";jsessionid=1",
    "feed.ics",
]
QUERY_STRINGS = [
    "page=-1&page=x&q=%ff",
    "page=99999999999999999999999",
    "page=0&page=",
    "q=%00&school=abc&mode=%ff&programme=-5",
    "unknown=1&utm_source=newsletter&fbclid=xyz",
    "q=" + "a" * 3000,
    "a[]=1&a[b]=2&%ff=%fe",
    "=&&=&",
]


def mangled(url):
    """The variants of one URL (whose path starts and, for pages, ends with a slash)."""
    path, _, query = url.partition("?")
    if query:  # a link with a query string: mangle the query, keep the path
        return [f"{path}?{query}&{extra}" for extra in QUERY_STRINGS] + [f"{path}?{query}%00", f"{path}?{query}%ff"]
    stem = path.rstrip("/")
    variants = [path + suffix for suffix in PATH_SUFFIXES]
    variants += [stem, path.replace("/", "//"), "/" + path, stem + "%20/", path.upper()]
    variants += [f"{path}?{query}" for query in QUERY_STRINGS]
    return variants


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [urlsplit(loc.text).path for loc in ET.fromstring(response.content).findall("sm:url/sm:loc", NS)]


def local_links(response):
    """Same-site links of an HTML page (filters, pagination, feeds...), the admin left out."""
    if not response["Content-Type"].startswith("text/html"):
        return set()
    soup = BeautifulSoup(response.content, "html.parser")
    hrefs = (anchor["href"].split("#")[0] for anchor in soup.find_all("a", href=True))
    return {href for href in hrefs if href.startswith("/") and not href.startswith(("//", "/admin/"))}


def test_every_sitemap_url_and_its_mangled_variants_answer_without_a_server_error(demo):
    client = Client(raise_request_exception=False)
    pages = sitemap_paths(client)
    assert len(pages) >= 10, "the demo's sitemap lists its pages"

    requests, failures, links = 0, [], set()
    for path in pages:
        response = client.get(path)
        requests += 1
        if response.status_code != 200:
            failures.append((path, response.status_code))
        links |= local_links(response)
    targets = sorted(set(pages) | links | set(EXTRA_PATHS))

    for target in targets:
        for variant in [target, *mangled(target)]:
            response = client.get(variant)
            requests += 1
            body = response.content.decode(errors="replace")
            if response.status_code >= 500 or any(marker in body for marker in STACK_TRACE_MARKERS):
                failures.append((variant[:120], response.status_code))

    print(
        f"crawl: {len(pages)} sitemap URLs, {len(targets)} URLs crawled, {requests} requests, {len(failures)} failures"
    )
    assert failures == []
    assert requests > 25 * len(targets)


def test_error_pages_are_styled_and_name_no_internals(demo):
    client = Client(raise_request_exception=False)
    not_found = client.get("/no-such-page/%00/../x")
    assert not_found.status_code == 404
    html = not_found.content.decode()
    assert "Page not found" in html
    assert 'class="site-header"' in html and "/static/css/site.css" in html
    assert not any(marker in html for marker in STACK_TRACE_MARKERS)
