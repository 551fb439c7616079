"""Signing up, cancelling and moving up from the waiting list, each under a row lock on the event's settings.

Every change for one event takes `SELECT … FOR UPDATE` on its RegistrationSettings row first, so simultaneous
sign-ups are counted one after another on PostgreSQL and an event is never overbooked. The e-mails go out after the
transaction commits.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.ports import remember

from . import mail
from .models import Registration, RegistrationSettings, free_places, has_opened, window_is_open
from .signals import registrations_changed

CANCEL_SALT = "registrations.cancel"


class SignUpRefused(Exception):
    """A sign-up that cannot be taken; `message` says why, for the student."""

    status = 409

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class RegistrationClosed(SignUpRefused):
    status = 403


class AlreadyRegistered(SignUpRefused):
    pass


@dataclass(frozen=True)
class Availability:
    """An event's sign-up terms and counts, as plain values (kept between requests for the cached event page).
    Whether it is open is decided on each call, from the clock."""

    capacity: int | None
    opens_at: datetime | None
    closes_at: datetime
    going_ahead: bool
    confirmed: int
    waiting: int

    @property
    def is_open(self):
        return self.going_ahead and window_is_open(self.opens_at, self.closes_at, timezone.now())

    @property
    def has_opened(self):
        return has_opened(self.opens_at, timezone.now())

    @property
    def places_left(self):
        """Places still free, or None without a limit."""
        return free_places(self.capacity, self.confirmed)

    @property
    def full(self):
        return self.places_left == 0


def takes_sign_ups(event, settings, now=None):
    """Open for sign-ups: switched on, within its window, and the event neither cancelled nor postponed."""
    return settings is not None and event.going_ahead and settings.is_open(now)


def settings_for(event):
    """The event's registration settings if it takes sign-ups on this site, else None."""
    return RegistrationSettings.objects.filter(page=event, enabled=True).first()


def availability(event, settings=None):
    """The event's Availability now, or None when it takes no sign-ups here."""
    settings = settings or settings_for(event)
    if settings is None:
        return None
    counts = {Registration.Status.CONFIRMED: 0, Registration.Status.WAITING: 0}
    rows = Registration.objects.filter(event=event).values_list("status").order_by().annotate(n=Count("pk"))
    counts.update(dict(rows))
    return Availability(
        capacity=settings.capacity,
        opens_at=settings.opens_at,
        closes_at=settings.closes(event),
        going_ahead=event.going_ahead,
        confirmed=counts[Registration.Status.CONFIRMED],
        waiting=counts[Registration.Status.WAITING],
    )


def kept_availability(event):
    """`availability(event)` for public pages, kept until the event's page changes: its publish, and every sign-up,
    cancellation and promotion (`registrations_changed`), bump the event's `path:` tag."""
    return remember(f"registrations:availability:{event.pk}", lambda: availability(event), tags=[f"path:{event.path}"])


def locked_settings(event):
    return RegistrationSettings.objects.select_for_update().filter(page=event, enabled=True).first()


def confirmed_count(event):
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


def has_place(event, settings):
    """A confirmed place is free for one more person."""
    return free_places(settings.capacity, confirmed_count(event)) != 0


def register(event, *, name, email, programmes=(), heard_about="", request=None):
    """Sign `email` up for `event`: confirmed while places remain, else on the waiting list. Raises SignUpRefused."""
    with transaction.atomic():
        settings = locked_settings(event)
        if not takes_sign_ups(event, settings):
            raise RegistrationClosed(_("Registration for this event is closed."))
        if Registration.objects.filter(event=event, email__iexact=email).exists():
            raise AlreadyRegistered(already_registered_message())
        # Those already waiting come first: places freed by a raised capacity go to them before this newcomer.
        fill_free_places(event, request)
        status = Registration.Status.CONFIRMED if has_place(event, settings) else Registration.Status.WAITING
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    status=status,
                    name=name,
                    email=email,
                    heard_about=heard_about,
                    language=translation.get_language() or "",
                )
        except IntegrityError:  # the same address, in another letter case, in between: the constraint decides
            raise AlreadyRegistered(already_registered_message()) from None
        registration.programmes.set(programmes)
        registrations_changed.send(sender=Registration, event=event)
        transaction.on_commit(lambda: mail.send_signed_up(registration, request))
    return registration


def already_registered_message():
    return _("This e-mail address is already signed up for this event. Your confirmation e-mail has a link to cancel.")


def cancel_token(registration):
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def registration_for_token(token):
    """The registration a cancel link names; None when it is gone (already cancelled). Raises BadSignature."""
    pk = signing.loads(token, salt=CANCEL_SALT)
    if not isinstance(pk, int):
        raise signing.BadSignature("not a registration")
    return Registration.objects.filter(pk=pk, anonymised_at__isnull=True).select_related("event").first()


def cancel(registration, request=None):
    """Delete the registration and its personal data; the first on the waiting list gets the freed place."""
    event = registration.event
    with transaction.atomic():
        locked_settings(event)
        deleted, _rows = Registration.objects.filter(pk=registration.pk).delete()
        if deleted:
            fill_free_places(event, request)
            registrations_changed.send(sender=Registration, event=event)
    return bool(deleted)


def fill_free_places(event, request=None):
    """Move people up from the waiting list while places are free, for an event still ahead (not over, cancelled
    or postponed: no one is moved up, or e-mailed, for those). Call with the settings row locked."""
    settings = RegistrationSettings.objects.filter(page=event, enabled=True).first()
    if settings is None or not event.still_ahead():
        return []
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITING).order_by("created_at", "pk")
    free = free_places(settings.capacity, confirmed_count(event))
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting)
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        transaction.on_commit(lambda registration=registration: mail.send_promoted(registration, request))
    return promoted


def promote_after_publish(event):
    """Publishing the event may have raised its capacity: move people up at once, not at the next scheduled run."""
    with transaction.atomic():
        if locked_settings(event) is None:
            return []
        promoted = fill_free_places(event)
        if promoted:
            registrations_changed.send(sender=Registration, event=event)
    return promoted


def promote_where_places_freed(now=None):
    """For events whose capacity was raised (or limit removed): move people up. Returns how many moved up."""
    now = now or timezone.now()
    moved = 0
    event_ids = (
        Registration.objects.filter(status=Registration.Status.WAITING, event__start__gt=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for settings in RegistrationSettings.objects.filter(page_id__in=list(event_ids), enabled=True).select_related(
        "page"
    ):
        with transaction.atomic():
            locked_settings(settings.page)
            promoted = fill_free_places(settings.page)
            if promoted:
                registrations_changed.send(sender=Registration, event=settings.page)
            moved += len(promoted)
    return moved
