"""Single-query look-ups of events for listings and callouts."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import Page

from portal.models import SchoolPage
from portal.visibility import public

from .models import EventPage


def parent_path():
    """SQL for the tree path of the outer row's parent page."""
    return Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)


def with_school_title(events):
    """Annotate each event with `school_title`: the title of the live school it sits in, if any."""
    school = SchoolPage.objects.filter(path=parent_path(), live=True).values("title")[:1]
    return events.annotate(school_title=Subquery(school))


def next_event(scope, now=None):
    """The next live public event that can still be attended in `scope` (a Q over EventPage), or None.

    Cancelled and postponed events are left out: a callout should only point to something people can attend.
    """
    now = now or timezone.now()
    events = (
        public(EventPage.objects.live())
        .filter(scope, end__gte=now)
        .exclude(status__in=[EventPage.Status.CANCELLED, EventPage.Status.POSTPONED])
        .order_by("start", "pk")
    )
    return events.first()


def in_subtree(page):
    return Q(path__startswith=page.path, depth__gt=page.depth)


def next_event_for_school(school, now=None):
    return next_event(in_subtree(school), now)


def next_event_for_programme(programme, now=None):
    """Events presenting the programme, or held by its school (the programme's parent page)."""
    presents = EventPage.related_programmes.through.objects.filter(eventpage=OuterRef("pk"), programmepage=programme.pk)
    school_path = programme.path[: -Page.steplen]
    in_school = Q(path__startswith=school_path, depth__gt=programme.depth - 1)
    return next_event(Q(Exists(presents)) | in_school, now)


def presented_programmes(event):
    """The live public programmes an event presents, never drafts or private ones; looked up once per page object."""
    from programmes.models import ProgrammePage

    if not event.pk:
        return []
    if not hasattr(event, "_presented_programmes"):
        programmes = public(ProgrammePage.objects.live().filter(eventpage=event.pk)).order_by("title")
        event._presented_programmes = list(programmes)
    return event._presented_programmes
