"""The e-mails, received by a real SMTP server (aiosmtpd) in the test process."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from registrations.models import Registration

from .smtp import parts


def sign_up(event, email, name="Ada Lovelace"):
    data = {"name": name, "email": email, "consent": "on"}
    return Client().post(reverse("registrations:sign_up", args=[event.pk]), data)


def cancel_link(text):
    return re.search(r"https?://\S+/events/sign-up/cancel/\S+/", text).group(0)


@pytest.mark.django_db
def test_confirmation_with_calendar_join_link_and_cancel_link_then_promotion(
    open_day, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(open_day, "one@example.org", name="Ada & Co")
        sign_up(open_day, "two@example.org")
        sign_up(open_day, "three@example.org", name="Grace Hopper")
    smtp.wait_for(3)

    [confirmation] = smtp.to("one@example.org")
    assert confirmation["Subject"] == "You are signed up: Law open day"
    text, html, attachments = parts(confirmation)
    assert "Dear Ada & Co," in text  # plain text is not HTML-escaped
    assert "Dear Ada &amp; Co," in html
    assert "https://stream.example.org/secret-room" in text and "https://stream.example.org/secret-room" in html
    [ics] = attachments
    assert ics.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(ics.get_content())
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Law open day"
    assert vevent.decoded("DTSTART") == open_day.start
    assert "secret-room" in str(vevent["DESCRIPTION"])  # the personal calendar entry carries the join link

    [waiting] = smtp.to("three@example.org")
    assert "waiting list" in waiting["Subject"]
    waiting_text, _html, waiting_attachments = parts(waiting)
    assert "secret-room" not in waiting_text and not waiting_attachments

    # The cancel link needs no login: it asks to confirm, then deletes the registration.
    url = cancel_link(text)
    path = url.split("testserver", 1)[-1] if "testserver" in url else "/" + url.split("/", 3)[3]
    visitor = Client()
    assert "Yes, cancel my registration" in visitor.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = visitor.post(path)
    assert done.status_code == 200
    assert "cancelled and your details are deleted" in done.content.decode()
    assert not Registration.objects.filter(email="one@example.org").exists()

    smtp.wait_for(4)
    [promotion] = smtp.to("three@example.org")[1:]
    assert "A place is free for you" in promotion["Subject"]
    promotion_text, promotion_html, promotion_attachments = parts(promotion)
    assert "Dear Grace Hopper" in promotion_text and "Grace Hopper" in promotion_html
    assert len(promotion_attachments) == 1
    assert Registration.objects.get(email="three@example.org").status == Registration.Status.CONFIRMED


@pytest.mark.django_db
def test_a_mail_server_that_is_down_does_not_turn_a_sign_up_into_an_error(
    open_day, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 18399, "timeout": 2},  # nothing listens there
        }
    }
    with caplog.at_level("ERROR"), django_capture_on_commit_callbacks(execute=True):
        response = sign_up(open_day, "ada@example.org")
    assert response.status_code == 302
    assert Registration.objects.filter(email="ada@example.org").exists()
    assert "could not be sent" in caplog.text and "ada@example.org" not in caplog.text


@pytest.mark.django_db
def test_e_mails_are_in_the_language_the_person_signed_up_in(open_day, smtp, django_capture_on_commit_callbacks):
    """Dutch at sign-up gives a Dutch confirmation, and a Dutch reminder from the job, which runs in no language of
    its own; an English sign-up stays English."""
    from django.utils import translation

    from registrations import mail

    with django_capture_on_commit_callbacks(execute=True):
        with translation.override("nl"):
            sign_up(open_day, "an@example.org", name="An Peeters")
        sign_up(open_day, "ada@example.org")
    smtp.wait_for(2)

    [dutch] = smtp.to("an@example.org")
    assert dutch["Subject"] == "U bent ingeschreven: Law open day"
    text, html, _attachments = parts(dutch)
    assert "Beste An Peeters," in text and "Uw plaats is bevestigd." in html and '<html lang="nl">' in html
    assert "(Brusselse tijd," in text and "Kunt u toch niet komen?" in text
    [english] = smtp.to("ada@example.org")
    assert english["Subject"] == "You are signed up: Law open day"
    assert Registration.objects.get(email="an@example.org").language == "nl"

    mail.send_reminder(Registration.objects.get(email="an@example.org"))  # as the scheduled job does
    reminder = smtp.wait_for(3)[-1]
    assert reminder["Subject"] == "Morgen: Law open day"
