"""Admin sign-in: lockout per account and per address, one message for every wrong login, password rules."""

from datetime import timedelta
from html import unescape

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse

from conftest import SUPERUSER_PASSWORD
from security.sign_in import client_ip

LOGIN_URL = "/admin/login/"
WRONG_LOGIN = "Your username and password didn't match. Please try again."
LOCKED = "Too many failed sign-in attempts."


def sign_in(username, password, ip="198.51.100.7"):
    client = Client(REMOTE_ADDR=ip)
    response = client.post(LOGIN_URL, {"username": username, "password": password})
    return response, client


def shown(response):
    return unescape(response.content.decode())


def page_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def signed_in(client):
    return client.get("/admin/").status_code == 200


def fail_until_locked(username, ip="198.51.100.7"):
    """AXES_FAILURE_LIMIT wrong passwords: each one but the last answered by the form, the last by the lockout."""
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response, _ = sign_in(username, "not-the-password", ip)
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200
            assert WRONG_LOGIN in shown(response)
    return response


def assert_locked_out(response, client):
    assert response.status_code == 429
    assert LOCKED in shown(response)
    assert "15 minutes" in shown(response)
    assert not signed_in(client)


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(superuser):
    wrong_password, _ = sign_in(superuser.username, "not-the-password")
    unknown_user, _ = sign_in("nobody-by-this-name", "not-the-password")

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert WRONG_LOGIN in shown(wrong_password)
    assert wrong_password.context["form"].non_field_errors() == unknown_user.context["form"].non_field_errors()


def test_the_right_password_signs_in(superuser):
    response, client = sign_in(superuser.username, SUPERUSER_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_an_account_is_locked_after_repeated_failures_even_from_another_address(superuser):
    assert_locked_out(fail_until_locked(superuser.username, ip="198.51.100.7"), Client())

    for ip in ("198.51.100.7", "203.0.113.50"):
        response, client = sign_in(superuser.username, SUPERUSER_PASSWORD, ip=ip)
        assert_locked_out(response, client)


def test_an_address_is_locked_after_failures_across_many_usernames(superuser):
    for number in range(settings.AXES_FAILURE_LIMIT):
        last, _ = sign_in(f"guess-{number}", "not-the-password", ip="192.0.2.66")
    assert last.status_code == 429

    from_that_address, client = sign_in(superuser.username, SUPERUSER_PASSWORD, ip="192.0.2.66")
    assert_locked_out(from_that_address, client)
    from_elsewhere, client = sign_in(superuser.username, SUPERUSER_PASSWORD, ip="203.0.113.50")
    assert from_elsewhere.status_code == 302
    assert signed_in(client)


def test_the_lockout_answer_does_not_tell_whether_the_account_exists(superuser):
    known = fail_until_locked(superuser.username, ip="198.51.100.1")
    unknown = fail_until_locked("nobody-by-this-name", ip="198.51.100.2")

    assert known.status_code == unknown.status_code == 429
    assert page_text(known) == page_text(unknown)


def test_the_lockout_ends_after_the_cool_off_time(superuser):
    fail_until_locked(superuser.username)
    response, client = sign_in(superuser.username, SUPERUSER_PASSWORD)
    assert_locked_out(response, client)

    # The failures a minute short of the cool-off time ago: still locked (and this try starts the cool-off again).
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - (settings.AXES_COOLOFF_TIME - timedelta(minutes=1)))
    response, client = sign_in(superuser.username, SUPERUSER_PASSWORD)
    assert_locked_out(response, client)

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    response, client = sign_in(superuser.username, SUPERUSER_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_an_administrator_can_lift_a_lockout_early(superuser):
    fail_until_locked(superuser.username)

    call_command("axes_reset_username", superuser.username, verbosity=0)

    response, client = sign_in(superuser.username, SUPERUSER_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_behind_a_proxy_the_lockout_counts_the_address_the_proxy_saw(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    spoofed = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(spoofed) == "203.0.113.9"

    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(spoofed) == "10.0.0.2"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt-pass", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("804215937260", "This password is entirely numeric."),
    ],
)
def test_a_new_staff_account_needs_a_strong_password(superuser_client, password, message):
    response = superuser_client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "new-editor",
            "email": "new-editor@example.org",
            "first_name": "New",
            "last_name": "Editor",
            "password1": password,
            "password2": password,
        },
    )

    assert response.status_code == 200
    assert message in shown(response)
    assert not get_user_model().objects.filter(username="new-editor").exists()
