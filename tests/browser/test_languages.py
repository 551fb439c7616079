"""Two languages in a real browser: a Dutch visitor lands on the Dutch home page, a student switches a programme page
to its translation, a school's editor translates a programme and its moderator approves it; axe finds no violation
on the Dutch pages."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from core.factories import translate
from core.models import HomePage
from programmes.models import ProgrammeIndexPage, ProgrammePage
from schools.models import SchoolIndexPage, SchoolPage

from .conftest import DESKTOP, MOBILE, NARROW, log_in, make_user
from .test_accessibility import AXE, AXE_OPTIONS

PROGRAMME_SLUG = "master-of-biomedical-sciences"
DUTCH_TITLE = "Master in de biomedische wetenschappen"


def translate_the_tree_above_the_programmes():
    """The Dutch home page, finder, schools directory and KU Leuven's school page (the demo of this branch is English
    only; the Dutch demo content comes with load_demo)."""
    for model in (HomePage, ProgrammeIndexPage, SchoolIndexPage, SchoolPage):
        for page in model.objects.filter(locale__language_code="en").order_by("path"):
            if not page.has_translation(nl_locale()):
                translate(page, title=f"{page.title} (NL)")


def nl_locale():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="nl")


@pytest.fixture
def dutch_demo(demo_site):
    translate_the_tree_above_the_programmes()
    return demo_site


def english_programme():
    return ProgrammePage.objects.get(slug=PROGRAMME_SLUG, locale__language_code="en")


def dutch_programme():
    """The demo programme and its Dutch translation (load_demo makes it)."""
    english = english_programme()
    return english, english.get_translation(nl_locale())


def untranslated_programme():
    """The demo programme, its Dutch translation deleted: a programme that exists in English only."""
    english = english_programme()
    english.get_translation(nl_locale()).delete()
    return english


def test_a_dutch_visitors_first_request_lands_on_the_dutch_home_page(dutch_demo, browser):
    context = browser.new_context(viewport=DESKTOP, locale="nl-BE")
    try:
        page = context.new_page()
        page.goto(dutch_demo.url + "/")
        expect(page).to_have_url(dutch_demo.url + "/nl/")
        expect(page.locator("html")).to_have_attribute("lang", "nl")
    finally:
        context.close()


def test_a_student_switches_a_programme_page_to_its_translation(dutch_demo, page):
    english, dutch = dutch_programme()
    page.goto(dutch_demo.url + english.url)
    switcher = page.get_by_role("navigation", name="Language")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")
    switcher.get_by_role("link", name="Nederlands").click()

    expect(page).to_have_url(dutch_demo.url + dutch.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch.title)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    # The choice is remembered: the portal's address now opens in Dutch, whatever the browser asks for.
    page.goto(dutch_demo.url + "/")
    expect(page).to_have_url(dutch_demo.url + "/nl/")


def test_a_programme_without_a_translation_switches_to_its_translated_school(dutch_demo, page):
    english = untranslated_programme()
    page.goto(dutch_demo.url + english.url)
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Nederlands").click()
    dutch_school = SchoolPage.objects.get(slug="ku-leuven", locale__language_code="nl")
    expect(page).to_have_url(dutch_demo.url + dutch_school.url)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE, NARROW], ids=["1280", "390", "320"])
def test_dutch_pages_have_no_accessibility_violations(dutch_demo, new_page, viewport):
    _english, dutch = dutch_programme()
    page = new_page(viewport)
    for path in ("/nl/", dutch.url, "/nl/programmes/", "/nl/search/?q=master"):
        page.goto(dutch_demo.url + path)
        results = AXE.run(page, options=AXE_OPTIONS)
        assert results.response["violations"] == [], (path, results.generate_report())


def test_a_school_editor_translates_a_programme_and_the_moderator_approves_it(dutch_demo, new_page):
    call_command("setup_roles", stdout=StringIO())
    make_user("leuven-editor", "KU Leuven editors")
    make_user("leuven-moderator", "KU Leuven moderators")
    english = untranslated_programme()

    # The editor translates the programme: Wagtail copies it into the Dutch tree as a draft and opens it.
    editor = new_page()
    log_in(editor, dutch_demo.url, "leuven-editor")
    editor.goto(f"{dutch_demo.url}/admin/pages/{english.pk}/edit/")
    header_actions = editor.get_by_role("navigation", name="Actions")
    header_actions.get_by_role("button").first.click()  # the "…" menu beside the page title
    header_actions.get_by_role("link", name="Translate").click()
    editor.get_by_label("Nederlands").check()
    editor.get_by_role("button", name="Submit").click()
    expect(editor).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    dutch = ProgrammePage.objects.get(translation_key=english.translation_key, locale__language_code="nl")
    assert not dutch.live

    # The synchronised facts are copied and cannot be changed here; the text is the editor's to translate.
    editor.get_by_role("tab", name="Key facts").click()
    expect(editor.locator("input[name='ects_credits']")).to_be_disabled()
    editor.locator("input[name='title']").fill(DUTCH_TITLE)
    editor.get_by_role("button", name="More actions").click()
    expect(editor.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    editor.get_by_role("button", name="Submit to KU Leuven approval").click()
    expect(editor.locator(".messages")).to_contain_text("has been submitted for moderation")

    visitor = new_page()
    assert visitor.goto(dutch_demo.url + dutch.url).status == 404  # not live before approval

    # The school's moderator approves it: the Dutch page is live, and the English one links to it.
    moderator = new_page()
    log_in(moderator, dutch_demo.url, "leuven-moderator")
    review = moderator.locator("section", has=moderator.get_by_role("heading", name="Awaiting your review"))
    review.get_by_role("link", name=DUTCH_TITLE).first.click()
    moderator.get_by_role("button", name="More actions").click()
    moderator.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(moderator.locator(".messages")).to_contain_text("has been updated")

    dutch.refresh_from_db()
    visitor.goto(dutch_demo.url + dutch.url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(DUTCH_TITLE)
    visitor.goto(dutch_demo.url + english.url)
    switcher = visitor.get_by_role("navigation", name="Language")
    expect(switcher.get_by_role("link", name="Nederlands")).to_have_attribute("href", dutch.url)
