"""The visitors' search index follows publishing: what is live is found, what is not is gone, on every change."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Site

from core.factories import dutch_locale, publish, translate
from core.languages import localized_root
from programmes.models import SubjectArea
from search import engine
from search.pages import site_search


def found(kind, query):
    return [pk for pk, _score in engine.search(kind, query)]


def ids(results):
    return [pk for pk, _score in results]


@pytest.mark.django_db
def test_a_programme_is_found_by_its_title_school_and_subject_as_soon_as_it_is_saved(site_tree):
    programme = site_tree.programme
    assert found("programme", "social securty") == [programme.pk]  # a typo in the title
    assert found("programme", "law") == [programme.pk]  # the school's name is a keyword
    subject = SubjectArea.objects.create(name="Labour relations", slug="labour-relations")
    programme.subject_areas.add(subject)
    programme.save_revision().publish()
    assert found("programme", "labour") == [programme.pk]


@pytest.mark.django_db
def test_an_unpublished_or_deleted_page_leaves_the_index(site_tree):
    site_tree.programme.unpublish()
    assert found("programme", "social security") == []
    event_pk = site_tree.event.pk
    site_tree.event.delete()
    assert event_pk not in found("event", "open day")


@pytest.mark.django_db
def test_a_renamed_subject_finds_its_programmes_under_the_new_name(site_tree):
    subject = SubjectArea.objects.create(name="Welfare", slug="welfare")
    site_tree.programme.subject_areas.add(subject)
    site_tree.programme.save_revision().publish()
    subject.name = "Social protection"
    subject.save()
    assert found("programme", "protection") == [site_tree.programme.pk]


@pytest.mark.django_db
def test_search_reindex_rebuilds_the_index_from_the_live_pages_with_progress(site_tree):
    engine.remove_kind("programme")
    assert found("programme", "social security") == []
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert found("programme", "social security") == [site_tree.programme.pk]
    assert "indexed" in out.getvalue() and "Search index rebuilt" in out.getvalue()


# --- Dutch pages: indexed and searched in Dutch ------------------------------------------------------------------------


@pytest.fixture
def bilingual(site_tree):
    """The programme as "Master of Biomedical Sciences" in Medicine, and its Dutch translation, both published; the
    subject's Dutch name is "Geneeskunde"."""
    subject = SubjectArea.objects.create(name="Medicine", slug="medicine")
    dutch_subject = subject.copy_for_translation(dutch_locale())
    dutch_subject.name = "Geneeskunde"
    dutch_subject.save()
    programme = site_tree.programme
    programme.title = "Master of Biomedical Sciences"
    programme.subject_areas.add(subject)
    publish(programme)
    dutch = translate(programme, title="Master in de biomedische wetenschappen")
    return programme, dutch


def in_language(kind, query, language):
    return engine.search(kind, query, language=language)


# A Dutch query on Dutch pages, word parts and typos included: exact ids and scores, the same on every database.
DUTCH_GOLDEN = {
    "biomedische": 80,
    "wetenschap": 60,
    "biomedsche": 20,
    "wetenschapen": 20,
    "biomedische wetenschap": 140,
    "geneeskunde": 40,  # the subject's Dutch name is a keyword of the Dutch page
}


@pytest.mark.django_db
@pytest.mark.parametrize("query", list(DUTCH_GOLDEN))
def test_dutch_queries_find_the_dutch_page_only(bilingual, query):
    _english, dutch = bilingual
    assert in_language("programme", query, "nl") == [(dutch.pk, DUTCH_GOLDEN[query])]
    assert in_language("programme", query, "en") == []


@pytest.mark.django_db
def test_english_queries_find_the_english_page_only(bilingual):
    english, _dutch = bilingual
    assert in_language("programme", "biomedical sciences", "en") == [(english.pk, 160)]
    assert in_language("programme", "biomedcal", "en") == [(english.pk, 20)]
    assert in_language("programme", "medicine", "en") == [(english.pk, 40)]
    assert in_language("programme", "medicine", "nl") == []


@pytest.mark.django_db
def test_a_translated_subject_name_updates_the_dutch_page(bilingual):
    _english, dutch = bilingual
    translation = SubjectArea.objects.get(locale__language_code="nl", slug="medicine")
    translation.name = "Biomedische geneeskunde"
    translation.save()
    assert ids(in_language("programme", "geneeskunde", "nl")) == [dutch.pk]
    assert ids(in_language("programme", "biomedische geneeskunde", "nl")) == [dutch.pk]


@pytest.mark.django_db
def test_site_search_in_dutch_shows_the_dutch_pages(bilingual):
    english, dutch = bilingual
    root = Site.objects.get(is_default_site=True).root_page
    with translation.override("nl"):
        groups = site_search("biomedsche wetenschapen", localized_root(root))
        assert [[hit.page.pk for hit in group.hits] for group in groups] == [[dutch.pk]]
        assert site_search("biomedical", localized_root(root)) == []
    with translation.override("en"):
        groups = site_search("biomedical", localized_root(root))
        assert [[hit.page.pk for hit in group.hits] for group in groups] == [[english.pk]]


@pytest.mark.django_db
def test_search_reindex_keeps_each_page_in_its_language(bilingual):
    english, dutch = bilingual
    call_command("search_reindex", stdout=StringIO())
    assert ids(in_language("programme", "biomedsche", "nl")) == [dutch.pk]
    assert ids(in_language("programme", "geneeskunde", "nl")) == [dutch.pk]
    assert ids(in_language("programme", "biomedical", "en")) == [english.pk]
