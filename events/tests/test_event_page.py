"""An event page tells a visitor when (in Brussels time), how and where to attend, and whether it still happens."""

import re
from datetime import UTC, timedelta

from wagtail.models import PageViewRestriction

from events.factories import EventPageFactory, brussels
from events.models import EventPage

JOIN_URL = "https://stream.example.org/info-session"
REGISTER_URL = "https://www.example.org/register/open-day"
Mode = EventPage.AttendanceMode
Status = EventPage.Status


def test_shows_the_time_in_brussels_with_the_zone_named(site_tree, visit):
    start = brussels(14, hour=19, minute=30)
    event = EventPageFactory(parent=site_tree.school, title="Evening info session", start=start)

    page = visit(event)

    assert page.status_code == 200
    assert re.search(r"19:30\s*–\s*22:30", page.text)
    assert f"Brussels time, {start.tzname()}" in page.text  # CET in winter, CEST in summer
    # Stored in UTC, but never shown in it.
    assert start.astimezone(UTC).strftime("%H:%M") not in page.text


def test_an_on_campus_event_shows_its_venue_and_no_join_link(site_tree, visit):
    event = EventPageFactory(parent=site_tree.school, venue="Aula Pieter De Somer", registration_url=REGISTER_URL)

    page = visit(event)

    assert "On campus" in page.text
    assert "Aula Pieter De Somer" in page.text
    assert page.links_to(REGISTER_URL)
    assert "Join online" not in page.text


def test_an_online_event_shows_the_join_link(site_tree, visit):
    event = EventPageFactory(parent=site_tree.school, attendance_mode=Mode.ONLINE, online_url=JOIN_URL)

    page = visit(event)

    assert re.search(r"Attendance\s+Online", page.text)
    assert page.links_to(JOIN_URL)


def test_a_hybrid_event_shows_both_the_venue_and_the_join_link(site_tree, visit):
    event = EventPageFactory(parent=site_tree.school, attendance_mode=Mode.HYBRID, online_url=JOIN_URL)

    page = visit(event)

    assert "Hybrid (on campus and online)" in page.text
    assert "Aula Pieter De Somer" in page.text
    assert page.links_to(JOIN_URL)


def test_a_cancelled_event_says_so_and_offers_no_way_to_attend(site_tree, visit):
    event = EventPageFactory(
        parent=site_tree.school,
        title="Cancelled lab tour",
        attendance_mode=Mode.ONLINE,
        online_url=JOIN_URL,
        registration_url=REGISTER_URL,
        status=Status.CANCELLED,
    )

    page = visit(event)

    assert page.status_code == 200
    assert "Cancelled" in page.text
    assert not page.links_to(JOIN_URL)
    assert not page.links_to(REGISTER_URL)


def test_a_scheduled_event_has_no_status_warning(site_tree, visit):
    page = visit(site_tree.event)

    assert page.status_code == 200
    assert "Law open day" in page.text
    assert "Cancelled" not in page.text and "Postponed" not in page.text


def test_a_past_event_still_renders_and_says_it_has_ended(site_tree, visit):
    start = brussels(-3)
    event = EventPageFactory(parent=site_tree.school, start=start, end=start + timedelta(hours=2))

    page = visit(event)

    assert page.status_code == 200
    assert "ended" in page.text


def test_a_portal_wide_event_renders_under_the_events_listing(site_tree, visit):
    event = EventPageFactory(parent=site_tree.event_index, title="Study in Flanders fair")

    page = visit(event)

    assert page.status_code == 200
    assert "Study in Flanders fair" in page.text


def test_draft_and_unpublished_events_are_not_found(site_tree, visit):
    draft = EventPageFactory(parent=site_tree.school, live=False)
    event = site_tree.event
    event.unpublish()

    assert visit(draft).status_code == 404
    assert visit(event).status_code == 404


def test_a_private_event_hides_its_details(site_tree, visit):
    event = EventPageFactory(parent=site_tree.school, title="Staff briefing", venue="Room 00.42 of the rectorate")
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.PASSWORD, password="x")

    page = visit(event)

    assert page.soup.find("input", attrs={"type": "password"}) is not None
    assert "Room 00.42 of the rectorate" not in page.html


def test_a_join_link_made_private_by_a_hook_is_kept_off_the_page_and_its_structured_data(site_tree, visit):
    from wagtail import hooks

    from events.ics import PRIVATE_JOIN_LINK_HOOK

    event = EventPageFactory(parent=site_tree.school, attendance_mode=Mode.ONLINE, online_url=JOIN_URL)
    with hooks.register_temporarily(PRIVATE_JOIN_LINK_HOOK, lambda page: page.pk == event.pk):
        page = visit(event)

    assert "Join online" not in page.text
    assert JOIN_URL not in page.html  # neither in the page nor in its JSON-LD
