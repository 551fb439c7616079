"""A prospective student, in Chromium: from the home page through the finder (two facets and a search) to a
programme's key facts, a shortlist of two compared side by side, the open day and its calendar file."""

import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from events.models import EventPage

from .conftest import OPEN_DAY_SLUG

BIOMEDICAL = "Master of Biomedical Sciences"
SOCIAL_SECURITY = "Master of European Social Security"
E_GOVERNANCE = "Erasmus Mundus Master of Science in Public Sector Innovation and eGovernance"


def result_titles(page):
    return page.locator(".finder__list .card__title").all_inner_texts()


def shortlist_status(page):
    return page.locator("[data-shortlist-status]")


def test_a_student_finds_compares_and_adds_the_open_day_to_their_calendar(demo_site, page):
    open_day = EventPage.objects.get(slug=OPEN_DAY_SLUG, locale__language_code="en")

    # Home: the portal's promise and the way into the finder.
    page.goto(demo_site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your master’s programme at KU Leuven")
    expect(page.get_by_text("3 programmes to choose from")).to_be_visible()
    page.get_by_role("link", name="Find a programme").click()

    # The finder lists every programme.
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmes")
    expect(page.locator("#results-heading")).to_have_text("3 programmes")
    assert sorted(result_titles(page)) == sorted([BIOMEDICAL, SOCIAL_SECURITY, E_GOVERNANCE])

    # First facet: study level "Master" (the page applies it at once) leaves out the advanced master.
    page.get_by_role("group", name="Study level").get_by_role("checkbox", name=re.compile(r"^Master\b")).check()
    expect(page).to_have_url(re.compile(r"level=master\b"))
    expect(page.locator("#results-heading")).to_have_text("2 programmes")
    assert sorted(result_titles(page)) == sorted([BIOMEDICAL, E_GOVERNANCE])

    # Second facet: "On campus" study mode; both remaining programmes are taught on campus.
    page.get_by_role("group", name="Study mode").get_by_role("checkbox", name=re.compile(r"^On campus")).check()
    expect(page).to_have_url(re.compile(r"mode=on_campus"))
    expect(page.locator("#results-heading")).to_have_text("2 programmes")

    # A text query on top of both facets narrows to one programme; the chosen filters are listed.
    page.get_by_label("Search programmes").fill("biomedical")
    page.locator("#main").get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results-heading")).to_have_text("1 programme for “biomedical”")
    assert result_titles(page) == [BIOMEDICAL]
    chips = page.locator(".finder__chips")
    expect(chips).to_contain_text("Study level: Master")
    expect(chips).to_contain_text("Study mode: On campus")
    expect(chips).to_contain_text("Search: “biomedical”")
    expect(
        page.get_by_role("group", name="Study level").get_by_role("checkbox", name=re.compile(r"^Master\b"))
    ).to_be_checked()

    # The programme page's key facts.
    page.get_by_role("link", name=BIOMEDICAL).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BIOMEDICAL)
    facts = page.get_by_role("region", name="Key facts")
    for term, value in [
        ("Degree", "Master of Science (MSc)"),
        ("Study level", "Master"),
        ("ECTS credits", "120"),
        ("Duration", "24 months"),
        ("Study mode", "On campus"),
        ("Teaching language", "English"),
        ("Start", "September"),
    ]:
        expect(facts.locator("div", has=page.locator("dt", has_text=re.compile(f"^{term}$", re.I)))).to_contain_text(
            value
        )

    # Added to the shortlist, which this browser remembers.
    add = page.get_by_role("button", name="Add to shortlist")
    add.click()
    expect(page.get_by_role("button", name="Remove from shortlist")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status")).to_have_text(f"Your shortlist (1 of 4): {BIOMEDICAL}.")

    # Back in the finder, the programme is ticked for comparison; a second one joins it.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programmes").click()
    expect(page.locator("#results-heading")).to_have_text("3 programmes")
    expect(page.get_by_label(f"Compare {BIOMEDICAL}")).to_be_checked()
    page.get_by_label(f"Compare {SOCIAL_SECURITY}").check()
    expect(shortlist_status(page)).to_have_text(f"Your shortlist (2 of 4): {BIOMEDICAL}, {SOCIAL_SECURITY}.")

    # The comparison: both programmes side by side, at a URL that can be shared.
    page.get_by_role("button", name="Compare chosen programmes").click()
    expect(page).to_have_url(re.compile(r"/programmes/compare/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare programmes")
    table = page.get_by_role("table", name="2 programmes side by side")
    expect(table.get_by_role("columnheader")).to_have_text([BIOMEDICAL, SOCIAL_SECURITY])
    expect(table.get_by_role("row", name=re.compile("^ECTS credits"))).to_have_text(
        re.compile(r"ECTS credits\s*120\s*60")
    )
    expect(table.get_by_role("row", name=re.compile("^Duration"))).to_have_text(
        re.compile(r"Duration\s*24 months\s*12 months")
    )

    # From the comparison to the programme, and its "Next open day" callout.
    table.get_by_role("link", name=BIOMEDICAL, exact=True).click()
    callout = page.get_by_role("complementary", name="Next open day")
    expect(callout.get_by_role("link", name=open_day.title, exact=True)).to_be_visible()
    starts = timezone.localtime(open_day.start, ZoneInfo("Europe/Brussels"))
    expect(callout).to_contain_text(starts.strftime("%A %-d %B %Y, %H:%M"))
    callout.get_by_role("link", name=open_day.title, exact=True).click()

    # The open day's page and its calendar file.
    expect(page.get_by_role("heading", level=1)).to_have_text(open_day.title)
    with page.expect_download() as download_info:
        page.get_by_role("main").get_by_role("link", name=re.compile("^Add to calendar")).first.click()
    download = download_info.value
    assert download.suggested_filename == f"{OPEN_DAY_SLUG}.ics"
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    assert calendar.name == "VCALENDAR"
    events = list(calendar.walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == [open_day.title]
    assert events[0].decoded("DTSTART") == open_day.start
