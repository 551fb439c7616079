"""Site-wide lookups kept in memory (caching.memo) never outlive the content they were built from."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from events.factories import EventPageFactory
from programmes.factories import ProgrammePageFactory
from schools.factories import SchoolPageFactory

DEAD_REDIS = {
    "default": {"BACKEND": "caching.resilient_cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def finder_titles(visit, tree):
    return [link.get_text(" ", strip=True) for link in visit(tree.programme_index).soup.select(".finder-card h3 a")]


def test_a_programme_published_after_the_finder_was_built_is_listed_at_once(visit, site_tree):
    assert finder_titles(visit, site_tree) == ["Master of European Social Security"]
    ProgrammePageFactory(parent=site_tree.school, title="Master of Energy Law")
    assert finder_titles(visit, site_tree) == ["Master of Energy Law", "Master of European Social Security"]


def test_an_unpublished_programme_leaves_the_finder_at_once(visit, site_tree):
    assert finder_titles(visit, site_tree) == ["Master of European Social Security"]
    site_tree.programme.unpublish()
    assert finder_titles(visit, site_tree) == []


def test_a_renamed_section_is_renamed_in_the_menu_of_every_page(visit, site_tree):
    site_tree.event_index.show_in_menus = True
    site_tree.event_index.save_revision().publish()
    assert visit(site_tree.programme).soup.find("nav").find("a", string="Events") is not None
    site_tree.event_index.title = "Open days"
    site_tree.event_index.save_revision().publish()
    for page in (site_tree.home, site_tree.programme):
        menu = visit(page).soup.find("nav")
        assert menu.find("a", string="Open days") is not None
        assert menu.find("a", string="Events") is None


def test_a_new_view_restriction_hides_the_page_at_once(visit, site_tree):
    from wagtail.models import PageViewRestriction

    assert visit(site_tree.programme).status_code == 200
    PageViewRestriction.objects.create(page=site_tree.school, restriction_type=PageViewRestriction.LOGIN)
    assert visit(site_tree.programme).status_code == 302  # to the login page
    assert finder_titles(visit, site_tree) == []


@override_settings(CACHES=DEAD_REDIS)
def test_with_the_generation_unreadable_every_request_builds_its_own_answer(visit, site_tree):
    assert finder_titles(visit, site_tree) == ["Master of European Social Security"]
    ProgrammePageFactory(parent=site_tree.school, title="Master of Energy Law")
    assert finder_titles(visit, site_tree) == ["Master of Energy Law", "Master of European Social Security"]


def test_a_page_given_a_new_address_is_found_there_and_no_longer_at_the_old_one(visit, site_tree):
    old_url = site_tree.programme.url
    assert visit(old_url).status_code == 200
    site_tree.programme.slug = "social-security-law"
    site_tree.programme.save_revision().publish()
    assert visit(old_url).status_code == 404
    new_url = type(site_tree.programme).objects.get(pk=site_tree.programme.pk).url
    assert new_url.endswith("/social-security-law/")
    assert "Master of European Social Security" in visit(new_url).text


def test_the_home_page_shows_a_new_programme_school_and_event_at_once(visit, site_tree):
    assert "1 programme to choose" in " ".join(visit(site_tree.home).text.split())
    SchoolPageFactory(parent=site_tree.school_index, title="Faculty of Theology")
    ProgrammePageFactory(parent=site_tree.school, title="Master of Energy Law")
    EventPageFactory(parent=site_tree.school, title="Theology open evening")
    home = " ".join(visit(site_tree.home).text.split())
    assert "2 programmes to choose" in home
    assert "Faculty of Theology" in home and "Theology open evening" in home


def test_an_event_that_is_over_leaves_the_home_page_with_nothing_published(visit, site_tree, monkeypatch):
    event = EventPageFactory(parent=site_tree.school, title="Theology open evening")
    assert "Theology open evening" in visit(site_tree.home).text
    after_it = event.end + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: after_it)
    assert "Theology open evening" not in visit(site_tree.home).text


def test_a_school_given_a_new_address_takes_its_programmes_along(visit, site_tree):
    old_url = site_tree.programme.url
    assert visit(old_url).status_code == 200  # kept by URL path from now on
    site_tree.school.slug = "law-and-criminology"
    site_tree.school.save_revision().publish()
    assert visit(old_url).status_code == 404
    new_url = type(site_tree.programme).objects.get(pk=site_tree.programme.pk).url
    assert new_url.endswith("/law-and-criminology/master-of-european-social-security/")
    assert "Master of European Social Security" in visit(new_url).text


def test_a_draft_given_a_new_address_takes_the_live_pages_below_it_along(visit, site_tree):
    old_url = site_tree.programme.url
    assert visit(old_url).status_code == 200
    site_tree.school.slug = "law-and-criminology"
    site_tree.school.live = False
    site_tree.school.save()
    assert visit(old_url).status_code == 404


def test_a_republished_programme_is_read_again_and_other_pages_are_kept_by_their_address(visit, site_tree):
    from caching import memo

    for page in (site_tree.programme, site_tree.event):
        assert visit(page).status_code == 200
    kept_event = memo.remember("pages-by-url-path", dict)[site_tree.event.url_path]
    site_tree.programme.summary = "Now with a semester abroad in Ghent."
    site_tree.programme.save_revision().publish()

    assert "Now with a semester abroad in Ghent." in visit(site_tree.programme).text
    assert visit(site_tree.event).status_code == 200
    assert memo.remember("pages-by-url-path", dict)[site_tree.event.url_path] is kept_event
