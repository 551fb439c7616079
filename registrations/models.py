"""Sign-up for events: each event's registration settings (edited with the event page) and the registrations.

A registration is confirmed while the event has places, else it waits in line (first come, first served). Personal
data (name, e-mail) is removed a set number of days after the event (`anonymise_after_retention`); the rows stay,
without it, so the counts per event, programme of interest and attendance remain.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel


def has_opened(opens_at, now):
    return opens_at is None or opens_at <= now


def window_is_open(opens_at, closes_at, now):
    """The one rule for the sign-up window: from `opens_at` (or at once) until, not including, `closes_at`."""
    return has_opened(opens_at, now) and now < closes_at


def free_places(capacity, confirmed):
    """Places still free, or None without a limit."""
    return None if capacity is None else max(0, capacity - confirmed)


class RegistrationSettings(models.Model):
    """Whether an event takes sign-ups, and on which terms. One row per event, saved when its page is published."""

    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="registration_settings")
    enabled = models.BooleanField(_("take registrations on this site"), default=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit. Sign-ups beyond it join the waiting list."),
    )
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Empty: open as soon as the page is live.")
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True, help_text=_("Empty: when the event starts."))
    ask_programmes = models.BooleanField(
        _("ask for programmes of interest"), default=True, help_text=_("Offers the programmes this event presents.")
    )
    ask_heard_about = models.BooleanField(_("ask how they heard about us"), default=True)
    consent_text = models.TextField(
        _("consent text"),
        blank=True,
        help_text=_("What the student agrees to; shown next to a required checkbox. Empty: a standard text."),
    )

    panels = [
        FieldPanel("enabled"),
        FieldPanel("capacity"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("ask_programmes"), FieldPanel("ask_heard_about")]),
        FieldPanel("consent_text"),
    ]

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")
        constraints = [models.UniqueConstraint(fields=["page"], name="registration_settings_one_per_event")]

    def __str__(self):
        return str(_("Registration for %(event)s") % {"event": self.page.title})

    def clean(self):
        super().clean()
        errors = {}
        # The event is unknown while its editor validates this inline form (modelcluster sets the page on saving).
        start = self.page.start if self.page_id else None
        if self.closes_at and start and self.closes_at > start:
            errors["closes_at"] = _("Registration must close by the start of the event.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)

    def closes(self, event=None):
        """When sign-up closes. `event`: the page, when the caller has it already (saves a query)."""
        return self.closes_at or (event or self.page).start

    def is_open(self, now=None):
        """Switched on and within its window (the event's own status is `takes_sign_ups`'s concern)."""
        return self.enabled and window_is_open(self.opens_at, self.closes(), now or timezone.now())


def settings_panel():
    """The event editor's panel for these settings (added to EventPage's content panels by apps.py)."""
    return InlinePanel(
        "registration_settings",
        max_num=1,
        heading=_("Registration on this site"),
        label=_("Registration"),
        help_text=_("Add to take sign-ups here, with places, a waiting list and e-mails; replaces the link above."),
    )


class HeardAbout(models.TextChoices):
    SEARCH = "search", _("A search engine")
    SOCIAL = "social", _("Social media")
    SCHOOL = "school", _("My school or a teacher")
    FRIENDS = "friends", _("Friends or family")
    FAIR = "fair", _("A study fair")
    OTHER = "other", _("Elsewhere")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.CONFIRMED)
    # Personal data: emptied by `anonymise_after_retention`.
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    programmes = models.ManyToManyField(
        "programmes.ProgrammePage", blank=True, related_name="+", verbose_name=_("programmes of interest")
    )
    heard_about = models.CharField(_("heard about us through"), max_length=12, choices=HeardAbout, blank=True)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The interface language the person signed up in (empty: the default language): their e-mails are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "event", condition=~models.Q(email=""), name="registration_one_per_email_per_event"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return self.name or str(_("Anonymised registration"))

    @property
    def attended(self):
        return self.attended_at is not None


def retention_cutoff(now=None):
    """Events that ended before this moment keep no personal data."""
    return (now or timezone.now()) - timedelta(days=settings.REGISTRATION_RETENTION_DAYS)


def anonymise_after_retention(now=None):
    """Remove the name and e-mail of every registration for an event that ended more than the retention period
    ago, keeping the rest (status, programmes, attendance) for the counts. Returns the number of rows changed."""
    now = now or timezone.now()
    ended = Registration.objects.filter(event__end__lt=retention_cutoff(now), anonymised_at__isnull=True)
    return ended.update(name="", email="", anonymised_at=now)
