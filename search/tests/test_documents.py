"""The visitors' search index follows publishing: what is live is found, what is not is gone, on every change."""

from io import StringIO

import pytest
from django.core.management import call_command

from programmes.models import SubjectArea
from search import engine


def found(kind, query):
    return [pk for pk, _score in engine.search(kind, query)]


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
