"""Styled error pages: 400, 403 and 404 in the site's look, 500 and 503 in the same look without touching the
database; none shows a stack trace or the exception, and the 500 and 503 pages give the request id to quote."""

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from operations import health

STACK_TRACE_MARKERS = ["Traceback", 'File "/', "Exception Value", "ZeroDivisionError", "OperationalError"]


@pytest.fixture
def failing_views(settings):
    settings.ROOT_URLCONF = "operations.tests.error_urls"


def fetch(path, **extra):
    response = Client(raise_request_exception=False).get(path, **extra)
    return response, response.content.decode()


def assert_styled(html, heading):
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html and "/static/css/site.css" in html
    assert not any(marker in html for marker in STACK_TRACE_MARKERS)


def test_a_missing_page_has_the_site_look_and_menu(site_tree):
    response, html = fetch("/en/no-such-programme/")
    assert response.status_code == 404
    assert_styled(html, "Page not found")
    assert 'class="site-footer"' in html, "the full site look, with the footer of the site settings"


def test_a_refused_page_has_the_site_look(site_tree, failing_views):
    response, html = fetch("/test-errors/refuse/")
    assert response.status_code == 403
    assert_styled(html, "Access refused")


def test_a_tampered_request_gets_the_styled_400(site_tree, failing_views):
    response, html = fetch("/test-errors/suspicious/")
    assert response.status_code == 400
    assert_styled(html, "This address could not be understood")


def test_an_unknown_host_gets_the_styled_400(site_tree, settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    response, html = fetch("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert_styled(html, "This address could not be understood")
    assert "attacker.example" not in html


def test_a_bug_gets_the_styled_500_with_the_request_id(site_tree, failing_views):
    response, html = fetch("/test-errors/crash/")
    assert response.status_code == 500
    assert_styled(html, "Something went wrong")
    assert response["X-Request-ID"] in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/test-errors/database-down/", "/test-errors/connection-gone/"])
def test_an_unreachable_database_gets_the_styled_503_with_retry_after(site_tree, failing_views, path):
    response, html = fetch(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert_styled(html, "Temporarily unavailable")
    assert response["X-Request-ID"] in html
    assert "5432" not in html and "connection" not in html.lower()


def test_the_500_and_503_pages_render_without_a_database_query(site_tree, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.request_id = "abc123def456"
    with django_assert_num_queries(0):
        error = health.server_error(request)
        try:
            raise OperationalError("the server closed the connection unexpectedly")
        except OperationalError:
            outage = health.server_error(request)
    assert (error.status_code, outage.status_code) == (500, 503)
    assert "abc123def456" in outage.content.decode()
