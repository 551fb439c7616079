"""iCalendar downloads: one event, every event of the site, every event of one school."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from wagtail.models import Site

from core.visibility import public
from schools.models import SchoolPage

from .ics import build_calendar, calendar_text, feed_description, feed_events, feed_name
from .models import EventPage

FEED_MAX_AGE = 15 * 60


def current_site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers to this host name.")
    return site


def site_name(site):
    return site.site_name or settings.WAGTAIL_SITE_NAME


def calendar_response(text, filename=None):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


def public_events(site):
    return public(EventPage.objects.live().descendant_of(site.root_page))


@require_safe
def site_feed(request):
    """Every upcoming (and recently ended) live public event of the site, for calendar subscriptions."""
    site = current_site(request)
    text = calendar_text(
        feed_events(site.root_page),
        request=request,
        host=site.hostname,
        name=feed_name(site_name(site)),
        uid=f"events@{site.hostname}",
        description=feed_description(site_name(site)),
    )
    return calendar_response(text)


@require_safe
def school_feed(request, school_id):
    """The events inside one school's part of the site (its faculties included)."""
    site = current_site(request)
    schools = public(SchoolPage.objects.live().descendant_of(site.root_page))
    school = get_object_or_404(schools, pk=school_id)
    text = calendar_text(
        feed_events(school),
        request=request,
        host=site.hostname,
        name=feed_name(school.title),
        uid=f"school-{school.pk}-events@{site.hostname}",
        description=feed_description(school.title),
    )
    return calendar_response(text)


@require_safe
def event_ics(request, page_id):
    """'Add to calendar': one event as an .ics download."""
    site = current_site(request)
    page = get_object_or_404(public_events(site), pk=page_id)
    calendar = build_calendar(
        [page], request=request, host=site.hostname, name=page.title, uid=f"event-{page.pk}-calendar@{site.hostname}"
    )
    return calendar_response(calendar.to_ical(), filename=f"{page.slug}.ics")
