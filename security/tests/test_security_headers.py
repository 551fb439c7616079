"""Security headers on public and admin responses, under the test settings and under the production settings."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from conftest import SUPERUSER_PASSWORD
from core.tests.test_admin_editing import edit_form_data

PRODUCTION_ENV = {
    "SECRET_KEY": "pQ7-vR2xL9_mK4sT8wZ1nB6cY3hJ0fG5dA-uE7iO2kW9rX4tV1qN8mZ3bC6yH0jL",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
    "ALLOWED_HOSTS": "programmes.example.edu",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
}
# What production.py decides about HTTPS, headers and cookies: copied onto the test settings for a request.
PRODUCTION_SECURITY_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "SECURE_CSP",
    "PORTAL_ADMIN_CSP",
]


def policy(response, header="Content-Security-Policy"):
    """The CSP header as {directive: [values]}."""
    directives = (part.split() for part in response[header].split(";"))
    return {name: values for name, *values in directives}


def production_module(monkeypatch, **env):
    for name, value in {**PRODUCTION_ENV, **env}.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    sys.modules.pop("portal.settings.production", None)
    try:
        return importlib.import_module("portal.settings.production")
    finally:
        sys.modules.pop("portal.settings.production", None)


@pytest.fixture
def production_settings(settings, monkeypatch):
    production = production_module(monkeypatch)
    for name in PRODUCTION_SECURITY_SETTINGS:
        setattr(settings, name, getattr(production, name))
    settings.ALLOWED_HOSTS = ["programmes.example.edu"]
    return settings


HTTPS = {"HTTP_HOST": "programmes.example.edu", "HTTP_X_FORWARDED_PROTO": "https"}


def test_public_pages_get_the_strict_policy(site_tree):
    response = Client().get(site_tree.programme.url)

    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    # No inline script asked for a nonce, so none is sent, and the page cache can keep the response as it is.
    assert "nonce-" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_an_inline_script_with_the_request_nonce_is_allowed_by_that_requests_header(rf):
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">go()</script>')

    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    request = rf.get("/")
    response = ContentSecurityPolicyMiddleware(view)(request)

    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert len(nonce) >= 16
    assert policy(response)["script-src"] == ["'self'", f"'nonce-{nonce}'"]


def test_the_admin_gets_its_own_narrow_policy(superuser_client):
    for response in (Client().get("/admin/login/"), superuser_client.get("/admin/")):
        assert response.status_code == 200
        csp = policy(response)
        assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
        assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
        assert csp["default-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'self'"]  # the editor's live preview frames the admin's preview view


def test_the_admin_preview_of_a_page_can_be_framed_by_the_editor(superuser_client, site_tree):
    """Wagtail renders a preview through the middleware again, for the page's public URL: the admin policy wins."""
    programme = site_tree.programme
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[programme.pk])
    assert superuser_client.post(url, edit_form_data(superuser_client, programme)).json()["is_valid"]
    response = superuser_client.get(url, {"in_preview_panel": "true"})

    assert response.status_code == 200
    assert programme.title in response.content.decode()
    assert policy(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_production_redirects_http_to_https_and_sends_hsts_behind_the_proxy(production_settings, site_tree):
    plain = Client().get(site_tree.programme.url, HTTP_HOST="programmes.example.edu")
    assert plain.status_code == 301
    assert plain["Location"] == f"https://programmes.example.edu{site_tree.programme.url}"

    response = Client().get(site_tree.programme.url, **HTTPS)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == ["'none'"]


def test_production_admin_cookies_are_secure_and_http_only(production_settings, superuser):
    client = Client(**HTTPS)
    login_page = client.get("/admin/login/")
    assert login_page.cookies["csrftoken"]["secure"]
    assert policy(login_page)["script-src"] == ["'self'", "'unsafe-inline'"]

    response = client.post(
        "/admin/login/",
        {"username": superuser.username, "password": SUPERUSER_PASSWORD},
        HTTP_REFERER="https://programmes.example.edu/admin/login/",
    )

    assert response.status_code == 302
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert not session["max-age"]  # ends with the browser; the server forgets it after SESSION_COOKIE_AGE anyway
    assert client.session.get_expiry_age() == django_settings.SESSION_COOKIE_AGE <= 12 * 3600


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(monkeypatch, missing):
    with pytest.raises(ImproperlyConfigured, match=missing):
        production_module(monkeypatch, **{missing: None})


def test_production_refuses_a_short_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="50 characters"):
        production_module(monkeypatch, SECRET_KEY="too-short")


def test_check_deploy_is_clean_with_the_production_settings():
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "portal.settings.production"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest, never in a deployment
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
