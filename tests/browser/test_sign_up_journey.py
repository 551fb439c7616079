"""A student signs up for the demo open day in Chromium: the confirmation, the places left going down, the
confirmation e-mail (through a real SMTP server) with its cancel link, and the promotion of the first on the
waiting list. The form, empty and with its errors, is axe-clean at 1280, 390 and 320 px."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from registrations.tests.smtp import smtp_server

from .conftest import DESKTOP, MOBILE, NARROW, OPEN_DAY_SLUG
from .test_accessibility import AXE_OPTIONS, MEASURE_TARGETS, MIN_TARGET, describe


@pytest.fixture
def smtp(settings):
    with smtp_server(settings) as inbox:
        yield inbox


def small_open_day(places):
    """The demo open day, with `places` places (as an editor would set them)."""
    from events.models import EventPage
    from registrations.models import RegistrationSettings

    event = EventPage.objects.get(slug=OPEN_DAY_SLUG, locale__language_code="en")
    RegistrationSettings.objects.filter(page=event).update(capacity=places)
    return event


def test_student_signs_up_cancels_and_the_waiting_list_moves_up(demo_site, page, smtp, settings):
    from registrations import services
    from registrations.models import Registration

    settings.REGISTRATION_RATE_PER_ADDRESS = 100
    event = small_open_day(2)
    page.goto(demo_site.url + event.url)
    expect(page.get_by_text("2 places left")).to_be_visible()
    assert "kuleuven.be/open-day" not in page.content(), "the join link is only e-mailed"

    page.get_by_role("link", name=re.compile("^Sign up")).click()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Your e-mail address").fill("ada@example.org")
    page.get_by_label("Master of Biomedical Sciences").check()
    page.get_by_label("How did you hear about us?").select_option("search")
    page.get_by_label(re.compile("^I agree")).check()
    expect(page.get_by_role("link", name=re.compile("privacy notice"))).to_be_visible()
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", name="You are signed up")).to_be_visible()
    expect(page.get_by_text("1 place left")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Back to")).click()
    expect(page.get_by_text("1 place left")).to_be_visible()

    services.register(event, name="Grace Hopper", email="grace@example.org")
    services.register(event, name="Wanda Waiting", email="wanda@example.org")
    page.reload()
    expect(page.get_by_text("Full — join the waiting list")).to_be_visible()

    confirmation = next(m for m in smtp.wait_for(3) if m["To"] == "ada@example.org")
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    assert "https://www.kuleuven.be/open-day" in text
    cancel_url = re.search(r"http://\S+/events/sign-up/cancel/\S+/", text).group(0)
    page.goto(cancel_url)
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.get_by_text("cancelled and your details are deleted")).to_be_visible()

    messages = smtp.wait_for(4)
    assert any(m["To"] == "wanda@example.org" and "A place is free" in m["Subject"] for m in messages)
    assert Registration.objects.get(email="wanda@example.org").status == Registration.Status.CONFIRMED
    assert not Registration.objects.filter(email="ada@example.org").exists()
    page.goto(demo_site.url + event.url)
    expect(page.get_by_text("Full — join the waiting list")).to_be_visible()


def test_sign_up_form_and_its_errors_are_accessible_at_every_width(demo_site, new_page):
    event = small_open_day(None)
    axe = Axe()
    for viewport in (DESKTOP, MOBILE, NARROW):
        page = new_page(viewport)
        page.goto(f"{demo_site.url}/events/{event.pk}/sign-up/")
        for state in ("empty", "errors"):
            violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
            assert not violations, f"{state} at {viewport['width']} px:\n" + describe(violations)
            too_small = page.evaluate(MEASURE_TARGETS, MIN_TARGET)
            assert not too_small, f"{state} at {viewport['width']} px: " + "\n".join(too_small)
            widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1]
            if state == "empty":
                page.get_by_label("Your e-mail address").fill("not-an-address")
                page.get_by_role("button", name="Sign up").click()
                expect(page.get_by_role("alert")).to_contain_text("Enter your name.")
                email = page.get_by_label("Your e-mail address")
                expect(email).to_have_attribute("aria-invalid", "true")
                expect(email).to_have_accessible_description(re.compile("Enter an e-mail address like"))
