"""The full-page cache: anonymous GET/HEAD served from it, never for editors, previews, admin or errors, and every
content change (publish, unpublish, scheduled go-live and expiry, move, rename, delete, announcements) shows on the
very next request. Time boundaries (an announcement's expiry, an event's end) cap how long an entry lives."""

import gzip
import io
import re
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Page, PageViewRestriction

from announcements.models import Announcement
from caching import page_cache
from core.factories import publish
from events.factories import EventPageFactory
from programmes.factories import ProgrammePageFactory
from schools.factories import SchoolPageFactory


@pytest.fixture
def tree(site_tree, page_cache_on):
    return site_tree


def get(url, client=None, method="get"):
    return getattr(client or Client(), method)(url)


def warm(*urls):
    """Request each URL twice as an anonymous visitor; the second answer must come from the cache."""
    for url in urls:
        get(url)
        response = get(url)
        assert response.status_code == 200, url
        assert response["X-Page-Cache"] == "hit", url


def text_of(url):
    response = get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def cache_control(response):
    return dict(
        (name.strip(), value)
        for name, _, value in (part.partition("=") for part in response["Cache-Control"].split(","))
    )


# --- What is cached --------------------------------------------------------------------------------------------


def test_an_anonymous_visit_is_served_from_the_cache_the_second_time(tree, django_assert_num_queries):
    first = get(tree.programme.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(tree.programme.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    head = get(tree.programme.url, method="head")
    assert head.status_code == 200 and head["X-Page-Cache"] == "hit"


def test_cached_pages_tell_a_cdn_how_long_to_keep_them(tree):
    for response in (get(tree.school.url), get(tree.school.url)):
        directives = cache_control(response)
        assert "public" in directives
        assert directives["max-age"] == "0"
        assert 0 < int(directives["s-maxage"]) <= 300
        assert int(directives["stale-while-revalidate"]) > 0


def test_the_calendar_feed_is_cached_and_keeps_its_browser_lifetime(tree):
    warm("/en/events/feed.ics")
    directives = cache_control(get("/en/events/feed.ics"))
    assert 0 < int(directives["max-age"]) <= 900


def test_a_browser_is_sent_the_cached_page_gzipped_and_others_get_it_plain(tree):
    first = get(tree.school.url)
    assert "Accept-Encoding" in first["Vary"]
    zipped = Client().get(tree.school.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert (zipped["X-Page-Cache"], zipped["Content-Encoding"]) == ("hit", "gzip")
    assert gzip.decompress(zipped.content) == first.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(first.content) / 3
    assert "Accept-Encoding" in zipped["Vary"]
    plain = get(tree.school.url)
    assert (plain["X-Page-Cache"], plain.get("Content-Encoding")) == ("hit", None)
    assert plain.content == first.content and int(plain["Content-Length"]) == len(first.content)


def test_pages_held_in_memory_stay_within_their_byte_limit(tree, monkeypatch):
    monkeypatch.setattr(page_cache, "held_entries", page_cache.HeldEntries(limit=len(text_of(tree.school.url)) * 2))
    urls = [tree.school.url, tree.programme.url, tree.event.url, tree.home.url]
    warm(*urls)
    held = page_cache.held_entries
    assert 0 < held.size <= held.limit
    assert held.size == sum(held.weight(entry) for entry in held.entries.values())
    assert len(held.entries) < len(urls), "the least recently used pages were let go"
    assert get(tree.school.url)["X-Page-Cache"] == "hit", "a page let go is still served from the shared cache"


def test_logged_in_editors_never_get_or_fill_the_cache(tree, superuser_client):
    warm(tree.school.url)
    response = superuser_client.get(tree.school.url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_the_admin_and_previews_are_never_cached(tree, superuser_client):
    for _ in range(2):
        response = superuser_client.get(f"/admin/pages/{tree.programme.pk}/edit/preview/")
        assert "X-Page-Cache" not in response
    assert get("/admin/login/").get("X-Page-Cache") is None


def test_errors_and_responses_with_cookies_are_not_cached(tree):
    for _ in range(2):
        assert get("/en/no-such-page/").status_code == 404
        assert "X-Page-Cache" not in get("/en/no-such-page/")
    for _ in range(2):
        assert "X-Page-Cache" not in get("/admin/login/")


def test_private_pages_are_not_served_to_the_public_from_the_cache(tree):
    warm(tree.programme.url)
    PageViewRestriction.objects.create(page=tree.programme, restriction_type=PageViewRestriction.LOGIN)
    response = get(tree.programme.url)
    assert response.status_code == 302  # to the login page, not the cached copy
    assert tree.programme.title not in text_of(tree.school.url)


# --- Exact invalidation ------------------------------------------------------------------------------------------


def listing_urls(tree):
    return [tree.home.url, tree.school.url, tree.programme_index.url, "/sitemap.xml", "/en/search/?q=European"]


def test_publishing_a_change_shows_everywhere_on_the_next_request(tree):
    warm(tree.programme.url, *listing_urls(tree))
    tree.programme.title = "Master of Comparative Social Security"
    publish(tree.programme)
    assert "Master of Comparative Social Security" in text_of(tree.programme.url)
    for url in (tree.school.url, tree.programme_index.url):
        assert "Master of Comparative Social Security" in text_of(url), url


def test_publishing_a_new_programme_adds_it_to_the_listings_and_the_sitemap(tree):
    warm(*listing_urls(tree))
    programme = ProgrammePageFactory(parent=tree.school, title="Master of Tax Law", live=False)
    publish(programme)
    for url in (tree.school.url, tree.programme_index.url):
        assert "Master of Tax Law" in text_of(url), url
    assert f"http://testserver{programme.url}" in text_of("/sitemap.xml")


def test_unpublishing_removes_the_page_from_every_listing(tree):
    url = tree.programme.url
    warm(url, *listing_urls(tree))
    tree.programme.unpublish()
    assert get(url).status_code == 404
    for listing in (tree.school.url, tree.programme_index.url, "/sitemap.xml"):
        assert tree.programme.title not in text_of(listing), listing


def test_scheduled_go_live_shows_the_page_when_the_scheduler_publishes_it(tree):
    programme = ProgrammePageFactory(parent=tree.school, title="Master of Space Law", live=False)
    revision = programme.save_revision()
    # Scheduled for a moment that has just passed, written without signals as the admin's scheduling would leave it.
    type(revision).objects.filter(pk=revision.pk).update(approved_go_live_at=timezone.now() - timedelta(seconds=1))
    warm(*listing_urls(tree))
    assert "Master of Space Law" not in text_of(tree.school.url)

    call_command("publish_scheduled", stdout=io.StringIO())

    assert get(programme.url).status_code == 200
    for url in (tree.school.url, tree.programme_index.url):
        assert "Master of Space Law" in text_of(url), url


def test_scheduled_expiry_hides_the_page_when_the_scheduler_expires_it(tree):
    warm(tree.programme.url, *listing_urls(tree))
    Page.objects.filter(pk=tree.programme.pk).update(expire_at=timezone.now() - timedelta(seconds=1))

    call_command("publish_scheduled", stdout=io.StringIO())

    assert get(tree.programme.url).status_code == 404
    for url in (tree.school.url, tree.programme_index.url):
        assert tree.programme.title not in text_of(url), url


def test_moving_a_programme_updates_both_schools_and_the_old_address(tree):
    other = SchoolPageFactory(title="Faculty of Economics", slug="economics")
    old_url = tree.programme.url
    warm(old_url, other.url, *listing_urls(tree))

    tree.programme.move(other, pos="last-child")

    assert get(old_url).status_code in (301, 404)  # Wagtail's automatic redirect, never the cached old page
    assert tree.programme.title not in text_of(tree.school.url)
    assert tree.programme.title in text_of(other.url)
    assert get(f"/en/schools/economics/{tree.programme.slug}/").status_code == 200


def test_renaming_a_school_updates_the_breadcrumbs_of_its_programmes(tree):
    warm(tree.programme.url, tree.event.url, tree.school_index.url)
    tree.school.title = "Faculty of Law and Criminology"
    publish(tree.school)
    for url in (tree.programme.url, tree.event.url, tree.school_index.url):
        assert "Faculty of Law and Criminology" in text_of(url), url


def test_deleting_a_page_removes_it_everywhere(tree):
    url = tree.event.url
    warm(url, tree.school.url, tree.event_index.url, "/en/events/feed.ics")
    title = tree.event.title
    tree.event.delete()
    assert get(url).status_code == 404
    for listing in (tree.school.url, tree.event_index.url, "/en/events/feed.ics"):
        assert title not in text_of(listing), listing


def test_announcements_appear_change_and_disappear_on_the_next_request(tree):
    warm(tree.programme.url, tree.school.url, tree.home.url)
    announcement = Announcement(text="Applications for 2027 are open", audience="schools", live=False)
    announcement.schools = [tree.school]
    announcement.save()
    announcement.save_revision().publish()
    assert "Applications for 2027 are open" in text_of(tree.programme.url)
    assert "Applications for 2027 are open" in text_of(tree.school.url)
    assert "Applications for 2027 are open" not in text_of(tree.home.url)

    announcement.text = "Applications for 2027 close soon"
    announcement.save_revision().publish()
    assert "Applications for 2027 close soon" in text_of(tree.programme.url)

    Announcement.objects.get(pk=announcement.pk).unpublish()
    assert "Applications for 2027" not in text_of(tree.programme.url)

    announcement.save_revision().publish()
    assert "Applications for 2027" in text_of(tree.programme.url)
    Announcement.objects.get(pk=announcement.pk).delete()
    assert "Applications for 2027" not in text_of(tree.programme.url)


def test_a_draft_does_not_empty_the_cache(tree):
    warm(tree.programme.url)
    tree.programme.title = "A draft title nobody sees yet"
    tree.programme.save_revision()
    response = get(tree.programme.url)
    assert response["X-Page-Cache"] == "hit"
    assert "A draft title nobody sees yet" not in response.content.decode()


# --- Time boundaries --------------------------------------------------------------------------------------------


def test_no_entry_outlives_the_next_event_boundary(tree):
    soon = timezone.now() + timedelta(seconds=90)
    EventPageFactory(parent=tree.school, title="Ends soon", start=soon - timedelta(hours=1), end=soon)
    assert abs((page_cache.next_boundary() - soon).total_seconds()) < 1
    directives = cache_control(get(tree.event_index.url))
    assert int(directives["s-maxage"]) <= 90
    assert int(directives["s-maxage"]) + int(directives.get("stale-while-revalidate", 0)) <= 90


def test_an_expiring_announcement_disappears_at_expiry_without_the_scheduler(tree):
    announcement = Announcement(text="Last call for applications", audience="site", live=False)
    announcement.save()
    announcement.save_revision().publish()
    Announcement.objects.filter(pk=announcement.pk).update(expire_at=timezone.now() + timedelta(seconds=2))
    page_cache.invalidate({"content"})  # the expiry was written without signals, as if set long before
    assert "Last call for applications" in text_of(tree.school.url)
    assert get(tree.school.url)["X-Page-Cache"] == "hit"
    assert len(page_cache.held_entries.entries) == 1, "the hit came from this process's memory"
    time.sleep(2.2)
    assert "Last call for applications" not in text_of(tree.school.url)


def test_a_closing_deadline_never_outlives_midnight(tree):
    boundary = page_cache.next_boundary()
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    assert boundary <= midnight


# --- CDN purging ------------------------------------------------------------------------------------------------


class RecordingBackend(BaseBackend):
    """A CDN that only writes down what it is asked to forget."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


def test_the_cdn_is_told_every_url_a_publish_changes(tree, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.purged = []
    tree.programme.title = "Master of Social Security Law"
    with django_capture_on_commit_callbacks(execute=True):  # the purge is a background task queued on commit
        publish(tree.programme)
    paths = {re.sub(r"^https?://[^/]+", "", url) for url in RecordingBackend.purged}
    expected = {tree.programme.url, tree.school.url, tree.school_index.url, tree.home.url, tree.programme_index.url}
    expected |= {"/sitemap.xml", "/en/events/feed.ics", f"/en/events/schools/{tree.school.pk}/feed.ics"}
    assert expected <= paths
