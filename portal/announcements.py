"""Which announcements a public page shows, the admin form that checks an announcement's audience, and the demo
announcement."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page

from .models import Announcement

DEMO_ANNOUNCEMENT_TEXT = "KU Leuven will host an online open day on 1 December"


def ancestor_paths(page):
    """The tree paths of `page` and all its ancestors, worked out from its own path (no query)."""
    step = Page.steplen
    return [page.path[:end] for end in range(step, len(page.path) + 1, step)]


def live_announcements(page=None, now=None):
    """The announcements to show on `page` (None: a page outside the tree, e.g. search), most important first.

    Live means published by Wagtail and not past expiry: `publish_scheduled` flips `live` at go-live and expiry,
    and the expiry check here keeps an expired banner away even if it has not run yet. One query, whatever the
    number of announcements or targets.
    """
    now = now or timezone.now()
    audience = Q(audience=Announcement.Audience.SITE)
    queryset = Announcement.objects.filter(live=True).filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    if page is not None and page.pk:
        school_links = Announcement.schools.through.objects.filter(schoolpage__path__in=ancestor_paths(page))
        programme_links = Announcement.programmes.through.objects.filter(programmepage_id=page.pk)
        audience |= Q(audience=Announcement.Audience.SCHOOLS, pk__in=school_links.values("announcement_id"))
        audience |= Q(audience=Announcement.Audience.PROGRAMMES, pk__in=programme_links.values("announcement_id"))
        queryset = queryset.filter(locale_id=page.locale_id)
    importance = Case(
        When(level=Announcement.Level.IMPORTANT, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        queryset.filter(audience)
        .select_related("link_page")
        .annotate(importance=importance)
        .order_by("importance", "-first_published_at", "-pk")
    )


class AnnouncementForm(WagtailAdminModelForm):
    """Checks that an announcement aimed at schools or programmes names at least one."""

    def clean(self):
        cleaned_data = super().clean()
        audience = cleaned_data.get("audience")
        if audience == Announcement.Audience.SCHOOLS and not cleaned_data.get("schools"):
            self.add_error("schools", "Choose at least one school, or show the announcement on the whole site.")
        if audience == Announcement.Audience.PROGRAMMES and not cleaned_data.get("programmes"):
            self.add_error("programmes", "Choose at least one programme, or show the announcement on the whole site.")
        if cleaned_data.get("link_page") and cleaned_data.get("link_url"):
            self.add_error("link_url", "Link to a page or to a web address, not both.")
        return cleaned_data


def ensure_demo_announcement(school_page, event_page):
    """The KU Leuven open-day banner: on the school's pages, live now, expiring when the open day ends.

    Running it again changes nothing. Returns the announcement.
    """
    existing = Announcement.objects.filter(text=DEMO_ANNOUNCEMENT_TEXT).first()
    if existing is not None:
        return existing
    announcement = Announcement(
        text=DEMO_ANNOUNCEMENT_TEXT,
        level=Announcement.Level.IMPORTANT,
        audience=Announcement.Audience.SCHOOLS,
        link_page=event_page,
        link_text="Register for the open day",
        expire_at=event_page.end,
        live=False,
    )
    announcement.schools = [school_page]
    announcement.save()
    announcement.save_revision(log_action=True).publish()
    announcement.refresh_from_db()
    return announcement
