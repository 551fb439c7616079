"""Simultaneous sign-ups on PostgreSQL: 50 threads (the issue's figure), each with its own connection, against 10 places."""

import threading

from django.db import connection
from django.test import Client
from django.urls import reverse

from registrations import services
from registrations.factories import RegistrationSettingsFactory
from registrations.models import Registration

SIGN_UPS = 50  # each holds a connection: with the other test worker's servers, still under max_connections (100)
PLACES = 10


def simultaneously(count, work):
    """Run `work(i)` in `count` threads released together; each closes its own database connection."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            barrier.wait(timeout=60)
            results[i] = work(i)
        except Exception as error:  # reported below, with the thread's number
            errors.append((i, error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_fifty_simultaneous_sign_ups_never_overbook_and_a_cancellation_promotes_one(
    transactional_db, site_tree, smtp, settings
):
    settings.REGISTRATION_RATE_PER_ADDRESS = SIGN_UPS * 2
    event = site_tree.event
    RegistrationSettingsFactory(page=event, capacity=PLACES)
    url = reverse("registrations:sign_up", args=[event.pk])

    def sign_up(i):
        response = Client().post(url, {"name": f"Student {i}", "email": f"student{i}@example.org", "consent": "on"})
        return response.status_code, response.get("Location", "")

    results = simultaneously(SIGN_UPS, sign_up)

    assert all(status == 302 for status, _location in results), results
    assert sum("confirmed=1" in location for _status, location in results) == PLACES
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == PLACES
    assert registrations.filter(status=Registration.Status.WAITING).count() == SIGN_UPS - PLACES
    messages = smtp.wait_for(SIGN_UPS)
    assert sum(message["Subject"].startswith("You are signed up") for message in messages) == PLACES

    first_waiting = registrations.filter(status=Registration.Status.WAITING).order_by("created_at", "pk").first()
    services.cancel(registrations.filter(status=Registration.Status.CONFIRMED).first())
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == PLACES
    assert registrations.filter(status=Registration.Status.WAITING).count() == SIGN_UPS - PLACES - 1
    first_waiting.refresh_from_db()
    assert first_waiting.status == Registration.Status.CONFIRMED
    promotion = smtp.wait_for(SIGN_UPS + 1)[-1]
    assert promotion["To"] == first_waiting.email and "A place is free for you" in promotion["Subject"]


def test_simultaneous_cancellations_promote_exactly_one_each(transactional_db, site_tree):
    event = site_tree.event
    RegistrationSettingsFactory(page=event, capacity=3)
    for i in range(8):
        services.register(event, name=f"S{i}", email=f"s{i}@example.org")
    confirmed = list(Registration.objects.filter(status=Registration.Status.CONFIRMED))

    simultaneously(len(confirmed), lambda i: services.cancel(confirmed[i]))

    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() == 3
    assert Registration.objects.filter(status=Registration.Status.WAITING).count() == 2
    promoted = Registration.objects.filter(promoted_at__isnull=False).order_by("created_at")
    assert [r.email for r in promoted] == ["s3@example.org", "s4@example.org", "s5@example.org"]
