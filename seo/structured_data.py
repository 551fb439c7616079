"""Schema.org structured data (JSON-LD) for public pages, as plain dicts.

Only live public content is described: the provider or organiser school must be live, and an event's related
programmes are filtered to live public ones. `seo_tags.json_ld` renders the dicts into the page's <head>.
"""

import re
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Site

from core.l10n import language_tag
from core.links import site_url
from programmes.taxonomy import in_language
from seo.share_image import share_image_url

SCHEMA = "https://schema.org"
BRUSSELS = ZoneInfo("Europe/Brussels")
POSTCODE_LINE = re.compile(r"^(?:[A-Z]{1,2}-)?(?P<code>\d{4,5})\s+(?P<locality>\S.*)$")

ATTENDANCE_MODES = {
    "online": f"{SCHEMA}/OnlineEventAttendanceMode",
    "on_campus": f"{SCHEMA}/OfflineEventAttendanceMode",
    "hybrid": f"{SCHEMA}/MixedEventAttendanceMode",
}
EVENT_STATUSES = {
    "scheduled": f"{SCHEMA}/EventScheduled",
    "cancelled": f"{SCHEMA}/EventCancelled",
    "postponed": f"{SCHEMA}/EventPostponed",
    "moved_online": f"{SCHEMA}/EventMovedOnline",
}
PACE_MODES = {"full_time": ["full-time"], "part_time": ["part-time"], "flexible": ["full-time", "part-time"]}
STUDY_MODES = {"on_campus": [], "online": ["online"], "blended": ["blended"]}


