"""Invalidation by dependency, with the page cache in a real Redis: each kind of change re-renders the pages that
depend on it (`X-Page-Cache: miss` with the new content) and leaves the others hits, and the kept lookups that do not
depend on it (the finder's catalogue) are not rebuilt."""

import os
import re
import time
from datetime import timedelta

import pytest
import redis
import wagtail_factories
from django.test import Client
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import PageViewRestriction

from announcements.models import Announcement
from caching import memo, page_cache
from core.factories import publish
from core.models import PortalSettings
from programmes.factories import ProgrammePageFactory
from schools.factories import SchoolPageFactory

# One Redis database per xdist worker (15, 14, ...): each test empties its database, which must not be another's.
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("PAGE_CACHE_DEPENDENCY_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - WORKER}")


@pytest.fixture
def redis_page_cache(settings, monkeypatch):
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.CACHES = {"default": {"BACKEND": "caching.resilient_cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
    settings.PAGE_CACHE_ENABLED = True
    monkeypatch.setattr(page_cache, "_stores", {})
    yield
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def tree(site_tree, redis_page_cache):
    """The site tree plus a second school (Economics) with its own programme, and a second Law programme."""
    site_tree.other_school = SchoolPageFactory(parent=site_tree.school_index, title="Faculty of Economics")
    site_tree.other_programme = ProgrammePageFactory(parent=site_tree.other_school, title="Master of Econometrics")
    site_tree.sibling = ProgrammePageFactory(parent=site_tree.school, title="Master of Tax Law")
    return site_tree


def get(url):
    return Client().get(url)


def cache_state(url):
    response = get(url)
    return response.status_code, response.get("X-Page-Cache")


def warm(*urls):
    for url in urls:
        get(url)
        assert cache_state(url) == (200, "hit"), url


def assert_hits(*urls):
    for url in urls:
        assert cache_state(url) == (200, "hit"), url


def assert_rerendered(url, *, shows=(), hides=()):
    response = get(url)
    assert (response.status_code, response["X-Page-Cache"]) == (200, "miss"), url
    text = response.content.decode()
    for words in shows:
        assert words in text, (url, words)
    for words in hides:
        assert words not in text, (url, words)


def catalogue():
    """The finder's catalogue this process keeps (None when not built)."""
    kept = [value for key, value in memo._memo.items() if isinstance(key, tuple) and key[0] == "finder-catalogue"]
    return kept[0][2] if kept else None


def other_pages(tree):
    """Pages of the other school, which a change to a Law programme must leave alone."""
    return [tree.other_school.url, tree.other_programme.url]


def test_publishing_a_programme_re_renders_it_its_school_and_the_finder_only(tree):
    warm(tree.programme.url, tree.school.url, tree.programme_index.url, tree.home.url, tree.sibling.url)
    warm(*other_pages(tree))
    tree.programme.title = "Master of Comparative Social Security"
    publish(tree.programme)

    for url in (tree.programme.url, tree.school.url, tree.programme_index.url):
        assert_rerendered(url, shows=["Master of Comparative Social Security"])
    # Home shows how many programmes there are, which a republish leaves as it was.
    assert_hits(tree.home.url, *other_pages(tree), tree.sibling.url)


def test_a_new_programme_re_renders_home_with_its_count_and_keeps_other_programmes(tree):
    warm(tree.home.url, tree.programme.url, *other_pages(tree))
    count = re.search(r"(\d+) programmes to choose from", get(tree.home.url).content.decode()).group(1)
    ProgrammePageFactory(parent=tree.other_school, title="Master of Applied Economics")

    assert_rerendered(tree.home.url, shows=[f"{int(count) + 1} programmes to choose from"])
    assert_hits(tree.programme.url)


def test_unpublishing_a_programme_removes_it_and_keeps_other_schools(tree):
    warm(tree.programme.url, tree.school.url, tree.programme_index.url, tree.home.url, *other_pages(tree))
    count = re.search(r"(\d+) programmes to choose from", get(tree.home.url).content.decode()).group(1)
    tree.programme.unpublish()

    assert get(tree.programme.url).status_code == 404
    for url in (tree.school.url, tree.programme_index.url):
        assert_rerendered(url, hides=[tree.programme.title])
    assert_rerendered(tree.home.url, shows=[f"{int(count) - 1} programmes to choose from"])
    assert_hits(*other_pages(tree))


def test_moving_a_programme_updates_both_schools_and_keeps_their_other_programmes(tree):
    old_url = tree.programme.url
    warm(old_url, tree.school.url, tree.sibling.url, *other_pages(tree))
    tree.programme.move(tree.other_school, pos="last-child")

    assert get(old_url).status_code in (301, 404)
    assert_rerendered(tree.school.url, hides=[tree.programme.title])
    assert_rerendered(tree.other_school.url, shows=[tree.programme.title])
    assert_hits(tree.sibling.url, tree.other_programme.url)


def test_renaming_a_school_reaches_its_programmes_breadcrumbs_but_not_other_schools(tree):
    warm(tree.programme.url, tree.sibling.url, tree.event.url, *other_pages(tree))
    tree.school.title = "Faculty of Law and Criminology"
    publish(tree.school)

    for url in (tree.programme.url, tree.sibling.url, tree.event.url):
        assert_rerendered(url, shows=["Faculty of Law and Criminology"])
    assert_hits(*other_pages(tree))


def test_deleting_a_programme_removes_it_and_keeps_other_schools(tree):
    url, title = tree.programme.url, tree.programme.title
    warm(url, tree.school.url, tree.programme_index.url, *other_pages(tree))
    tree.programme.delete()

    assert get(url).status_code == 404
    for listing in (tree.school.url, tree.programme_index.url):
        assert_rerendered(listing, hides=[title])
    assert_hits(*other_pages(tree))


def test_a_view_restriction_hides_the_page_and_keeps_other_schools(tree):
    warm(tree.programme.url, tree.school.url, *other_pages(tree))
    PageViewRestriction.objects.create(page=tree.programme, restriction_type=PageViewRestriction.LOGIN)

    assert get(tree.programme.url).status_code == 302
    assert_rerendered(tree.school.url, hides=[tree.programme.title])
    assert_hits(*other_pages(tree))


def test_publishing_an_event_re_renders_its_schools_pages_and_the_programmes_it_presents_only(tree):
    warm(tree.school.url, tree.programme.url, tree.event_index.url, tree.home.url, *other_pages(tree))
    tree.event.title = "Law open evening"
    publish(tree.event)
    for url in (tree.school.url, tree.programme.url, tree.event_index.url, tree.home.url):
        assert_rerendered(url, shows=["Law open evening"])
    assert_hits(*other_pages(tree))

    tree.event.related_programmes = [tree.other_programme]  # it now presents an Economics programme too
    publish(tree.event)
    assert_rerendered(tree.other_programme.url, shows=["Law open evening"])
    assert_hits(tree.other_school.url)

    tree.event.related_programmes = []
    publish(tree.event)
    assert_rerendered(tree.other_programme.url, hides=["Law open evening"])
    get(tree.other_programme.url)
    tree.event.delete()
    assert_hits(tree.other_programme.url, tree.other_school.url)
    assert_rerendered(tree.school.url, hides=["Law open evening"])


def test_deleting_an_event_re_renders_the_programmes_it_presented(tree):
    tree.event.related_programmes = [tree.other_programme]
    publish(tree.event)
    warm(tree.other_programme.url, tree.other_school.url)
    assert "Law open day" in get(tree.other_programme.url).content.decode()
    tree.event.delete()
    assert_rerendered(tree.other_programme.url, hides=["Law open day"])
    assert_hits(tree.other_school.url)


def test_an_announcement_for_a_school_reaches_its_pages_only(tree):
    warm(tree.programme.url, tree.school.url, tree.home.url, *other_pages(tree))
    announcement = Announcement(text="Law applications for 2027 are open", audience="schools", live=False)
    announcement.schools = [tree.school]
    announcement.save()
    announcement.save_revision().publish()

    for url in (tree.programme.url, tree.school.url):
        assert_rerendered(url, shows=["Law applications for 2027 are open"])
    assert_hits(tree.home.url, *other_pages(tree))

    announcement.schools = [tree.other_school]  # moved to the other school: both schools change
    announcement.save_revision().publish()
    assert_rerendered(tree.programme.url, hides=["Law applications for 2027 are open"])
    assert_rerendered(tree.other_programme.url, shows=["Law applications for 2027 are open"])
    assert_hits(tree.home.url)


def test_changed_settings_re_render_every_page_but_keep_the_catalogue(tree):
    warm(tree.programme.url, tree.programme_index.url, *other_pages(tree))
    kept = catalogue()
    assert kept is not None
    PortalSettings.objects.update_or_create(site=tree.home.get_site(), defaults={"footer_text": "Open every weekday"})

    for url in (tree.programme.url, tree.programme_index.url, *other_pages(tree)):
        assert_rerendered(url, shows=["Open every weekday"])
    assert catalogue() is kept, "the finder's catalogue does not depend on the settings"


def test_publishing_a_programme_updates_its_catalogue_row_only_and_keeps_other_lookups(tree):
    warm(tree.programme_index.url, tree.school.url)
    sections = memo._memo[("site-sections", tree.home.pk)]
    before = catalogue()
    tree.programme.title = "Master of Comparative Social Security"
    publish(tree.programme)
    assert_rerendered(tree.programme_index.url, shows=["Master of Comparative Social Security"])
    after = catalogue()
    assert after.rows[after.position[tree.programme.pk]].title == "Master of Comparative Social Security"
    for other in (tree.sibling, tree.other_programme):
        assert after.rows[after.position[other.pk]] is before.rows[before.position[other.pk]], "not read again"
    assert after.schools is before.schools, "updated, not rebuilt"
    assert memo._memo[("site-sections", tree.home.pk)] is sections, "the menu is kept"


def test_publishing_a_school_rebuilds_the_catalogue(tree):
    warm(tree.programme_index.url)
    before = catalogue()
    tree.school.title = "Faculty of Law and Criminology"
    publish(tree.school)
    get(tree.programme_index.url)
    after = catalogue()
    assert after.schools is not before.schools
    assert after.rows[after.position[tree.programme.pk]].school_title == "Faculty of Law and Criminology"


def test_no_page_outlives_the_clock_boundary_and_the_lookups_survive_it(tree):
    announcement = Announcement(text="Last call for applications", audience="site", live=False)
    announcement.save()
    announcement.save_revision().publish()
    Announcement.objects.filter(pk=announcement.pk).update(expire_at=timezone.now() + timedelta(seconds=2))
    page_cache.invalidate({"content"})  # the expiry was written without signals, as if set long before
    warm(tree.school.url, tree.programme_index.url)
    assert "Last call for applications" in get(tree.school.url).content.decode()
    kept = catalogue()

    time.sleep(2.2)
    assert_rerendered(tree.school.url, hides=["Last call for applications"])
    assert_rerendered(tree.programme_index.url, hides=["Last call for applications"])
    assert catalogue() is kept, "nothing changed: the catalogue is not rebuilt at the boundary"


class RecordingBackend(BaseBackend):
    """A CDN that only writes down what it is asked to forget."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


def test_the_cdn_is_purged_of_the_urls_stored_with_the_changed_tags_only(
    tree, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}
    warm(tree.programme.url, tree.school.url, tree.programme_index.url, "/sitemap.xml", *other_pages(tree))
    RecordingBackend.purged = []
    tree.programme.title = "Master of Social Security Law"
    with django_capture_on_commit_callbacks(execute=True):
        publish(tree.programme)

    paths = {re.sub(r"^https?://[^/]+", "", url) for url in RecordingBackend.purged}
    assert {tree.programme.url, tree.school.url, tree.programme_index.url, "/sitemap.xml"} <= paths
    assert paths.isdisjoint(other_pages(tree))


def test_republishing_a_programme_unchanged_in_title_keeps_event_pages_the_events_listing_and_other_programmes(tree):
    """The publish storm's case: an edit of a programme's own content re-renders it, its school and the finder, and
    nothing that only shows its title (events presenting it, the events listing's filter) or other programmes,
    even when they show an image."""
    tree.event.related_programmes = [tree.programme]
    publish(tree.event)
    tree.other_programme.hero_image = wagtail_factories.ImageFactory(title="Econometrics lecture hall")
    publish(tree.other_programme)
    listing_and_others = (tree.event.url, tree.event_index.url, tree.other_programme.url, tree.sibling.url)
    warm(tree.programme.url, *listing_and_others)
    filter_choices = memo._memo[next(key for key in memo._memo if key[0] == "event-filter-programmes")]

    tree.programme.summary = "Now with a semester abroad in Ghent."
    publish(tree.programme)
    assert_rerendered(tree.programme.url, shows=["Now with a semester abroad in Ghent."])
    assert_hits(*listing_and_others)
    assert memo._memo[next(key for key in memo._memo if key[0] == "event-filter-programmes")] is filter_choices

    tree.programme.title = "Master of Comparative Social Security"
    publish(tree.programme)
    for url in (tree.event.url, tree.event_index.url):
        assert_rerendered(url, shows=["Master of Comparative Social Security"])
    assert_hits(tree.other_programme.url, tree.sibling.url)


def test_republishing_a_programme_unchanged_in_what_the_finder_filters_by_re_renders_only_finder_pages_with_its_card(
    tree,
):
    own_school = f"{tree.programme_index.url}?school={tree.school.pk}"
    other_school = f"{tree.programme_index.url}?school={tree.other_school.pk}"
    warm(tree.programme_index.url, own_school, other_school)

    tree.programme.summary = "Now with a semester abroad in Ghent."
    publish(tree.programme)
    for url in (tree.programme_index.url, own_school):
        assert_rerendered(url, shows=["Now with a semester abroad in Ghent."])
    assert_hits(other_school)

    tree.programme.duration_months = 12
    publish(tree.programme)  # its duration facet changes: every count may
    assert_rerendered(other_school)
