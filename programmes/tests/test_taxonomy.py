"""Taxonomy labels in the active language: pages link to the source items, students read each item's translation
(or the source item when it has none) on the programme page and in the finder's facets and cards."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.factories import dutch_locale, publish
from programmes.finder import Finder
from programmes.models import DegreeType, SubjectArea
from programmes.taxonomy import in_language


def translate_snippet(item, **values):
    copy = item.copy_for_translation(dutch_locale())
    for name, value in values.items():
        setattr(copy, name, value)
    copy.save()
    return copy


@pytest.fixture
def labelled(site_tree):
    """The programme in Medicine (Dutch: Geneeskunde) and Public policy (no Dutch name), as an Advanced Master
    (Dutch: Master-na-master, Manama)."""
    medicine = SubjectArea.objects.create(name="Medicine", slug="medicine")
    policy = SubjectArea.objects.create(name="Public policy", slug="public-policy")
    translate_snippet(medicine, name="Geneeskunde")
    degree = DegreeType.objects.create(name="Advanced Master", abbreviation="Adv. Master", slug="advanced-master")
    translate_snippet(degree, name="Master-na-master", abbreviation="Manama")
    programme = site_tree.programme
    programme.degree_type = degree
    programme.subject_areas = [medicine, policy]
    publish(programme)
    return site_tree


def finder_options(site_tree, key):
    return [label for _value, label in Finder(QueryDict(""), site_tree.home).options[key]]


@pytest.mark.django_db
def test_an_item_reads_as_its_translation_or_else_as_itself(labelled):
    subjects = list(labelled.programme.subject_areas.order_by("name"))
    assert [s.name for s in in_language(subjects, "nl")] == ["Geneeskunde", "Public policy"]
    with CaptureQueriesContext(connection) as queries:
        assert [s.name for s in in_language(subjects, "en")] == ["Medicine", "Public policy"]
    assert len(queries) == 0  # the default language reads the source items as they are
    with translation.override("nl"):
        assert [s.name for s in in_language(subjects)] == ["Geneeskunde", "Public policy"]


@pytest.mark.django_db
def test_the_finder_keeps_its_facet_labels_per_language(labelled):
    with translation.override("nl"):
        assert finder_options(labelled, "subject") == ["Geneeskunde", "Public policy"]
        assert finder_options(labelled, "degree") == ["Master-na-master (Manama)"]
        with CaptureQueriesContext(connection) as queries:
            finder = Finder(QueryDict(""), labelled.home)
        assert len(queries) == 0  # kept per language: no query per request
        assert [(row.degree_name, row.degree_abbreviation) for row in finder.results] == [
            ("Master-na-master", "Manama")
        ]
    assert finder_options(labelled, "subject") == ["Medicine", "Public policy"]
    assert finder_options(labelled, "degree") == ["Advanced Master (Adv. Master)"]


@pytest.mark.django_db
def test_a_renamed_translation_reaches_the_finder(labelled):
    with translation.override("nl"):
        assert "Geneeskunde" in finder_options(labelled, "subject")
        dutch = SubjectArea.objects.get(slug="medicine", locale__language_code="nl")
        dutch.name = "Geneeskunde en gezondheid"
        dutch.save()
        assert "Geneeskunde en gezondheid" in finder_options(labelled, "subject")


@pytest.mark.django_db
def test_the_programme_page_shows_the_labels_in_the_active_language(labelled):
    client = Client()
    html = client.get("/nl/" + labelled.programme.url.removeprefix("/en/")).content.decode()
    assert "Master-na-master (Manama)" in html and "Geneeskunde" in html and "Public policy" in html
    html = client.get(labelled.programme.url).content.decode()
    assert "Advanced Master (Adv. Master)" in html and "Medicine" in html and "Geneeskunde" not in html
