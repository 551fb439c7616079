"""iCalendar downloads and feeds, parsed back with the icalendar library as a calendar client would."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Site

from events.ics import FEED_PAST_DAYS, build_calendar, calendar_text, feed_events
from events.models import EventPage

from .tree import BRUSSELS, NEVER_PUBLIC, UPCOMING_PUBLIC, Mode, Status, make_event, make_private

FEED_URL = "/en/events/feed.ics"


def get_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_url_names_resolve_to_the_documented_paths(tree):
    assert reverse("events:feed") == FEED_URL
    assert reverse("events:school_feed", args=[tree.law.pk]) == f"/en/events/schools/{tree.law.pk}/feed.ics"
    assert reverse("events:event_ics", args=[7]) == "/en/events/ics/7.ics"


def test_site_feed_lists_upcoming_and_recent_public_events_only(client, tree):
    calendar = get_calendar(client, FEED_URL)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]

    expected = [tree.event["recent_past"].title] + [tree.event[key].title for key in UPCOMING_PUBLIC]
    assert summaries == expected  # ordered by start
    for key in [*NEVER_PUBLIC, "long_past"]:
        assert tree.event[key].title not in summaries


def test_feed_events_have_unique_stable_uids_and_the_right_instants(client, tree):
    first = events_by_summary(get_calendar(client, FEED_URL))
    second = events_by_summary(get_calendar(client, FEED_URL))

    uids = [str(event["UID"]) for event in first.values()]
    assert len(uids) == len(set(uids))
    assert {title: str(e["UID"]) for title, e in first.items()} == {title: str(e["UID"]) for title, e in second.items()}
    for key in UPCOMING_PUBLIC:
        page = tree.event[key]
        event = first[page.title]
        assert str(event["UID"]) == f"event-{page.pk}@localhost"
        assert event.start == page.start
        assert event.end == page.end
        assert event.start.utcoffset() == timedelta(0)  # written in UTC, so no VTIMEZONE is needed


def test_wall_clock_time_in_brussels_survives_summer_time(client, tree):
    """10:00 in Brussels is 08:00 UTC in summer and 09:00 UTC in winter."""
    next_year = timezone.localdate().year + 1
    summer = make_event(tree.law, "Summer school", 0, start=datetime(next_year, 7, 1, 10, tzinfo=BRUSSELS))
    winter = make_event(tree.law, "Winter school", 0, start=datetime(next_year, 1, 15, 10, tzinfo=BRUSSELS))

    for page, utc_hour in ((summer, 8), (winter, 9)):
        event = Calendar.from_ical(client.get(f"/en/events/ics/{page.pk}.ics").content).events[0]
        assert (event.start.hour, event.start.utcoffset()) == (utc_hour, timedelta(0))
        assert event.start == page.start


def test_status_cancelled_postponed_and_confirmed(client, tree):
    events = events_by_summary(get_calendar(client, FEED_URL))
    assert events["Cancelled lab tour"]["STATUS"] == "CANCELLED"
    assert events["Postponed moot court"]["STATUS"] == "TENTATIVE"
    assert events["Law open day"]["STATUS"] == "CONFIRMED"


def test_event_properties_a_calendar_shows(client, tree):
    events = events_by_summary(get_calendar(client, FEED_URL))
    open_day = events["Law open day"]
    page = tree.event["law_open_day"]
    assert str(open_day["URL"]) == f"http://testserver/en/schools/law/{page.slug}/"
    assert str(open_day["LOCATION"]) == "Aula Pieter De Somer"
    assert "About Law open day." in str(open_day["DESCRIPTION"])
    assert open_day.stamp == open_day.last_modified == page.last_published_at.replace(microsecond=0)

    webinar = events["Social security webinar"]
    assert str(webinar["LOCATION"]) == "https://stream.example.org/live"
    hybrid = events["Biomedical hybrid day"]
    assert str(hybrid["LOCATION"]) == "Aula Pieter De Somer, Herestraat 49, 3000 Leuven"
    assert "Join online: https://stream.example.org/live" in str(hybrid["DESCRIPTION"])


def test_text_with_commas_semicolons_and_newlines_round_trips(client, tree):
    page = make_event(
        tree.law,
        "Open day: law, economics; and more",
        8,
        summary="Meet us; ask questions, see the campus.\nBring a friend, or two.",
        venue="Room 01.02; ground floor, Tiensestraat 41",
        address="",
    )
    response = client.get(f"/en/events/ics/{page.pk}.ics")
    event = Calendar.from_ical(response.content).events[0]
    assert str(event["SUMMARY"]) == "Open day: law, economics; and more"
    assert str(event["DESCRIPTION"]).startswith("Meet us; ask questions, see the campus.\nBring a friend, or two.")
    assert str(event["LOCATION"]) == "Room 01.02; ground floor, Tiensestraat 41"
    # Escaped on the wire, as RFC 5545 requires.
    assert b"SUMMARY:Open day: law\\, economics\\; and more" in response.content


def test_lines_are_folded_at_75_octets(client, tree):
    page = make_event(tree.law, "Long description", 9, summary="Lorem ipsum dolor sit amet. " * 10)
    content = client.get(f"/en/events/ics/{page.pk}.ics").content
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    assert "Lorem ipsum dolor sit amet. " * 9 in str(Calendar.from_ical(content).events[0]["DESCRIPTION"])


def test_single_event_download(client, tree):
    page = tree.event["cancelled"]
    response = client.get(f"/en/events/ics/{page.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{page.slug}.ics"'
    events = Calendar.from_ical(response.content).events
    assert len(events) == 1
    assert events[0]["STATUS"] == "CANCELLED"
    assert events[0].start == page.start


@pytest.mark.parametrize("key", [*NEVER_PUBLIC])
def test_drafts_and_private_events_have_no_download(client, tree, key):
    assert client.get(f"/en/events/ics/{tree.event[key].pk}.ics").status_code == 404


def test_a_past_event_can_still_be_downloaded_but_other_pages_cannot(client, tree):
    assert client.get(f"/en/events/ics/{tree.event['long_past'].pk}.ics").status_code == 200
    assert client.get(f"/en/events/ics/{tree.law.pk}.ics").status_code == 404
    assert client.get("/en/events/ics/99999999.ics").status_code == 404


def test_unpublishing_removes_an_event_from_the_feed(client, tree):
    page = tree.event["law_open_day"]
    assert "Law open day" in events_by_summary(get_calendar(client, FEED_URL))
    page.unpublish()
    assert "Law open day" not in events_by_summary(get_calendar(client, FEED_URL))
    assert client.get(f"/en/events/ics/{page.pk}.ics").status_code == 404


def test_a_cancelled_event_stays_in_the_feed(client, tree):
    page = tree.event["law_open_day"]
    page.status = Status.CANCELLED
    page.save_revision().publish()
    assert events_by_summary(get_calendar(client, FEED_URL))["Law open day"]["STATUS"] == "CANCELLED"


def test_an_edited_event_is_shown_as_edited_in_the_feed_at_once(client, tree):
    page = tree.event["law_open_day"]
    assert "Law open day" in events_by_summary(get_calendar(client, FEED_URL))
    page.title = "Law open day (new programme)"
    page.save_revision().publish()
    summaries = events_by_summary(get_calendar(client, FEED_URL))
    assert "Law open day (new programme)" in summaries and "Law open day" not in summaries


def test_an_event_leaves_the_feed_a_month_after_it_ended_with_nothing_published(client, tree, monkeypatch):
    page = tree.event["law_open_day"]
    assert "Law open day" in events_by_summary(get_calendar(client, FEED_URL))
    later = page.end + timedelta(days=FEED_PAST_DAYS, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Law open day" not in events_by_summary(get_calendar(client, FEED_URL))


def test_the_feed_is_what_the_calendar_library_writes_for_the_same_events(client, tree, rf):
    request = rf.get(FEED_URL)
    site = Site.find_for_request(request)
    pages = feed_events(site.root_page)
    options = {"request": request, "host": site.hostname, "name": "Events", "uid": f"events@{site.hostname}"}
    assert len(pages) > 3
    assert calendar_text(pages, **options) == build_calendar(pages, **options).to_ical()


def test_school_feed_has_only_that_schools_events(client, tree):
    calendar = get_calendar(client, f"/en/events/schools/{tree.law.pk}/feed.ics")
    assert set(events_by_summary(calendar)) == {
        "Last month's info session",
        "Social security webinar",
        "Law open day",
        "Postponed moot court",
    }
    assert str(calendar["NAME"]) == "Faculty of Law: events"

    medicine = events_by_summary(get_calendar(client, f"/en/events/schools/{tree.medicine.pk}/feed.ics"))
    assert set(medicine) == {"Cancelled lab tour", "Biomedical hybrid day"}  # no private, no long past


def test_school_feed_of_unknown_or_private_school_is_not_found(client, tree):
    assert client.get(f"/en/events/schools/{tree.event['law_open_day'].pk}/feed.ics").status_code == 404
    assert client.get("/en/events/schools/0/feed.ics").status_code == 404
    make_private(tree.law)
    assert client.get(f"/en/events/schools/{tree.law.pk}/feed.ics").status_code == 404
    assert "Law open day" not in events_by_summary(get_calendar(client, FEED_URL))


def test_feeds_only_answer_safe_methods(client, tree):
    assert client.post(FEED_URL).status_code == 405
    assert client.head(FEED_URL).status_code == 200


def feed_query_counts(client, tree, url):
    client.get(url)  # warm the site root paths cache
    with CaptureQueriesContext(connection) as queries:
        calendar = get_calendar(client, url)
    return len(queries), len(calendar.events)


def add_many_events(tree, count):
    for number in range(count):
        make_event(tree.law, f"Campus tour {number}", 40 + number % 50, mode=[*Mode][number % 3], revision=False)


FEED_QUERIES = 0  # the site, its events and their VEVENTs are kept until content changes (content_memo)
SCHOOL_FEED_QUERIES = 1  # the school; its events and their VEVENTs from memory


def test_feeds_run_a_fixed_number_of_queries_with_10_or_200_events(client, tree):
    """Event URLs come from the cached site root paths, so nothing is queried per event."""
    feeds = {FEED_URL: FEED_QUERIES, reverse("events:school_feed", args=[tree.law.pk]): SCHOOL_FEED_QUERIES}
    assert EventPage.objects.count() == 10
    few = {url: feed_query_counts(client, tree, url) for url in feeds}
    add_many_events(tree, 190)
    many = {url: feed_query_counts(client, tree, url) for url in feeds}

    for url, expected in feeds.items():
        assert few[url][0] == many[url][0] == expected
        assert many[url][1] - few[url][1] == 190


def test_events_in_a_non_live_state_are_never_in_the_feed(client, tree):
    assert EventPage.objects.filter(live=False).exists()
    summaries = events_by_summary(get_calendar(client, FEED_URL))
    for page in EventPage.objects.filter(live=False):
        assert page.title not in summaries


def test_a_feed_holds_the_soonest_upcoming_and_the_last_ended_events_however_many_there_are(client, tree, monkeypatch):
    from events import selectors

    monkeypatch.setattr(selectors, "FEED_UPCOMING", 4)
    monkeypatch.setattr(selectors, "FEED_RECENT", 1)
    make_event(tree.law, "Ended last week", -7, revision=False)
    add_many_events(tree, 12)  # 40 days ahead and later, after every upcoming event of the tree
    summaries = [str(event["SUMMARY"]) for event in get_calendar(client, FEED_URL).walk("VEVENT")]

    upcoming = [tree.event[key].title for key in UPCOMING_PUBLIC][:4]
    assert summaries == ["Ended last week", *upcoming], "the last ended one, then the four soonest, by start"
    assert tree.event["recent_past"].title not in summaries, "ended before the last one: left out"
    assert not any(summary.startswith("Campus tour") for summary in summaries)


# --- Language ----------------------------------------------------------------------------------------------------

# The feed URLs a visitor of each language subscribes to: the URL's language prefix sets the language.
FEED_URLS_BY_LANGUAGE = {"en": FEED_URL, "nl": "/nl/events/feed.ics"}


def in_language(language, url):
    """`url` (a language-prefixed URL) under the prefix of `language`."""
    return f"/{language}/" + url.split("/", 2)[2]


def calendar_in(client, language, url):
    return get_calendar(client, in_language(language, url))


def test_feed_names_are_in_the_visitors_language(client, tree):
    site_name = Site.objects.get(is_default_site=True).site_name or settings.WAGTAIL_SITE_NAME
    english = calendar_in(client, "en", FEED_URLS_BY_LANGUAGE["en"])
    dutch = calendar_in(client, "nl", FEED_URLS_BY_LANGUAGE["nl"])
    assert str(english["X-WR-CALNAME"]) == str(english["NAME"]) == f"{site_name}: events"
    assert str(dutch["X-WR-CALNAME"]) == str(dutch["NAME"]) == f"{site_name}: activiteiten"
    assert str(dutch["X-WR-CALDESC"]) == f"Infodagen, infosessies en andere activiteiten van {site_name}."

    school_url = f"/en/events/schools/{tree.law.pk}/feed.ics"
    assert str(calendar_in(client, "nl", school_url)["X-WR-CALNAME"]) == "Faculty of Law: activiteiten"


def test_event_descriptions_follow_the_language_of_each_request(client, tree):
    """The serialised events are kept per language: a Dutch request after an English one is not served English."""
    postponed = tree.event["postponed"].title
    english = events_by_summary(calendar_in(client, "en", FEED_URL))[postponed]
    dutch = events_by_summary(calendar_in(client, "nl", FEED_URL))[postponed]
    assert "Status: Postponed." in str(english["DESCRIPTION"])
    assert "Status: Uitgesteld." in str(dutch["DESCRIPTION"])
    assert "Meer informatie: http://" in str(dutch["DESCRIPTION"])


def test_pages_advertise_the_feeds_in_the_visitors_language(client, tree):
    response = client.get(in_language("nl", tree.law.url))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'title="Faculty of Law: activiteiten"' in html
    assert "Abonneren op deze agenda" in html
