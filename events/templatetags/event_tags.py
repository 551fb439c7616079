"""Template tags for calendar feed links and the "next open day" callout."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Site

from core.links import site_url
from programmes.models import ProgrammePage
from schools.models import SchoolPage

from ..ics import feed_name
from ..models import EventPage
from ..selectors import (
    next_event_for_programme,
    next_event_for_school,
    presented_programmes,
    upcoming_events_for_programme,
)

register = template.Library()


def feed_school(page):
    if isinstance(page, SchoolPage):
        return page
    if isinstance(page, EventPage):
        return page.school()
    return None


@register.simple_tag(takes_context=True)
def calendar_feeds(context):
    """`{% calendar_feeds as feeds %}`: the iCalendar feeds to advertise on this page, as {url, title} dicts.

    Every page advertises the site's feed; school pages and the events inside a school also get the school's own.
    """
    request = context.get("request")
    if request is None:
        return []
    site = Site.find_for_request(request)
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    feeds = [{"url": site_url(request, reverse("events:feed")), "title": _("%(site)s: all events") % {"site": name}}]
    school = feed_school(context.get("page"))
    if school is not None:
        url = site_url(request, reverse("events:school_feed", args=[school.pk]))
        feeds.append({"url": url, "title": feed_name(school.title)})
    return feeds


@register.simple_tag
def next_open_day(page):
    """`{% next_open_day page as event %}`: the next event to attend for a school or programme page, or None."""
    if isinstance(page, SchoolPage):
        return next_event_for_school(page)
    if isinstance(page, ProgrammePage):
        return next_event_for_programme(page)
    return None


@register.simple_tag
def programme_events(page):
    """`{% programme_events page as events %}`: a programme's upcoming events (presenting it or of its school)."""
    return upcoming_events_for_programme(page)


@register.filter
def webcal(url):
    """A feed's https:// or http:// URL as webcal://, which opens the visitor's calendar app to subscribe."""
    return "webcal://" + url.split("://", 1)[-1]


@register.simple_tag
def programmes_presented(event):
    """`{% programmes_presented page as programmes %}`: the live public programmes an event presents."""
    return presented_programmes(event)
