"""One structured log line per request, with a request id that the response carries and every error logged during
the request repeats; no query string values, cookies, form data, passwords or e-mail addresses."""

import json
import logging
import re

import pytest
from django.test import Client

from conftest import SUPERUSER_PASSWORD
from operations.request_log import JsonFormatter

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def request_lines(caplog):
    """The `portal.request` records logged so far, as the JSON objects the console handler writes."""
    caplog.set_level(logging.INFO)
    formatter = JsonFormatter()

    def lines(logger="portal.request"):
        return [json.loads(formatter.format(record)) for record in caplog.records if record.name == logger]

    return lines


def all_output(caplog):
    formatter = JsonFormatter()
    return "\n".join(formatter.format(record) for record in caplog.records)


def test_a_request_is_one_line_with_method_path_status_duration_and_request_id(site_tree, request_lines):
    response = Client().get(site_tree.programme.url)

    [line] = request_lines()
    assert line["method"] == "GET"
    assert line["path"] == site_tree.programme.url
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert GENERATED_ID.fullmatch(line["request_id"])
    assert response["X-Request-ID"] == line["request_id"]


def test_a_sane_incoming_request_id_is_kept(site_tree, request_lines):
    response = Client().get("/", headers={"X-Request-ID": "lb-7f3a2c9e-0001"})
    assert response["X-Request-ID"] == "lb-7f3a2c9e-0001"
    assert request_lines()[-1]["request_id"] == "lb-7f3a2c9e-0001"


@pytest.mark.parametrize(
    "incoming", ["short", "x" * 129, "has spaces in it", "newline\ninjected-id", '"><script>', "ümlaut-äöü-id"]
)
def test_an_odd_incoming_request_id_is_replaced(site_tree, request_lines, incoming):
    response = Client().get("/", headers={"X-Request-ID": incoming})
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])
    assert request_lines()[-1]["request_id"] == response["X-Request-ID"]


def test_query_values_are_left_out_but_parameter_names_kept(site_tree, request_lines, caplog):
    Client().get("/en/search/", {"q": "jane.doe@example.org", "page": "2"})
    [line] = request_lines()
    assert line["path"] == "/en/search/"
    assert line["query_keys"] == ["page", "q"]
    assert "jane.doe" not in all_output(caplog)


def test_no_cookie_password_or_form_data_is_logged(superuser, site_tree, request_lines, caplog):
    client = Client()
    client.cookies["sessionid"] = "secret-session-value"
    client.cookies["csrftoken"] = "secret-csrf-value"
    client.post("/admin/login/", {"username": superuser.username, "password": "wrong-" + SUPERUSER_PASSWORD})
    client.post("/admin/login/", {"username": superuser.username, "password": SUPERUSER_PASSWORD})

    lines = request_lines()
    assert [(line["method"], line["path"]) for line in lines] == [("POST", "/admin/login/")] * 2
    output = "\n".join(json.dumps(line) for line in lines + request_lines("django.request"))
    for secret in (SUPERUSER_PASSWORD, "secret-session-value", "secret-csrf-value", superuser.email):
        assert secret not in output


def test_a_page_cache_hit_is_logged_too(site_tree, request_lines, settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "generation"
    Client().get(site_tree.school.url)
    Client().get(site_tree.school.url)
    assert [line["cache"] for line in request_lines()] == ["miss", "hit"]


def test_a_server_error_is_logged_with_the_request_id_the_visitor_sees(site_tree, settings, request_lines, caplog):
    settings.ROOT_URLCONF = "operations.tests.error_urls"
    response = Client(raise_request_exception=False).get("/test-errors/crash/?email=jane.doe@example.org")

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert request_id in response.content.decode()
    [error] = request_lines("django.request")
    assert error["level"] == "ERROR"
    assert error["request_id"] == request_id
    assert "ZeroDivisionError: a bug" in error["exception"]
    line = request_lines()[-1]
    assert (line["status"], line["request_id"], line["query_keys"]) == (500, request_id, ["email"])
    assert "jane.doe" not in all_output(caplog)


def test_a_not_found_is_one_line_not_two(site_tree, request_lines, caplog):
    Client().get("/en/no-such-page/")
    assert [line["status"] for line in request_lines()] == [404]
    assert request_lines("django.request") == [], "Django's own 'Not Found' warning would repeat the request line"
