"""The scheduled work for registrations, run every minute beside scheduled publishing (`run_registration_jobs`).

- Reminders the day before: each claimed with one atomic UPDATE (`reminder_sent_at` from NULL to now), so two runs,
  even on two machines at once, never send the same reminder twice.
- Places freed by a raised capacity go to the waiting list.
- Personal data is removed `REGISTRATION_RETENTION_DAYS` after the event.
"""

import logging
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from events.models import EventPage

from . import mail, services
from .models import Registration, anonymise_after_retention

logger = logging.getLogger(__name__)
REMINDER_AHEAD = timedelta(hours=24)


def due_reminders(now):
    """Confirmed sign-ups for live events starting within a day, made before that day began, not yet reminded."""
    return Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        anonymised_at__isnull=True,
        event__live=True,
        event__status__in=EventPage.GOING_AHEAD,
        event__start__gt=now,
        event__start__lte=now + REMINDER_AHEAD,
        created_at__lt=F("event__start") - REMINDER_AHEAD,
    )


def claim(registration_id, now):
    """True for exactly one caller: the one whose UPDATE set `reminder_sent_at`."""
    return Registration.objects.filter(pk=registration_id, reminder_sent_at__isnull=True).update(reminder_sent_at=now)


def send_reminders(now=None):
    now = now or timezone.now()
    sent = 0
    for registration_id in due_reminders(now).values_list("pk", flat=True):
        if not claim(registration_id, now):
            continue  # another run took it
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        try:
            mail.send_reminder(registration)
        except Exception as error:
            # Not sent: release the claim so the next run tries again. The error's class only (see mail.py).
            Registration.objects.filter(pk=registration_id).update(reminder_sent_at=None)
            logger.error("The reminder of registration %s could not be sent: %s", registration_id, type(error).__name__)
            continue
        sent += 1
    return sent


def run(now=None):
    """Every job once; returns what each did."""
    return {
        "promoted": services.promote_where_places_freed(now),
        "reminded": send_reminders(now),
        "anonymised": anonymise_after_retention(now),
    }
