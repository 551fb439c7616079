"""The "next open day" callout on school and programme pages."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.selectors import next_event_for_programme, next_event_for_school

from .tree import Status, make_event, make_private


def callout(client, page):
    html = client.get(page.url).content.decode()
    match = re.search(r'<aside class="next-event".*?</aside>', html, re.DOTALL)
    return match.group(0) if match else None


def test_school_page_links_its_next_event(client, tree):
    # Medicine: the private briefing (day 6) and the cancelled tour (day 10) come first but are skipped.
    event = tree.event["medicine_day"]
    box = callout(client, tree.medicine)
    assert box is not None
    assert f'href="{event.url}"' in box
    assert "Biomedical hybrid day" in box
    assert f'href="/en/events/ics/{event.pk}.ics"' in box


def test_date_and_time_are_shown_in_brussels_time(client, tree):
    event = tree.event["medicine_day"]
    start = timezone.localtime(event.start)
    box = callout(client, tree.medicine)
    assert f"{start:%A} {start.day} {start:%B %Y}, 10:00" in box
    assert "13:00" in box  # three hours later, same day
    assert "Brussels time" in box
    assert f'datetime="{start.isoformat()}"' in box


def test_programme_page_links_an_event_presenting_it(client, tree):
    box = callout(client, tree.social_security)
    assert "Social security webinar" in box


def test_programme_page_falls_back_to_its_schools_events(client, tree):
    box = callout(client, tree.biomedical)
    assert "Biomedical hybrid day" in box


def test_programme_elsewhere_presented_is_found_too(client, tree):
    make_event(tree.events, "Portal fair for social security", 1, programmes=[tree.social_security])
    assert "Portal fair for social security" in callout(client, tree.social_security)


def test_no_callout_without_an_event_to_attend(client, tree):
    for key in ("medicine_day",):
        tree.event[key].unpublish()
    private = make_private(make_event(tree.medicine, "Private visit", 2))
    make_event(tree.medicine, "Postponed visit", 3, status=Status.POSTPONED)
    assert private.live
    assert callout(client, tree.medicine) is None
    assert callout(client, tree.biomedical) is None


def test_look_ups_query_once_per_content_change(tree):
    with CaptureQueriesContext(connection) as first:
        assert next_event_for_school(tree.law) == tree.event["law_webinar"]
    # The attendable events and the programmes they present, kept until content changes; and the next expiry of a
    # live page, after which kept look-ups are dropped (caching/memo.py).
    assert len(first) == 3
    for look_up, page in ((next_event_for_school, tree.law), (next_event_for_programme, tree.social_security)):
        with CaptureQueriesContext(connection) as queries:
            event = look_up(page)
        assert len(queries) == 0
        assert event == tree.event["law_webinar"]
