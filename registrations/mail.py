"""The e-mails to people who sign up: each with a plain-text and an HTML part, through Django's mail framework.

Confirmation (with the event's .ics attached and a signed link to cancel), waiting-list notice, promotion notice
(with the .ics), and the reminder the day before. The join link of an online event goes only into these e-mails.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.links import public_origin
from events.ics import PRODID, build_event, joins_online

logger = logging.getLogger(__name__)


def origin(event, request=None):
    """The public origin for links in an e-mail: the configured one, the request's, else the event's site."""
    site = event.get_site()
    return public_origin(request) or (site.root_url if site else "")


def links(registration, request=None):
    from .services import cancel_token  # services sends mail: imported here to keep the modules one-way

    event = registration.event
    base = origin(event, request)
    return {
        "event_url": base + event.get_url_parts(request)[2],
        "cancel_url": base + reverse("registrations:cancel", args=[cancel_token(registration)]),
    }


def calendar_bytes(registration, event_url, host):
    """The event as an iCalendar file for this person: with the join link (which the public .ics leaves out) while
    they have a place at an event going ahead."""
    from icalendar import Calendar

    event = registration.event
    calendar = Calendar.new(prodid=PRODID, name=event.title)
    calendar.add_component(build_event(event, url=event_url, host=host, join_link=bool(join_link(registration))))
    return calendar.to_ical()


def join_link(registration):
    """The online join link, for those with a confirmed place only."""
    event = registration.event
    confirmed = registration.status == registration.Status.CONFIRMED
    return event.online_url if confirmed and joins_online(event) and event.going_ahead else ""


def send(kind, registration, request=None, attach_calendar=False):
    """Send one e-mail, in the language the person signed up in (a reminder or promotion comes from a job that has
    no visitor's language of its own)."""
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        compose(kind, registration, request, attach_calendar).send()
    # Never the address or name in the log: the registration's id is enough to find it.
    logger.info("Sent the %s e-mail of registration %s", kind, registration.pk)


def compose(kind, registration, request, attach_calendar):
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "join_link": join_link(registration),
        **links(registration, request),
    }
    subject = " ".join(render_to_string(f"registrations/email/{kind}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"registrations/email/{kind}.txt", context), to=[registration.email]
    )
    message.attach_alternative(render_to_string(f"registrations/email/{kind}.html", context), "text/html")
    if attach_calendar:
        host = (event.get_site().hostname if event.get_site() else "") or "localhost"
        message.attach(f"{event.slug}.ics", calendar_bytes(registration, context["event_url"], host), "text/calendar")
    return message


def send_after_commit(kind, registration, request=None, attach_calendar=False):
    """`send`, for a change already committed: a mail server that fails must not turn the student's successful
    sign-up or cancellation into an error page. Logged (by id) for staff to follow up."""
    try:
        send(kind, registration, request, attach_calendar)
    except Exception as error:
        # The error's class only: an SMTP refusal's message names the recipient.
        logger.error(
            "The %s e-mail of registration %s could not be sent: %s", kind, registration.pk, type(error).__name__
        )


def send_signed_up(registration, request=None):
    if registration.status == registration.Status.CONFIRMED:
        send_after_commit("confirmed", registration, request, attach_calendar=True)
    else:
        send_after_commit("waiting", registration, request)


def send_promoted(registration, request=None):
    send_after_commit("promoted", registration, request, attach_calendar=True)


def send_reminder(registration):
    send("reminder", registration, attach_calendar=True)