def compact(data):
    """Drop empty values, so no property is announced without content."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def iso_datetime(value):
    """ISO 8601 with the Brussels offset, e.g. 2026-12-01T10:00:00+01:00."""
    return timezone.localtime(value, BRUSSELS).isoformat()


def number(value):
    """A Decimal as a JSON number: 1234 rather than 1234.00."""
    return int(value) if value == int(value) else float(value)


def postal_address(text):
    """A PostalAddress from free text ('Naamsestraat 22', '3000 Leuven', 'Belgium'), lines or commas apart."""
    parts = [part.strip() for line in text.splitlines() for part in line.split(",") if part.strip()]
    if not parts:
        return None
    for index, part in enumerate(parts):
        match = POSTCODE_LINE.match(part)
        if match:
            after = parts[index + 1 :]
            return compact(
                {
                    "@type": "PostalAddress",
                    "streetAddress": ", ".join(parts[:index]),
                    "postalCode": match["code"],
                    "addressLocality": match["locality"],
                    "addressCountry": after[-1] if after else "",
                }
            )
    return {"@type": "PostalAddress", "streetAddress": ", ".join(parts)}


def with_context(data):
    return {"@context": SCHEMA, **data}


def institution(school, request):
    """A school named as provider or organiser: just enough to identify it."""
    return compact({"@type": "CollegeOrUniversity", "name": school.title, "url": school.get_full_url(request)})


def site_institution(request):
    """The university itself, for portal-wide events that no school organises."""
    from core.models import PortalSettings

    name = PortalSettings.for_request(request).organisation_name
    return compact({"@type": "CollegeOrUniversity", "name": name, "url": site_url(request, "/")})


def school_data(school, request):
    logo_url = site_url(request, school.logo.file.url) if school.logo_id and school.logo else ""
    return with_context(
        compact(
            {
                "@type": "CollegeOrUniversity",
                "name": school.title,
                "description": school.search_description or school.summary,
                "url": school.get_full_url(request),
                "logo": logo_url,
                "address": postal_address(school.address),
                "email": school.contact_email,
                "telephone": school.contact_phone,
                "sameAs": [school.website] if school.website else [],
            }
        )
    )


def next_start_date(months, today):
    """The first day of the soonest intake month that has not begun yet (within the coming year)."""
    candidates = []
    for month in months:
        start = date(today.year, month, 1)
        candidates.append(start if start >= today else date(today.year + 1, month, 1))
    return min(candidates) if candidates else None


def tuition_offer(fee):
    return compact(
        {
            "@type": "Offer",
            "category": fee.applicant_group,
            "price": number(fee.amount),
            "priceCurrency": fee.currency,
            "description": _("Tuition fee %(period)s") % {"period": fee.get_period_display()},
        }
    )


def credential(programme):
    """The degree awarded, with its level (a programme itself has no educationalLevel in schema.org)."""
    if not programme.degree_type_id:
        return None
    return {
        "@type": "EducationalOccupationalCredential",
        "name": in_language([programme.degree_type])[0].name,
        "inLanguage": language_tag(),
        "credentialCategory": "degree",
        "educationalLevel": programme.get_study_level_display(),
    }


def deadline_value(open_deadlines):
    """The open deadlines, soonest first: one date, or a list when applicant groups have different ones."""
    dates = sorted({deadline.isoformat() for deadline in open_deadlines})
    if not dates:
        return None
    return dates[0] if len(dates) == 1 else dates


def programme_data(programme, request, today=None):
    today = today or timezone.localdate()
    # Prefetched on the page object itself, so the page's template reuses these rows instead of querying again.
    if programme.pk and not programme.facts_loaded:
        prefetch_related_objects([programme], "deadlines", "intakes", "teaching_languages", "tuition_fees")
    school = programme.school()
    open_deadlines = sorted(deadline.date for deadline in programme.deadlines.all() if deadline.date >= today)
    start = next_start_date([intake.start_month for intake in programme.intakes.all()], today)
    return with_context(
        compact(
            {
                "@type": "EducationalOccupationalProgram",
                "name": programme.title,
                "description": programme.search_description or programme.summary,
                "url": programme.get_full_url(request),
                "provider": institution(school, request) if school else None,
                "educationalCredentialAwarded": credential(programme),
                "numberOfCredits": {"@type": "QuantitativeValue", "value": programme.ects_credits, "unitText": "ECTS"},
                "timeToComplete": f"P{programme.duration_months}M",
                "educationalProgramMode": PACE_MODES.get(programme.pace, [])
                + STUDY_MODES.get(programme.study_mode, []),
                "applicationDeadline": deadline_value(open_deadlines),
                "startDate": start.isoformat() if start else None,
                "offers": [tuition_offer(fee) for fee in programme.tuition_fees.all()],
            }
        )
    )


def event_locations(event, join_url=None):
    """A Place for on-campus attendance, a VirtualLocation for online attendance; hybrid events get both.

    `join_url` stands in for the join link when that is private (sent only to those who sign up)."""
    moved_online = event.status == "moved_online"
    locations = []
    if event.attendance_mode != "online" and not moved_online and (event.venue or event.address):
        locations.append(
            compact(
                {
                    "@type": "Place",
                    "name": event.venue or event.address.splitlines()[0],
                    "address": postal_address(event.address) or postal_address(event.venue),
                }
            )
        )
    if event.online_url and (event.attendance_mode != "on_campus" or moved_online):
        locations.append({"@type": "VirtualLocation", "url": join_url or event.online_url})
    return locations


def registration_data(event, request):
    """For an event that takes sign-ups here: the places left, and while sign-up is open (the registrations' own
    rule: within its window, the event going ahead) its `offers`, free, InStock or SoldOut."""
    from registrations.services import kept_availability

    places = kept_availability(event)
    if places is None:
        return {}
    sign_up_url = site_url(request, reverse("registrations:sign_up", args=[event.pk]))
    offer = {
        "@type": "Offer",
        "url": sign_up_url,
        "price": 0,
        "priceCurrency": "EUR",
        "availability": f"{SCHEMA}/{'SoldOut' if places.full else 'InStock'}",
        "validFrom": iso_datetime(places.opens_at) if places.opens_at else None,
    }
    return {
        "join_url": sign_up_url,
        **({"offers": compact(offer)} if places.is_open else {}),
        "maximumAttendeeCapacity": places.capacity,
        "remainingAttendeeCapacity": places.places_left,
    }


def event_data(event, request):
    from events.ics import join_link_is_public
    from events.selectors import presented_programmes

    school = event.school()
    programmes = presented_programmes(event)
    registration = registration_data(event, request)
    sign_up_url = registration.pop("join_url", None)
    private_link_stand_in = None if join_link_is_public(event) else sign_up_url or event.get_full_url(request)
    locations = event_locations(event, private_link_stand_in)
    mode = "online" if event.status == "moved_online" else event.attendance_mode
    return with_context(
        compact(
            {
                "@type": "Event",
                "name": event.title,
                "inLanguage": language_tag(),
                "description": event.search_description or event.summary,
                "url": event.get_full_url(request),
                "image": share_image_url(event, request, site_name(request)),
                "startDate": iso_datetime(event.start),
                "endDate": iso_datetime(event.end),
                "eventStatus": EVENT_STATUSES.get(event.status),
                "eventAttendanceMode": ATTENDANCE_MODES.get(mode),
                "location": locations[0] if len(locations) == 1 else locations,
                "organizer": institution(school, request) if school else site_institution(request),
                "about": [
                    {"@type": "EducationalOccupationalProgram", "name": p.title, "url": p.get_full_url(request)}
                    for p in programmes
                ],
                **registration,
            }
        )
    )


def breadcrumb_data(page, request):
    """Home > … > this page, through the live public ancestors. None for the home page itself."""
    if page.depth <= 2:
        return None
    trail = [*page.public_ancestors(), page] if hasattr(page, "public_ancestors") else [page]
    items = []
    for crumb in trail:
        url = crumb.get_full_url(request)
        if url:
            # As the visible breadcrumb trail names it.
            name = pgettext("breadcrumb", "Home") if crumb.depth == 2 else crumb.title
            items.append({"@type": "ListItem", "position": len(items) + 1, "name": name, "item": url})
    return with_context({"@type": "BreadcrumbList", "itemListElement": items}) if items else None


def site_name(request):
    site = Site.find_for_request(request)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def website_data(home, request):
    name = site_name(request) or home.title
    return with_context(
        compact({"@type": "WebSite", "name": name, "url": home.get_full_url(request), "inLanguage": language_tag()})
    )


def page_structured_data(page, request):
    """Every JSON-LD object that describes `page`, main entity first."""
    from core.models import HomePage
    from events.models import EventPage
    from programmes.models import ProgrammePage
    from schools.models import SchoolPage

    builders = {ProgrammePage: programme_data, EventPage: event_data, SchoolPage: school_data, HomePage: website_data}
    items = []
    builder = builders.get(type(page))
    if builder:
        items.append(builder(page, request))
    items.append(breadcrumb_data(page, request))
    return [item for item in items if item]
