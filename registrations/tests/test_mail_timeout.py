"""A mail server that accepts the connection and then says nothing must not hold the sign-up (production mail
settings): the send gives up after EMAIL_TIMEOUT and is logged with the registration's id."""

import contextlib
import logging
import runpy
import socket
import threading
import time

import pytest
from django.test import Client
from django.urls import reverse

from registrations.models import Registration

HUNG_SMTP_PORT = 18650
GIVES_UP_AFTER = 20  # the silent server hangs up by itself then: far beyond the 1 s timeout under test


@pytest.fixture
def silent_smtp_server():
    """Accepts connections and never sends the SMTP greeting (a hung mail server), until GIVES_UP_AFTER."""
    listener = socket.create_server(("127.0.0.1", HUNG_SMTP_PORT))
    stop = threading.Event()
    held = []

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                held.append((listener.accept()[0], time.monotonic()))
            for connection, since in held:
                if time.monotonic() - since > GIVES_UP_AFTER:
                    connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield HUNG_SMTP_PORT
    stop.set()
    thread.join()
    for connection, _since in held:
        connection.close()
    listener.close()


def production_mailers(monkeypatch, port):
    for name, value in {
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        "ALLOWED_HOSTS": "portal.example.org",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "1",
    }.items():
        monkeypatch.setenv(name, value)
    return runpy.run_module("portal.settings.production")["MAILERS"]


@pytest.mark.django_db
def test_a_hung_mail_server_does_not_hold_the_sign_up(
    open_day, settings, monkeypatch, silent_smtp_server, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = production_mailers(monkeypatch, silent_smtp_server)
    url = reverse("registrations:sign_up", args=[open_day.pk])

    started = time.monotonic()
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = Client().post(url, {"name": "Ada", "email": "ada@example.org", "consent": "on"})
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    registration = Registration.objects.get(email="ada@example.org")
    assert f"The confirmed e-mail of registration {registration.pk} could not be sent" in caplog.text
    assert elapsed < GIVES_UP_AFTER
