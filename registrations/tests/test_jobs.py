"""The scheduled job: reminders the day before (each once, even run twice or on two instances at once), promotions
after a capacity rise, and removing personal data after the retention period."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from registrations import jobs
from registrations.factories import RegistrationFactory, RegistrationSettingsFactory
from registrations.models import Registration, RegistrationSettings

from .smtp import parts
from .test_concurrency import simultaneously


def event_tomorrow(site_tree, capacity=None):
    event = site_tree.event
    event.start = timezone.now() + timedelta(hours=20)
    event.end = event.start + timedelta(hours=3)
    event.save_revision().publish()
    RegistrationSettingsFactory(page=event, capacity=capacity)
    return event


def long_ago():
    return timezone.now() - timedelta(days=10)


def test_reminder_is_sent_once_even_when_the_job_runs_twice(db, site_tree, smtp):
    event = event_tomorrow(site_tree, capacity=2)
    reminded = RegistrationFactory(event=event, email="ada@example.org", created_at=long_ago())
    RegistrationFactory(event=event, status=Registration.Status.WAITING, created_at=long_ago())
    RegistrationFactory(event=event, email="late@example.org")  # signed up today: the confirmation was enough

    first, second = StringIO(), StringIO()
    call_command("run_registration_jobs", stdout=first)
    call_command("run_registration_jobs", stdout=second)
    assert "1 reminders sent" in first.getvalue() and "0 reminders sent" in second.getvalue()

    messages = smtp.wait_for(1)
    assert [m["To"] for m in messages] == ["ada@example.org"], [m["Subject"] for m in messages]
    reminder = messages[0]
    assert reminder["To"] == "ada@example.org" and reminder["Subject"] == f"Tomorrow: {event.title}"
    text, html, [ics] = parts(reminder)
    assert event.title in text and event.title in html
    reminded.refresh_from_db()
    assert reminded.reminder_sent_at is not None
    assert len(smtp.messages) == 1


def test_two_instances_at_once_send_each_reminder_once(transactional_db, site_tree, smtp):
    event = event_tomorrow(site_tree)
    for i in range(6):
        RegistrationFactory(event=event, email=f"s{i}@example.org", created_at=long_ago())

    sent = simultaneously(4, lambda i: jobs.send_reminders())

    assert sum(sent) == 6
    smtp.wait_for(6)
    assert sorted(message["To"] for message in smtp.messages) == [f"s{i}@example.org" for i in range(6)]
    connection.close()


def test_a_raised_capacity_moves_people_up(db, site_tree, django_capture_on_commit_callbacks, smtp):
    event = site_tree.event
    RegistrationSettingsFactory(page=event, capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    RegistrationSettings.objects.filter(page=event).update(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.run()["promoted"] == 1
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    [promotion] = smtp.wait_for(1)
    assert promotion["To"] == waiting.email and promotion["Subject"] == f"A place is free for you: {event.title}"


def test_after_the_retention_period_no_personal_data_remains_but_the_counts_do(db, site_tree, settings):
    settings.REGISTRATION_RETENTION_DAYS = 30
    event = site_tree.event
    RegistrationSettingsFactory(page=event)
    event.start = timezone.now() - timedelta(days=31, hours=3)
    event.end = event.start + timedelta(hours=3)
    event.save_revision().publish()
    attended = RegistrationFactory(event=event, name="Ada Lovelace", email="ada@example.org", heard_about="search")
    attended.programmes.add(site_tree.programme)
    Registration.objects.filter(pk=attended.pk).update(attended_at=event.start)
    RegistrationFactory(event=event, name="Grace Hopper", email="grace@example.org")
    RegistrationFactory(event=event, name="Wait Ing", email="wait@example.org", status=Registration.Status.WAITING)

    assert jobs.run(timezone.now() - timedelta(days=2))["anonymised"] == 0  # still within the period
    assert jobs.run()["anonymised"] == 3

    with connection.cursor() as cursor:  # every table of the database, not just this model
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            dump = repr(cursor.fetchall())
            for personal in ("Ada Lovelace", "ada@example.org", "Grace Hopper", "grace@example.org", "wait@example"):
                assert personal not in dump, f"{personal} left in {table}"
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == 3
    assert registrations.filter(attended_at__isnull=False).count() == 1
    assert registrations.filter(programmes=site_tree.programme).count() == 1
    assert jobs.run()["anonymised"] == 0


def test_a_reminder_that_could_not_be_sent_is_tried_again(db, site_tree, settings, smtp):
    event = event_tomorrow(site_tree)
    RegistrationFactory(event=event, email="ada@example.org", created_at=long_ago())
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 18399, "timeout": 2},  # nothing listens there
        }
    }
    assert jobs.send_reminders() == 0
    assert Registration.objects.get().reminder_sent_at is None
    settings.MAILERS = working
    assert jobs.send_reminders() == 1
    assert [message["To"] for message in smtp.wait_for(1)] == ["ada@example.org"]
