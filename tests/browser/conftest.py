"""Real-browser fixtures: Debian's Chromium driven by Playwright against Django's live server on PostgreSQL."""

import os
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from conftest import restore_migration_rows

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
ARTIFACTS = Path(settings.VAR_DIR) / "browser-artifacts"
OPEN_DAY_SLUG = "online-open-day"

# Playwright's sync API runs an event loop in this thread; the live server's database work happens
# in other threads, and test set-up code here is plain synchronous ORM use.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: `apt-get install chromium` (never `playwright install`)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def move_open_day_ahead(days=14):
    """The demo open day (1 December 2026) moved `days` ahead of now and republished, so that it is upcoming
    whatever the date the suite runs on; the demo banner that links it expires when it ends, as in the demo."""
    from django.utils import timezone

    from announcements.banners import DEMO_ANNOUNCEMENT_TEXT
    from announcements.models import Announcement
    from events.models import EventPage

    event = EventPage.objects.get(slug=OPEN_DAY_SLUG, locale__language_code="en")
    length = event.end - event.start
    event.start = (timezone.now() + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
    event.end = event.start + length
    event.save_revision().publish()
    Announcement.objects.filter(text=DEMO_ANNOUNCEMENT_TEXT).update(expire_at=event.end)
    return EventPage.objects.get(pk=event.pk)


def load_demo_for(server):
    """The demo content, served by `server` under its own host name, with its open day upcoming."""
    from django.core.cache import cache
    from wagtail.models import Site

    cache.clear()  # cached site root paths and fragments belong to the previous test's pages
    restore_migration_rows()
    call_command("load_demo", verbosity=0, stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", int(server.url.rsplit(":", 1)[1])
    site.save()
    move_open_day_ahead()
    cache.clear()


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo content for one test, which may change it (the flush after the test removes it)."""
    load_demo_for(live_server)
    return live_server


@pytest.fixture(scope="module")
def shared_demo_site(django_db_setup, django_db_blocker):
    """The demo content loaded once for a module of read-only tests, on a live server of its own.

    Not built on `live_server`: pytest-django would then flush the database after every test. The module's tests
    must not change the content; the flush at the end removes it.
    """
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        try:
            load_demo_for(server)
            yield server
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


PASSWORD = "correct-horse-battery-staple"


def make_user(username, *group_names):
    """An account in the named groups (created by `setup_roles`), with the shared test password."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, first_name=username.title()
    )
    user.groups.add(*(Group.objects.get(name=name) for name in group_names))
    return user


def log_in(page, base_url, username):
    """Through the admin's real login form: /admin/ sends an anonymous visitor to it."""
    from playwright.sync_api import expect

    page.goto(base_url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile("^Dashboard"))


@pytest.fixture
def new_page(request, browser):
    """`new_page(viewport=DESKTOP)` → a page in a fresh browser context (own cookies, own downloads)."""
    contexts = []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            save_failure_screenshots(page, request.node.name + (f"-{number}" if len(pages) > 1 else ""))
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def save_failure_screenshots(page, test_name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe_name = re.sub(r"[^\w.-]+", "_", test_name)
    for label, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=ARTIFACTS / f"{safe_name}-{label}.png", full_page=True)
