"""Page-cache hits answered by `portal.wsgi` before Django's handler: the same response as through the middleware,
logged, never for editors, and never stale after a publish."""

import gzip
import io
import logging
import sys

import pytest
from django.core.cache import caches

from portal.wsgi import application


@pytest.fixture
def tree(transactional_db, site_tree, settings, tmp_path):
    """Transactional: Django's handler closes the connection after each request, as in production."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "generation"
    settings.ALLOWED_HOSTS = ["testserver"]
    caches["default"].clear()
    yield site_tree
    caches["default"].clear()


def call(path, host="testserver", method="GET", cookie="", accept_encoding=""):
    """One request straight through the WSGI application: (status line, headers, body)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    if accept_encoding:
        environ["HTTP_ACCEPT_ENCODING"] = accept_encoding
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    chunks = application(environ, start_response)
    body = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    if started["headers"].get("Content-Encoding") == "gzip":
        assert int(started["headers"]["Content-Length"]) == len(body)
        body = gzip.decompress(body)
    return started["status"], started["headers"], body.decode()


def test_the_second_visit_is_a_hit_with_the_headers_of_the_first(tree):
    status, first, body = call(tree.programme.url)
    assert (status, first["X-Page-Cache"]) == ("200 OK", "miss")
    status, second, cached_body = call(tree.programme.url)
    assert (status, second["X-Page-Cache"]) == ("200 OK", "hit")
    assert cached_body == body and "Master of European Social Security" in cached_body
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Content-Type"):
        assert second[header] == first[header]
    assert "s-maxage=" in second["Cache-Control"]
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_a_browser_gets_the_hit_gzipped(tree):
    _status, first, body = call(tree.programme.url, accept_encoding="gzip, deflate, br, zstd")
    assert first.get("Content-Encoding") == "gzip", "a miss is compressed too (caching/compression.py)"
    _status, second, _cached_body = call(tree.programme.url, accept_encoding="gzip, deflate, br, zstd")
    assert (second["X-Page-Cache"], second["Content-Encoding"]) == ("hit", "gzip")
    assert "Accept-Encoding" in second["Vary"]


def test_a_hit_is_logged_with_its_request_id(tree, caplog):
    call(tree.programme.url)
    with caplog.at_level(logging.INFO, logger="portal.request"):
        _status, headers, _body = call(tree.programme.url)
    lines = [record for record in caplog.records if record.name == "portal.request"]
    assert [(line.cache, line.status) for line in lines] == [("miss", 200), ("hit", 200)]
    assert lines[-1].request_id == headers["X-Request-ID"]


def test_a_visitor_with_a_session_is_never_served_a_hit(tree):
    call(tree.programme.url)
    _status, headers, _body = call(tree.programme.url, cookie="sessionid=abc")
    assert headers.get("X-Page-Cache") != "hit"
    assert "private" in headers["Cache-Control"]


def test_a_publish_is_shown_on_the_next_request(tree):
    call(tree.programme.url)
    assert call(tree.programme.url)[1]["X-Page-Cache"] == "hit"
    tree.programme.title = "Master of European Social Policy"
    tree.programme.save_revision().publish()
    _status, headers, body = call(tree.programme.url)
    assert headers["X-Page-Cache"] == "miss"
    assert "Master of European Social Policy" in body


def test_an_unknown_host_is_refused_with_a_400(tree):
    call(tree.programme.url)
    status, _headers, _body = call(tree.programme.url, host="evil.example")
    assert status.startswith("400")
