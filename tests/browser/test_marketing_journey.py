"""Marketing schedules an announcement for one school in the admin; once its go-live time has passed and
`publish_scheduled` has run, it shows on that school's pages, and never on another school's."""

import re
from datetime import timedelta
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Page

from core.models import HomePage
from events.models import EventPage
from programmes.models import DegreeType, Intake, ProgrammePage, TeachingLanguage
from schools.models import SchoolIndexPage, SchoolPage

from .conftest import OPEN_DAY_SLUG, log_in, make_user

TEXT = "Scholarships for 2027 applicants: apply before 1 February"


def add_other_school():
    """A second school with one programme, beside the demo's KU Leuven."""
    school_index = SchoolIndexPage.objects.get(locale__language_code="en")
    ghent = school_index.add_child(instance=SchoolPage(title="Ghent University", slug="ghent"))
    ghent.save_revision().publish()
    programme = ProgrammePage(
        title="Master of Marine Biology",
        slug="marine-biology",
        degree_type=DegreeType.objects.first(),
        ects_credits=120,
        duration_months=24,
        summary="Two years on the North Sea coast.",
    )
    programme.teaching_languages = [TeachingLanguage(language="en")]
    programme.intakes = [Intake(start_month=9)]
    ghent.add_child(instance=programme)
    programme.save_revision().publish()
    return ghent, programme


def banners(page, url):
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page.locator(".announcements").all_inner_texts()


def shows_announcement(page, url):
    return any(TEXT in banner for banner in banners(page, url))


def test_a_scheduled_school_announcement_shows_on_that_school_after_go_live_and_nowhere_else(demo_site, new_page):
    call_command("setup_roles", stdout=StringIO())
    make_user("marketing", "Marketing")
    ghent, marine_biology = add_other_school()
    ku_leuven = SchoolPage.objects.get(slug="ku-leuven", locale__language_code="en")
    school_pages = [
        ku_leuven,
        ProgrammePage.objects.get(slug="master-of-biomedical-sciences", locale__language_code="en"),
        EventPage.objects.get(slug=OPEN_DAY_SLUG, locale__language_code="en"),
    ]
    elsewhere = [
        HomePage.objects.get(locale__language_code="en"),
        ghent,
        marine_biology,
        Page.objects.get(slug="events", locale__language_code="en"),
    ]
    url = {page.pk: demo_site.url + page.url for page in school_pages + elsewhere}
    go_live = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)

    # Marketing writes the announcement for KU Leuven only.
    admin = new_page()
    log_in(admin, demo_site.url, "marketing")
    admin.get_by_role("navigation", name="Main menu").get_by_role("link", name="Announcements").click()
    admin.get_by_role("link", name=re.compile("^Add announcement")).first.click()
    admin.get_by_role("textbox", name=re.compile(r"^Text\b")).fill(TEXT)
    admin.get_by_role("combobox", name=re.compile(r"^Level\b")).select_option(label="Important")
    admin.get_by_label("Chosen schools (with their programmes and events)").check()
    admin.locator("#id_schools").get_by_label("KU Leuven", exact=True).check()

    # ... schedules it two days ahead, and publishes it.
    admin.get_by_role("button", name="Toggle status").click()
    admin.get_by_role("button", name="Set schedule").click()
    dialog = admin.get_by_role("dialog")
    dialog.get_by_label("Go live date/time").fill(
        timezone.localtime(go_live, ZoneInfo("Europe/Brussels")).strftime("%Y-%m-%d %H:%M")
    )
    # The date picker stays open over the button: the click goes to the button itself.
    dialog.get_by_role("button", name="Save schedule").dispatch_event("click")
    expect(admin.locator(".messages")).to_contain_text(f"Announcement '{TEXT}' created.")
    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Schedule to publish").click()
    expect(admin.locator(".messages")).to_contain_text(f"Announcement '{TEXT}' has been scheduled for publishing.")

    # Before go-live nobody sees it.
    visitor = new_page()
    for page in school_pages + elsewhere:
        assert not shows_announcement(visitor, url[page.pk]), page.title

    # The clock reaches the go-live time and the scheduler runs. (Only `publish_scheduled` sees the moved clock:
    # the browser is idle meanwhile, so the live server's thread never does.)
    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=StringIO())

    # Now it shows on KU Leuven's pages (the school, its programmes and events), marked important...
    for page in school_pages:
        texts = banners(visitor, url[page.pk])
        assert any(TEXT in banner and "Important:" in banner for banner in texts), (page.title, texts)
    # ... and not on the home page, the events listing, or Ghent University's pages.
    for page in elsewhere:
        assert not shows_announcement(visitor, url[page.pk]), page.title
