"""Optional two-factor sign-in: once a staff member confirms an authenticator app, the password alone reaches nothing."""

import time
from base64 import b32decode
from html import unescape

from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import SUPERUSER_PASSWORD
from security.two_factor import WRONG_CODE

SETUP_URL = "/admin/two-factor/"
VERIFY_URL = "/admin/two-factor/verify/"


def code(secret, steps_ahead=0):
    """What the authenticator app shows for `secret`, now or `steps_ahead` 30-second steps on."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def shown(response):
    return unescape(response.content.decode())


def turn_on(client):
    """Through the setup page, as the staff member would: read the key, enter the app's first code."""
    page = client.get(SETUP_URL)
    assert page.status_code == 200
    secret = BeautifulSoup(page.content, "html.parser").select_one(".portal-totp-secret").get_text()
    response = client.post(SETUP_URL, {"code": code(secret)}, follow=True)
    assert "Two-factor authentication is on" in shown(response)
    return secret


def sign_in_with_password(user):
    client = Client()
    response = client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": SUPERUSER_PASSWORD})
    assert response.status_code == 302
    return client


def test_staff_without_an_app_sign_in_with_their_password_alone(superuser):
    client = sign_in_with_password(superuser)
    assert client.get("/admin/").status_code == 200
    account = BeautifulSoup(client.get(reverse("wagtailadmin_account")).content, "html.parser")
    assert account.find("a", href=SETUP_URL).get_text(strip=True) == "Two-factor authentication"
    assert "Turn on two-factor authentication" in shown(client.get(SETUP_URL))


def test_opening_the_setup_page_alone_changes_nothing(superuser):
    client = sign_in_with_password(superuser)
    client.get(SETUP_URL)  # a key is prepared but never confirmed

    assert TOTPDevice.objects.get(user=superuser).confirmed is False
    assert sign_in_with_password(superuser).get("/admin/").status_code == 200


def test_a_wrong_first_code_does_not_turn_it_on(superuser_client, superuser):
    superuser_client.get(SETUP_URL)
    response = superuser_client.post(SETUP_URL, {"code": "000000"})

    assert WRONG_CODE in shown(response)
    assert not TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()


def test_with_an_app_the_password_alone_reaches_no_admin_page(superuser_client, superuser, site_tree):
    turn_on(superuser_client)
    client = sign_in_with_password(superuser)

    for url in ("/admin/", f"/admin/pages/{site_tree.programme.pk}/edit/", "/admin/images/", SETUP_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{VERIFY_URL}?next={url.replace('/', '%2F')}"
    assert "Enter your code" in shown(client.get(VERIFY_URL))


def test_the_right_code_opens_the_admin_and_a_wrong_or_replayed_one_does_not(superuser_client, superuser):
    secret = turn_on(superuser_client)
    first_code = code(secret)  # just used to confirm the app
    client = sign_in_with_password(superuser)

    wrong = client.post(VERIFY_URL, {"code": "123456", "next": "/admin/pages/"})
    assert WRONG_CODE in shown(wrong)
    TOTPDevice.objects.update(throttling_failure_count=0)  # the throttle after a failure is tested by django-otp
    replayed = client.post(VERIFY_URL, {"code": first_code, "next": "/admin/pages/"})
    assert WRONG_CODE in shown(replayed)
    TOTPDevice.objects.update(throttling_failure_count=0)
    assert client.get("/admin/").status_code == 302

    right = client.post(VERIFY_URL, {"code": code(secret, steps_ahead=1), "next": "/admin/pages/"})

    assert right.status_code == 302
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_the_code_page_sends_only_back_into_this_site(superuser_client, superuser):
    secret = turn_on(superuser_client)
    client = sign_in_with_password(superuser)

    response = client.post(VERIFY_URL, {"code": code(secret, steps_ahead=1), "next": "https://attacker.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_turning_it_off_needs_a_current_code(superuser_client, superuser):
    secret = turn_on(superuser_client)

    refused = superuser_client.post(SETUP_URL, {"code": "000000"})
    assert WRONG_CODE in shown(refused)
    assert TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()

    TOTPDevice.objects.update(throttling_failure_count=0)
    turned_off = superuser_client.post(SETUP_URL, {"code": code(secret, steps_ahead=1)}, follow=True)
    assert "Two-factor authentication is off" in shown(turned_off)
    assert sign_in_with_password(superuser).get("/admin/").status_code == 200
