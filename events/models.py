"""Event pages (open days, info sessions) and the portal-wide events listing."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from core.models import BasePage
from core.visibility import public


class EventIndexPage(BasePage):
    """The portal-wide events listing: upcoming events first, recent past ones apart, filterable by GET parameters."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    UPCOMING_PER_PAGE = 20
    PAST_SHOWN = 6

    parent_page_types = ["core.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1  # one per language tree (its home page)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from .filters import EventFilterForm, programme_choices, school_options
        from .selectors import CountedPaginator, upcoming_summary, with_school_title

        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        site_root = site.root_page if site else self.get_parent()
        programmes = programme_choices(site_root, request.GET.get("programme"))
        form = EventFilterForm(request.GET, schools=school_options(site_root), programmes=programmes)
        listed = form.filter(EventPage.listing().descendant_of(site_root))
        events = with_school_title(listed)
        now = timezone.now()
        summary = upcoming_summary(listed, (site_root.pk, *form.chosen()), now)
        upcoming_events = events.filter(end__gte=now)
        if summary["first_start"] is not None:
            upcoming_events = upcoming_events.filter(start__gte=summary["first_start"])
        paginator = CountedPaginator(upcoming_events, self.UPCOMING_PER_PAGE, summary["count"])
        upcoming = paginator.get_page(request.GET.get("page"))
        context.update(
            filter_form=form,
            upcoming_page=upcoming,
            upcoming_events=upcoming.object_list,
            past_events=list(events.filter(end__lt=now).order_by("-end", "-pk")[: self.PAST_SHOWN]),
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Unknown filter values still get the page, with the form's error messages, but not a 200.
        context = getattr(response, "context_data", None) or {}
        if "filter_form" in context and context["filter_form"].errors:
            response.status_code = 400
        return response


# See EventPage.takes_registration.
ON_SITE_SIGN_UP_HOOK = "event_takes_sign_ups_here"


class EventPage(BasePage):
    class AttendanceMode(models.TextChoices):
        ONLINE = "online", _("Online")
        ON_CAMPUS = "on_campus", _("On campus")
        HYBRID = "hybrid", _("Hybrid (on campus and online)")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")
        MOVED_ONLINE = "moved_online", _("Moved online")

    school_title = ""  # set by listings that annotate it (selectors.with_school_title); cards show it when set

    # The statuses under which the event takes place (in person or online).
    GOING_AHEAD = (Status.SCHEDULED, Status.MOVED_ONLINE)

    # The same in every language: copied from the English page to its translations (core/synchronised.py).
    synchronised_fields = [
        "start",
        "end",
        "attendance_mode",
        "status",
        "online_url",
        "registration_url",
        "related_programmes",
    ]

    start = models.DateTimeField(help_text="When the event starts, in Brussels time.")
    end = models.DateTimeField(help_text="When the event ends, in Brussels time.")
    attendance_mode = models.CharField(max_length=20, choices=AttendanceMode, default=AttendanceMode.ON_CAMPUS)
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.SCHEDULED,
        help_text="Keep a cancelled or postponed event published with its status, so visitors and calendars learn of it.",
    )
    venue = models.CharField(max_length=200, blank=True, help_text="Building and room, for on-campus attendance.")
    address = models.TextField(blank=True, help_text="Street address of the venue, one line per row.")
    online_url = models.URLField(blank=True, help_text="Where online attendees join, e.g. the stream or meeting link.")
    registration_url = models.URLField(blank=True, help_text="Where visitors register, if registration is needed.")
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol", "h3"])
    related_programmes = ParentalManyToManyField(
        "programmes.ProgrammePage", blank=True, help_text="Programmes this event presents."
    )

    # The main menu highlights this section, not the school the page sits under.
    menu_section = "events.EventIndexPage"
    parent_page_types = ["schools.SchoolPage", "events.EventIndexPage"]
    subpage_types = []

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.FilterField("start"),
        index.FilterField("attendance_mode"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading="When"),
        FieldRowPanel([FieldPanel("attendance_mode"), FieldPanel("status")]),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("address"), FieldPanel("online_url")], heading="Where"),
        FieldPanel("registration_url"),
        FieldPanel("description"),
        FieldPanel("related_programmes"),
    ]

    class Meta:
        indexes = [models.Index(fields=["start"])]

    @classmethod
    def add_content_panels(cls, *panels):
        """The extension point for apps above this one that keep data of their own with the event, edited and
        published with it (a ParentalKey to EventPage): they add its panel from their AppConfig.ready(), before
        Wagtail builds the editor, so this app never names their relations."""
        cls.content_panels = [*cls.content_panels, *panels]

    @property
    def takes_registration(self):
        """Visitors register: through the external link, or on this site (apps above register the hook named by
        ON_SITE_SIGN_UP_HOOK: `hook(page) -> bool`)."""
        return bool(self.registration_url) or any(hook(self) for hook in hooks.get_hooks(ON_SITE_SIGN_UP_HOOK))

    @property
    def going_ahead(self):
        """The event takes place: neither cancelled nor postponed."""
        return self.status in self.GOING_AHEAD

    def still_ahead(self, now=None):
        """Going ahead and not yet started: worth signing up for, moving up to or reminding of."""
        return self.going_ahead and (now or timezone.now()) < self.start

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        online = self.attendance_mode in (self.AttendanceMode.ONLINE, self.AttendanceMode.HYBRID)
        if online and not self.online_url:
            errors["online_url"] = _("Online and hybrid events need the link attendees join with.")
        if self.attendance_mode != self.AttendanceMode.ONLINE and not (self.venue or self.address):
            errors["venue"] = _("On-campus and hybrid events need a venue or an address.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def listing(cls):
        return public(cls.objects.live()).order_by("start")

    @property
    def is_online(self):
        return self.attendance_mode != self.AttendanceMode.ON_CAMPUS

    @property
    def has_venue(self):
        return self.attendance_mode != self.AttendanceMode.ONLINE
