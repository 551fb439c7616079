"""Announcement banners: shown on exactly the pages they target, only while live, most important first, in a fixed
number of queries; scheduled through the admin and `publish_scheduled` (the tests move the clock)."""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from announcements.banners import DEMO_ANNOUNCEMENT_TEXT, ensure_demo_announcement, live_announcements
from announcements.models import Announcement
from security.tests.role_tree import (  # noqa: F401 - fixtures
    announcement_url,
    live_announcement,
    roles_fixture,
    tree_fixture,
)

PAGES = (
    "home",
    "programme_index",
    "event_index",
    "school_index",
    "school_a",
    "faculty_a",
    "programme_a",
    "event_a",
    "school_b",
    "programme_b",
    "portal_event",
)
KU_LEUVEN_SUBTREE = {"school_a", "faculty_a", "programme_a", "event_a"}


def public_html(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def pages_showing(tree, text):
    return {name for name in PAGES if text in public_html(Page.objects.get(pk=getattr(tree, name).pk).url)}


def other_public_urls():
    """Listings and feeds that must never carry an announcement."""
    return ["/sitemap.xml", "/robots.txt", reverse("events:feed")]


@pytest.mark.parametrize(
    "audience, targets, expected",
    [
        ("site", [], set(PAGES)),
        ("schools", ["school_a"], KU_LEUVEN_SUBTREE),
        ("schools", ["faculty_a"], {"faculty_a"}),
        ("schools", ["school_a", "school_b"], KU_LEUVEN_SUBTREE | {"school_b", "programme_b"}),
        ("programmes", ["programme_b"], {"programme_b"}),
    ],
)
def test_a_live_announcement_shows_on_exactly_the_pages_it_targets(tree, audience, targets, expected):
    announcement = Announcement(text="Applications for 2027 are open", audience=audience, live=False)
    field = {"schools": "schools", "programmes": "programmes"}.get(audience)
    if field:
        setattr(announcement, field, [getattr(tree, name) for name in targets])
    announcement.save()
    announcement.save_revision().publish()

    assert pages_showing(tree, "Applications for 2027 are open") == expected


def test_drafts_and_unpublished_announcements_never_show(tree):
    draft = Announcement(text="Draft about tuition", live=False)
    draft.save()
    draft.save_revision()
    withdrawn = live_announcement(text="Withdrawn banner")
    withdrawn.unpublish()

    html = public_html(tree.home.url)
    assert "Draft about tuition" not in html
    assert "Withdrawn banner" not in html


def test_several_announcements_are_ordered_most_important_first(tree):
    live_announcement(text="Campus tours every Friday")
    live_announcement(text="Applications close on 1 March", level=Announcement.Level.IMPORTANT)
    live_announcement(text="New cafeteria opening")

    html = public_html(tree.programme_a.url)

    assert html.index("Applications close on 1 March") < html.index("New cafeteria opening")
    assert html.index("Applications close on 1 March") < html.index("Campus tours every Friday")
    assert "Important:" in html


def test_the_banner_links_to_its_page_or_address(tree):
    live_announcement(text="Meet us online", link_page=tree.event_a, link_text="Register now")
    live_announcement(text="Read the rector's letter", link_url="https://www.kuleuven.be/letter")

    html = public_html(tree.home.url)

    assert f'href="{tree.event_a.url}"' in html and "Register now" in html
    assert 'href="https://www.kuleuven.be/letter"' in html and "Find out more" in html


def banner_queries(page):
    cache.clear()  # start from a cold cache of the site's root paths each time
    with CaptureQueriesContext(connection) as captured:
        banners = list(live_announcements(page))
        for banner in banners:
            banner.link_href()
    return len(captured), len(banners)


def test_banner_selection_takes_a_fixed_number_of_queries(tree):
    live_announcement(text="One", link_page=tree.event_a)
    few_queries, few = banner_queries(tree.programme_a)

    for number in range(5):
        live_announcement(text=f"School {number}", audience="schools", schools=[tree.school_a], link_page=tree.event_a)
        live_announcement(text=f"Site {number}", link_page=tree.school_b)
    many_queries, many = banner_queries(tree.programme_a)

    assert (few, many) == (1, 11)
    # Built once per content change: the banners, their schools, their programmes; one more finds the site's root
    # paths for the links, one the next expiry of a live page (caching/memo.py), and one the page's ancestors (their
    # translation keys: serving a page reads them anyway, for its breadcrumbs). A repeated look-up makes no query for
    # the banners.
    assert few_queries == many_queries == 6
    assert banner_queries(tree.programme_a) == (0, 11)  # (queries, banners): nothing is looked up again


def test_an_expired_announcement_is_hidden_even_before_publish_scheduled_runs(tree):
    announcement = live_announcement(text="Open day today")
    Announcement.objects.filter(pk=announcement.pk).update(expire_at=timezone.now() - timedelta(minutes=1))

    assert Announcement.objects.get(pk=announcement.pk).live
    assert "Open day today" not in public_html(tree.home.url)


def brussels(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_a_scheduled_announcement_appears_at_go_live_and_disappears_at_expiry(roles, tree):
    text = "KU Leuven will host an online open day on 1 December"
    now = timezone.now().replace(second=0, microsecond=0)
    go_live, expiry = now + timedelta(days=2), now + timedelta(days=9)
    client = Client()
    client.force_login(roles["marketing"])

    response = client.post(
        announcement_url("add"),
        {
            "text": text,
            "level": "important",
            "audience": "schools",
            "schools": [tree.school_a.pk],
            "link_page": tree.event_a.pk,
            "link_url": "",
            "link_text": "",
            "go_live_at": brussels(go_live),
            "expire_at": brussels(expiry),
            "action-publish": "action-publish",
        },
    )

    assert response.status_code == 302
    announcement = Announcement.objects.get(text=text)
    assert not announcement.live
    assert announcement.go_live_at == go_live
    assert pages_showing(tree, text) == set()
    for url in other_public_urls():
        assert text not in Client().get(url).content.decode(), url

    with mock.patch("django.utils.timezone.now", return_value=go_live - timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=io.StringIO())
        assert pages_showing(tree, text) == set()

    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=io.StringIO())
        assert Announcement.objects.get(pk=announcement.pk).live
        assert pages_showing(tree, text) == KU_LEUVEN_SUBTREE
        for url in other_public_urls():
            assert text not in Client().get(url).content.decode(), url

    with mock.patch("django.utils.timezone.now", return_value=expiry + timedelta(minutes=1)):
        assert pages_showing(tree, text) == set()  # before publish_scheduled has even run
        call_command("publish_scheduled", stdout=io.StringIO())
        announcement.refresh_from_db()
        assert not announcement.live and announcement.expired
        assert pages_showing(tree, text) == set()


def test_the_form_refuses_a_school_announcement_without_a_school(roles, tree):
    client = Client()
    client.force_login(roles["marketing"])
    response = client.post(
        announcement_url("add"),
        {"text": "Lonely banner", "level": "info", "audience": "schools", "go_live_at": "", "expire_at": ""},
    )
    assert response.status_code == 200
    assert "Choose at least one school" in response.content.decode()
    assert not Announcement.objects.exists()


def test_the_admin_preview_shows_the_banner(roles, tree):
    announcement = live_announcement(text="Preview me", level=Announcement.Level.IMPORTANT)
    client = Client()
    client.force_login(roles["marketing"])
    url = reverse(Announcement.snippet_viewset.get_url_name("preview_on_edit"), args=[announcement.pk])
    data = {
        "text": "Preview me, edited",
        "level": "important",
        "audience": "site",
        "go_live_at": "",
        "expire_at": "",
    }
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200, (response.status_code, response.headers)
    assert "Preview me, edited" in html
    assert "every page of the site" in html


def test_the_demo_announcement_targets_ku_leuven_until_the_open_day_ends(tree):
    announcement = ensure_demo_announcement(tree.school_a, tree.event_a)

    assert announcement.live
    assert announcement.expire_at == tree.event_a.end
    assert pages_showing(tree, DEMO_ANNOUNCEMENT_TEXT) == KU_LEUVEN_SUBTREE
    assert ensure_demo_announcement(tree.school_a, tree.event_a).pk == announcement.pk
    assert Announcement.objects.count() == 1


def test_a_dutch_page_shows_the_dutch_translation_of_the_banner_aimed_at_its_source(tree):
    from caching.invalidation import announcement_tags
    from core.factories import dutch_locale, translate

    english = Announcement(text="Applications for 2027 are open", audience="schools", live=False)
    english.schools = [tree.school_a]
    english.save()
    english.save_revision().publish()
    dutch_programme = translate(tree.programme_a, title="Master in de rechten")
    dutch_school = dutch_programme.get_parent().specific
    elsewhere = translate(tree.programme_b, title="Master in de wijsbegeerte")
    assert [item.text for item in live_announcements(dutch_programme)] == []  # no Dutch banner yet: none at all

    dutch = english.copy_for_translation(dutch_locale())
    dutch.text = "De inschrijvingen voor 2027 zijn open"
    dutch.save()
    dutch.save_revision().publish()

    assert [item.text for item in live_announcements(dutch_programme)] == ["De inschrijvingen voor 2027 zijn open"]
    assert [item.text for item in live_announcements(dutch_school)] == ["De inschrijvingen voor 2027 zijn open"]
    assert live_announcements(elsewhere) == []
    assert [item.text for item in live_announcements(tree.programme_a)] == ["Applications for 2027 are open"]
    # Publishing either purges the school's pages in both languages.
    for announcement in (english, dutch):
        assert {f"path:{tree.school_a.path}", f"path:{dutch_school.path}"} <= announcement_tags(announcement)
