"""`load_demo --today` on several dates, with the clock frozen there: the site a newcomer sees is alive each time.

The clock is frozen in this process, which is also where the live server's threads render the pages.
"""

import datetime
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import restore_migration_rows

BRUSSELS = ZoneInfo("Europe/Brussels")
PSIE = "/en/schools/ku-leuven/erasmus-mundus-msc-public-sector-innovation-and-egovernance/"
ANNOUNCEMENT = "KU Leuven will host an online open day on 1 December"


@pytest.fixture
def frozen_demo(transactional_db, live_server, request):
    """The demo loaded on `request.param` with the clock frozen at noon that day, Brussels time."""
    day = request.param
    noon = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=BRUSSELS)
    with mock.patch("django.utils.timezone.now", return_value=noon):
        cache.clear()
        restore_migration_rows()
        call_command("load_demo", "--today", day.isoformat(), verbosity=0, stdout=StringIO())
        cache.clear()
        yield live_server


@pytest.mark.parametrize(
    "frozen_demo",
    [datetime.date(2026, 12, 1), datetime.date(2027, 3, 15), datetime.date(2027, 12, 2)],
    indirect=True,
    ids=str,
)
def test_the_demo_has_an_upcoming_open_day_a_live_banner_and_an_open_deadline(frozen_demo, page):
    page.goto(frozen_demo.url + "/en/")
    events = page.locator("section[aria-labelledby=events-heading]")
    expect(events.get_by_role("link", name="Online open day", exact=True)).to_be_visible()
    expect(page.get_by_text("There are no upcoming events at the moment")).to_have_count(0)

    for path in ("/en/schools/ku-leuven/", PSIE):
        page.goto(frozen_demo.url + path)
        expect(page.locator("[data-announcement-id]").filter(has_text=ANNOUNCEMENT)).to_be_visible()

    page.goto(frozen_demo.url + PSIE)
    expect(page.locator(".badge--open").first).to_be_visible()
    expect(page.locator(".badge--closed")).to_have_count(0)
