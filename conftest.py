"""Fixtures shared by every app's tests: a small live site built with the factories, and a logged-in superuser."""

from dataclasses import dataclass
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client

SUPERUSER_PASSWORD = "correct-horse-battery-staple"


@dataclass
class SiteTree:
    home: Any
    programme_index: Any
    event_index: Any
    school_index: Any
    school: Any
    programme: Any
    event: Any


def restore_migration_rows():
    """The rows Wagtail's migrations create (default locale, root page, root collection), which the flush after a
    transactional test removes and later tests build on."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal
    from wagtail.models import Collection, Locale, Page

    from core.languages import ensure_locales

    if not ContentType.objects.exists():
        # After a serialized-rollback test Django flushes without post_migrate: no content types, no permissions,
        # and the content-type cache still names the deleted rows.
        ContentType.objects.clear_cache()
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    ensure_locales()
    locale = Locale.get_default()
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.fixture(autouse=True)
def migration_rows_after_a_flush(request):
    """Every database test starts from the rows migrations made, whichever transactional test flushed before it: with
    two workers, a transactional test may run before a plain one on the same database."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    restore_migration_rows()


@pytest.fixture(autouse=True)
def fresh_content_memo():
    """Each test starts with nothing remembered: a rolled-back test changes content without any publish signal."""
    from caching.memo import forget_all

    forget_all()
    yield
    forget_all()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request to a /nl/ URL leaves Dutch active in its thread, as in Django."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def site_tree(db):
    """Home (the default site's root) → Programmes, Events, Schools → one school → one programme and one event."""
    from core.factories import HomePageFactory
    from events.factories import EventIndexPageFactory, EventPageFactory
    from programmes.factories import ProgrammeIndexPageFactory, ProgrammePageFactory
    from schools.factories import SchoolIndexPageFactory, SchoolPageFactory

    home = HomePageFactory()
    programme_index = ProgrammeIndexPageFactory(parent=home)
    event_index = EventIndexPageFactory(parent=home)
    school_index = SchoolIndexPageFactory(parent=home)
    school = SchoolPageFactory(parent=school_index, title="Faculty of Law", slug="law")
    return SiteTree(
        home=home,
        programme_index=programme_index,
        event_index=event_index,
        school_index=school_index,
        school=school,
        programme=ProgrammePageFactory(parent=school, title="Master of European Social Security"),
        event=EventPageFactory(parent=school, title="Law open day"),
    )


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor-in-chief", email="chief@example.org", password=SUPERUSER_PASSWORD
    )


@pytest.fixture
def superuser_client(client, superuser):
    """A test client logged in through the real login (password check, session), not force_login."""
    assert client.login(username=superuser.username, password=SUPERUSER_PASSWORD)
    return client


class Visit:
    """An anonymous visitor's view of a URL: the response, its HTML and the text a reader sees."""

    def __init__(self, response):
        self.response = response
        self.status_code = response.status_code
        self.html = response.content.decode()
        self.soup = BeautifulSoup(self.html, "html.parser")
        for hidden in self.soup(["script", "style", "template", "head"]):
            hidden.decompose()
        self.text = " ".join(self.soup.get_text(" ").split())

    def links_to(self, href):
        return self.soup.find("a", href=href) is not None


@pytest.fixture
def visit(db):
    """`visit(page_or_url)` → Visit, fetched by a fresh anonymous client (never the logged-in `client`)."""

    def fetch(target, **extra):
        url = target if isinstance(target, str) else target.url
        return Visit(Client().get(url, **extra))

    return fetch


@pytest.fixture
def page_cache_on(settings, tmp_path):
    """The page cache switched on, with an empty cache before and after the test."""
    from django.core.cache import caches

    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "generation"
    caches["default"].clear()
    yield
    caches["default"].clear()


@dataclass
class BilingualTree(SiteTree):
    """The Dutch translations of a SiteTree's pages, with the English tree as `en`."""

    en: SiteTree = None


@pytest.fixture
def bilingual_tree(site_tree):
    """`site_tree` with its Dutch translation, every page live in both languages."""
    from core.factories import translate

    home = translate(site_tree.home, title="Thuis")
    return BilingualTree(
        en=site_tree,
        home=home,
        programme_index=translate(site_tree.programme_index, title="Opleidingen"),
        event_index=translate(site_tree.event_index, title="Activiteiten"),
        school_index=translate(site_tree.school_index, title="Faculteiten"),
        school=translate(site_tree.school, title="Faculteit Rechtsgeleerdheid"),
        programme=translate(site_tree.programme, title="Master in de Europese sociale zekerheid"),
        event=translate(site_tree.event, title="Infodag rechten"),
    )
