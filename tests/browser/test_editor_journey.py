"""A faculty editor changes a programme's application deadline in the admin and submits it for moderation; the
public page keeps the old deadline until the school's moderator approves, then shows the new one."""

import re
from datetime import date
from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from programmes.models import ProgrammePage

from .conftest import log_in, make_user

PROGRAMME_SLUG = "erasmus-mundus-msc-public-sector-innovation-and-egovernance"
# The demo's deadline is the next 1 July on or after the day it is loaded (demo dates follow the clock).
TODAY = date.today()
OLD_YEAR = TODAY.year if date(TODAY.year, 7, 1) >= TODAY else TODAY.year + 1
OLD_DEADLINE, NEW_DEADLINE = f"1 July {OLD_YEAR}", f"1 March {OLD_YEAR + 1}"
OLD_VALUE, NEW_VALUE = f"{OLD_YEAR}-07-01", f"{OLD_YEAR + 1}-03-01"


def public_deadlines(page, url):
    page.goto(url)
    return page.get_by_role("region", name="Key facts")


def test_a_deadline_change_goes_live_only_when_the_schools_moderator_approves_it(demo_site, new_page):
    call_command("setup_roles", stdout=StringIO())
    make_user("law-editor", "KU Leuven editors")
    make_user("law-moderator", "KU Leuven moderators")
    programme = ProgrammePage.objects.get(slug=PROGRAMME_SLUG, locale__language_code="en")
    public_url = demo_site.url + programme.url
    visitor = new_page()
    expect(public_deadlines(visitor, public_url)).to_contain_text(OLD_DEADLINE)

    # The editor logs in, opens the programme and changes its deadline on the Admission tab.
    editor = new_page()
    log_in(editor, demo_site.url, "law-editor")
    editor.goto(f"{demo_site.url}/admin/pages/{programme.pk}/edit/")
    expect(editor.get_by_role("heading", level=1)).to_contain_text(programme.title)
    editor.get_by_role("tab", name="Admission").click()
    deadline = editor.get_by_role("tabpanel", name="Admission").locator("input[name='deadlines-0-date']")
    expect(deadline).to_have_value(OLD_VALUE)
    deadline.fill(NEW_VALUE)
    editor.keyboard.press("Escape")  # closes the date picker

    # An editor cannot publish: the only way on is to submit the change to the school's moderators.
    editor.get_by_role("button", name="More actions").click()
    expect(editor.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    editor.get_by_role("button", name="Submit to KU Leuven approval").click()
    expect(editor.locator(".messages")).to_contain_text(f"Page '{programme.title}' has been submitted for moderation.")

    # Until a moderator approves, the public page keeps the old deadline.
    facts = public_deadlines(visitor, public_url)
    expect(facts).to_contain_text(OLD_DEADLINE)
    expect(facts).not_to_contain_text(NEW_DEADLINE)

    # The moderator finds the change waiting on the dashboard and approves it.
    moderator = new_page()
    log_in(moderator, demo_site.url, "law-moderator")
    review = moderator.locator("section", has=moderator.get_by_role("heading", name="Awaiting your review"))
    review.get_by_role("link", name=programme.title).first.click()
    expect(moderator).to_have_url(re.compile(rf"/admin/pages/{programme.pk}/edit/"))
    moderator.get_by_role("tab", name="Admission").click()
    expect(moderator.get_by_role("tabpanel", name="Admission").locator("input[name='deadlines-0-date']")).to_have_value(
        NEW_VALUE
    )
    moderator.get_by_role("button", name="More actions").click()
    moderator.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(moderator.locator(".messages")).to_contain_text(f"Page '{programme.title}' has been updated.")

    # The public page now shows the new deadline, open for applications.
    facts = public_deadlines(visitor, public_url)
    expect(facts).to_contain_text(NEW_DEADLINE)
    expect(facts).not_to_contain_text(OLD_DEADLINE)
    expect(facts.locator(".badge")).to_have_text(re.compile("open", re.I))
