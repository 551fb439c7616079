"""iCalendar (RFC 5545) output for events: single-event downloads and subscribable feeds.

Everything is built with the `icalendar` library, which does the escaping and line folding. Times are written in
UTC, so every DTSTART/DTEND denotes the right instant without shipping a VTIMEZONE.
"""

from datetime import UTC, timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Conference, Event, vDuration
from wagtail import hooks

from core.ports import remember

from .models import EventPage
from .selectors import FEED_PAST_DAYS, events_below

PRODID = "-//Leuven programme portal//Events//EN"
REFRESH_INTERVAL = timedelta(hours=1)

# Apps above this one register `hook(page) -> bool` under this name to keep an event's join link out of public output
# (registrations/: the link of an event that takes sign-ups goes only to those who signed up).
PRIVATE_JOIN_LINK_HOOK = "event_join_link_is_private"

ICS_STATUS = {
    EventPage.Status.SCHEDULED: "CONFIRMED",
    EventPage.Status.MOVED_ONLINE: "CONFIRMED",
    EventPage.Status.CANCELLED: "CANCELLED",
    EventPage.Status.POSTPONED: "TENTATIVE",
}


def feed_name(owner):
    """The name of a calendar feed of `owner` (the site's or a school's name) in the active language: its NAME and
    X-WR-CALNAME, which calendar apps show for the subscription."""
    return _("%(owner)s: events") % {"owner": owner}


def feed_description(owner):
    return _("Open days, information sessions and other events of %(owner)s.") % {"owner": owner}


def feed_events(page, now=None):
    """The live public events below `page` that a feed lists: upcoming ones and those that ended within
    FEED_PAST_DAYS (so subscribers see what they attended, or what was cancelled), bounded (`events_below`)."""
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    return [event for event in events_below(page) if event.end >= since]


def event_uid(page, host):
    """A UID that stays the same across edits, moves and re-publishing of the page."""
    return f"event-{page.pk}@{host}"


def place_text(page):
    """The venue and its address on one line, e.g. 'Aula Pieter De Somer, Deberiotstraat 24, 3000 Leuven'."""
    parts = [page.venue.strip()] + [line.strip() for line in page.address.splitlines()]
    return ", ".join(part for part in parts if part)


def join_link_is_public(page):
    return not any(is_private(page) for is_private in hooks.get_hooks(PRIVATE_JOIN_LINK_HOOK))


def joins_online(page):
    return page.status == EventPage.Status.MOVED_ONLINE or page.attendance_mode != EventPage.AttendanceMode.ON_CAMPUS


def location_text(page, join_link=True):
    """Where to go: the place for on-campus and hybrid events, the link for online (or moved online) ones."""
    fully_online = (
        page.attendance_mode == EventPage.AttendanceMode.ONLINE or page.status == EventPage.Status.MOVED_ONLINE
    )
    link = page.online_url if join_link else ""
    if fully_online and link:
        return link
    return place_text(page) or link


def description_text(page, url, join_link=True):
    lines = [page.summary.strip()] if page.summary.strip() else []
    if page.status != EventPage.Status.SCHEDULED:
        lines.append(_("Status: %(status)s.") % {"status": page.get_status_display()})
    if joins_online(page) and page.online_url and join_link:
        lines.append(_("Join online: %(url)s") % {"url": page.online_url})
    if page.registration_url:
        lines.append(_("Register: %(url)s") % {"url": page.registration_url})
    lines.append(_("More information: %(url)s") % {"url": url})
    return "\n".join(lines)


def as_utc(value):
    return value.astimezone(UTC)


def build_event(page, *, url, host, join_link=None):
    """One VEVENT for an event page; `url` is the page's absolute URL. `join_link`: whether to include the online
    join link (default: unless it is private, see PRIVATE_JOIN_LINK_HOOK)."""
    join_link = join_link_is_public(page) if join_link is None else join_link
    online = joins_online(page) and page.online_url and join_link
    modified = as_utc(page.last_published_at or page.latest_revision_created_at or timezone.now())
    event = Event.new(
        uid=event_uid(page, host),
        summary=page.title,
        description=description_text(page, url, join_link),
        start=as_utc(page.start),
        end=as_utc(page.end),
        # Without a METHOD, DTSTAMP is the time the event's information last changed (RFC 5545, 3.8.7.2).
        stamp=modified,
        last_modified=modified,
        status=ICS_STATUS.get(page.status, "CONFIRMED"),
        url=url,
        location=location_text(page, join_link) or None,
        conferences=[Conference(page.online_url, feature="VIDEO")] if online else None,
    )
    return event


def event_text(page, *, url, host):
    """The serialised VEVENT of an event page, kept until content changes (a feed of a thousand events would
    otherwise build and fold every one of them on each request)."""
    texts = remember("ics-events", dict, tags=["events", "routes"])  # a fresh dict after any event change
    key = (page.pk, url, host, translation.get_language())  # the description is in the visitor's language
    if key not in texts:
        texts[key] = build_event(page, url=url, host=host).to_ical()
    return texts[key]


def calendar_text(pages, *, request, host, name, uid, description=""):
    """The same bytes as `build_calendar(...).to_ical()`, with each VEVENT from `event_text`."""
    shell = build_calendar([], request=request, host=host, name=name, uid=uid, description=description).to_ical()
    end = b"END:VCALENDAR\r\n"
    assert shell.endswith(end)
    events = b"".join(event_text(page, url=page.get_full_url(request), host=host) for page in pages)
    return shell[: -len(end)] + events + end


def build_calendar(pages, *, request, host, name, uid, description=""):
    """A VCALENDAR with one VEVENT per page, ready for `to_ical()`."""
    events = [build_event(page, url=page.get_full_url(request), host=host) for page in pages]
    calendar = Calendar.new(
        prodid=PRODID,
        name=name,
        description=description or None,
        uid=uid,
        refresh_interval=REFRESH_INTERVAL,
        subcomponents=events,
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986, not added by the library
    # Older clients (Outlook, Apple Calendar) read the refresh hint from this non-standard property.
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    return calendar
