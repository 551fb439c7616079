"""The page cache in two languages: each language's pages are cached apart, publishing in one language re-renders
only what depends on it, and a translation going live or offline updates the hreflang and switcher of the other
language's page of the same translation group (a recorded dependency), nothing else there."""

import pytest
from django.test import Client

from core.factories import publish, translate
from programmes.factories import ProgrammePageFactory
from programmes.models import ProgrammePage


@pytest.fixture
def tree(bilingual_tree, page_cache_on):
    return bilingual_tree


def get(url, **extra):
    return Client().get(url, **extra)


def state(url):
    response = get(url)
    return response.status_code, response.get("X-Page-Cache")


def warm(*urls):
    for url in urls:
        get(url)
        assert state(url) == (200, "hit"), url


def english_pages(tree):
    en = tree.en
    return [en.home.url, en.programme_index.url, en.school.url, en.programme.url, en.event.url, en.event_index.url]


def test_each_language_is_cached_under_its_own_address(tree):
    warm(tree.en.programme.url, tree.programme.url)
    english, dutch = get(tree.en.programme.url), get(tree.programme.url)
    assert '<html lang="en">' in english.content.decode() and '<html lang="nl">' in dutch.content.decode()


def test_the_home_redirect_is_never_stored(tree):
    for _ in range(2):
        response = get("/", HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 302 and "X-Page-Cache" not in response
    assert get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/"


def test_publishing_an_edit_of_a_translation_leaves_the_other_language_cached(tree):
    warm(*english_pages(tree), tree.programme.url, tree.programme_index.url)
    dutch = ProgrammePage.objects.get(pk=tree.programme.pk)
    dutch.summary = "Een nieuwe Nederlandse samenvatting."
    publish(dutch)

    for url in english_pages(tree):
        assert state(url) == (200, "hit"), url
    response = get(tree.programme.url)
    assert response["X-Page-Cache"] == "miss" and "Een nieuwe Nederlandse samenvatting." in response.content.decode()
    assert get(tree.programme_index.url)["X-Page-Cache"] == "miss"  # the Dutch finder lists it


def test_a_translation_going_live_updates_the_hreflang_of_its_other_language_page_only(tree):
    english = ProgrammePageFactory(parent=tree.en.school, title="Master of Laws")
    draft = translate(english, title="Master in de rechten", publish=False)
    sibling = tree.en.programme.url
    warm(english.url, sibling, tree.en.programme_index.url, tree.en.home.url)
    assert '<link rel="alternate" hreflang="nl"' not in get(english.url).content.decode()

    publish(ProgrammePage.objects.get(pk=draft.pk))

    response = get(english.url)
    assert response["X-Page-Cache"] == "miss"
    assert f'hreflang="nl" href="http://testserver{draft.url}"' in response.content.decode()
    for url in (sibling, tree.en.programme_index.url, tree.en.home.url):
        assert state(url) == (200, "hit"), url


def test_a_translation_going_offline_drops_the_hreflang_to_it(tree):
    warm(tree.en.programme.url, tree.en.school.url)
    ProgrammePage.objects.get(pk=tree.programme.pk).unpublish()

    response = get(tree.en.programme.url)
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert '<link rel="alternate" hreflang="nl"' not in html
    assert f'href="{tree.school.url}" hreflang="nl"' in html  # the switcher falls back to the Dutch school
    assert state(tree.en.school.url) == (200, "hit")


def test_publishing_in_english_leaves_the_dutch_pages_cached(tree):
    dutch_pages = [tree.home.url, tree.programme_index.url, tree.school.url, tree.event_index.url]
    warm(*dutch_pages)
    ProgrammePageFactory(parent=tree.en.school, title="Master of Laws")  # live at once, English only
    for url in dutch_pages:
        assert state(url) == (200, "hit"), url
    assert state(tree.en.programme_index.url)[1] in (None, "miss")
