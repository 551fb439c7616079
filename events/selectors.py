"""Single-query look-ups of events for listings and callouts."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import Page

from core.ports import EVENT_SUBTREES, depends_on, events_tag, presenting_tag, remember
from core.visibility import public
from schools.models import SchoolPage

from .models import EventPage


def parent_path():
    """SQL for the tree path of the outer row's parent page."""
    return Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)


def with_school_title(events):
    """Annotate each event with `school_title`: the title of the live school it sits in, if any."""
    school = SchoolPage.objects.filter(path=parent_path(), live=True).values("title")[:1]
    return events.annotate(school_title=Subquery(school))


# Events and whether they are public: what the kept lists of events are rebuilt after. A page showing some of them
# records finer tags (`depends_on`): those of the events below a page, or presenting a programme.
EVENT_TAGS = ("events", "restrictions")


class Attendable:
    """The events people can still attend, soonest first, as (event, ids of the programmes it presents), indexed by
    each page above an event and by each programme presented: a page finds its own events without a walk over all."""

    def __init__(self, events):
        self.events = events
        self.below = {}  # tree path of a page above the event → positions in `events`
        self.presenting = {}  # programme id → positions in `events`
        for position, (event, presented) in enumerate(events):
            for depth in range(1, event.depth):
                self.below.setdefault(event.path[: depth * Page.steplen], []).append(position)
            for programme_id in presented:
                self.presenting.setdefault(programme_id, []).append(position)

    def __iter__(self):
        return iter(self.events)

    def first(self, positions, limit, now):
        """The first `limit` events at `positions` (ascending) not yet over."""
        found = []
        for position in positions:
            event = self.events[position][0]
            if event.end >= now:
                found.append(event)
                if len(found) == limit:
                    break
        return found


def attendable_events():
    """Every live public event people can still attend (not over, cancelled or postponed), soonest first, with the
    ids of the programmes it presents (`Attendable`). Kept in memory until content or the day changes (events over by
    then are left out); whether an event is over is decided per request.
    """

    def load():
        events = (
            public(EventPage.objects.live())
            .filter(end__gte=timezone.now())
            .exclude(status__in=[EventPage.Status.CANCELLED, EventPage.Status.POSTPONED])
            .order_by("start", "pk")
        )
        presents = {}
        links = EventPage.related_programmes.through.objects.filter(eventpage__in=events.values("pk"))
        for event_id, programme_id in links.values_list("eventpage_id", "programmepage_id"):
            presents.setdefault(event_id, set()).add(programme_id)
        return Attendable([(event, frozenset(presents.get(event.pk, ()))) for event in events])

    return remember(("attendable-events", timezone.localdate()), load, tags=EVENT_TAGS)


def upcoming_summary(events, key, now=None):
    """How many of `events` (a listing's queryset, for the site and filters named by `key`) are not yet over, and the
    earliest start among them: {"count", "first_start", "until"}.

    Counting them reads every upcoming event (6,700 at 20,000 programmes: most of the events listing's database time),
    so the summary is kept until the events change or the soonest of them ends. The first start stays a lower bound of
    the upcoming events' starts as time passes, so the listing's query can start its index scan there rather than walk
    every past event."""
    now = now or timezone.now()
    kept = remember(("upcoming-events-summary", *key), dict, tags=EVENT_TAGS)
    if not kept or (kept["until"] is not None and kept["until"] < now):
        kept.update(
            events.filter(end__gte=now).aggregate(count=Count("pk"), until=Min("end"), first_start=Min("start"))
        )
    return kept


class CountedPaginator(Paginator):
    """A paginator given the number of items (`upcoming_summary`) instead of counting them with a query."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


# What a calendar feed holds, whatever the number of events: upcoming events and those ended lately, each bounded.
FEED_PAST_DAYS = 30
FEED_UPCOMING = 200  # the soonest upcoming events
FEED_RECENT = 50  # the events that ended last, within FEED_PAST_DAYS


def events_below(page):
    """The live public events below `page` (cancelled and postponed ones too) that a feed or a list of upcoming
    events may show, by start: the FEED_RECENT that ended last within FEED_PAST_DAYS and the FEED_UPCOMING soonest
    not yet over (two queries). Kept until content or the day changes; events that end meanwhile stay in it, and
    callers decide per request what is over."""

    def load():
        now = timezone.now()
        events = EventPage.listing().descendant_of(page)
        recent = events.filter(end__lt=now, end__gte=now - timedelta(days=FEED_PAST_DAYS)).order_by("-end", "-pk")
        upcoming = events.filter(end__gte=now).order_by("start", "pk")[:FEED_UPCOMING]
        return sorted([*recent[:FEED_RECENT], *upcoming], key=lambda event: (event.start, event.pk))

    depends_on([events_tag(page.path)])
    return remember(("events-below", page.pk, timezone.localdate()), load, tags=EVENT_TAGS)


def upcoming_events_below(page, limit):
    """The first `limit` events below `page` not yet over, soonest first; whether one is over is decided per call."""
    now = timezone.now()
    return [event for event in events_below(page) if event.end >= now][:limit]


def next_event_for_school(school, now=None):
    """The soonest event below the school not yet over, or None."""
    depends_on([events_tag(school.path)])
    events = attendable_events()
    found = events.first(events.below.get(school.path, ()), 1, now or timezone.now())
    return found[0] if found else None


def programme_event_tags(programme):
    """What a programme's events depend on: the events of its school, those presenting it (and moved subtrees)."""
    return [events_tag(programme.path[: -Page.steplen]), presenting_tag(programme.pk), EVENT_SUBTREES]


def next_event_for_programme(programme, now=None):
    """The soonest event presenting the programme, or held by its school (the programme's parent page), or None."""
    found = upcoming_events_for_programme(programme, limit=1, now=now)
    return found[0] if found else None


def upcoming_events_for_programme(programme, limit=5, now=None):
    """The programme's attendable events not yet over, soonest first: those presenting it or held by its school."""
    depends_on(programme_event_tags(programme))
    events = attendable_events()
    school_path = programme.path[: -Page.steplen]
    positions = sorted({*events.below.get(school_path, ()), *events.presenting.get(programme.pk, ())})
    return events.first(positions, limit, now or timezone.now())


def presented_programmes(event):
    """The live public programmes an event presents, never drafts or private ones; looked up once per page object."""
    from programmes.models import ProgrammePage

    if not event.pk:
        return []
    if not hasattr(event, "_presented_programmes"):
        programmes = public(ProgrammePage.objects.live().filter(eventpage=event.pk)).order_by("title")
        event._presented_programmes = list(programmes)
    return event._presented_programmes
