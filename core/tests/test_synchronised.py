"""Synchronised fields: publishing the English page copies its dates, ECTS, deadlines, intakes, tuition and taxonomy
links to its translations; the translated text stays; a translation's editor cannot change them."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation
from wagtail.models import Locale

from core.factories import publish, translate
from programmes.factories import DegreeTypeFactory, ProgrammePageFactory, SubjectAreaFactory
from programmes.models import ApplicationDeadline, Intake, ProgrammePage, TuitionFee
from programmes.taxonomy import in_language


@pytest.fixture
def programme_in_two_languages(bilingual_tree):
    english = ProgrammePage.objects.get(pk=bilingual_tree.en.programme.pk)
    english.deadlines = [ApplicationDeadline(date=date(2027, 3, 1), applicant_group="EEA students")]
    english.tuition_fees = [TuitionFee(applicant_group="EEA students", amount=Decimal("1156.60"), currency="EUR")]
    english.intakes = [Intake(start_month=9, note="Teaching starts in the last week")]
    english = publish(english)  # copies them to the Dutch page
    dutch = ProgrammePage.objects.get(pk=bilingual_tree.programme.pk)
    deadline = dutch.deadlines.get()
    deadline.applicant_group = "EER-studenten"
    deadline.save()
    dutch = publish(ProgrammePage.objects.get(pk=dutch.pk))
    return english, dutch


def edit_and_publish(page, **fields):
    page = ProgrammePage.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    return publish(page)


def test_publishing_the_english_page_copies_its_facts_to_the_live_translation(programme_in_two_languages):
    english, dutch = programme_in_two_languages
    english = ProgrammePage.objects.get(pk=english.pk)
    english.ects_credits = 90
    english.deadlines = [ApplicationDeadline(date=date(2027, 5, 1), applicant_group="EEA students")]
    english.tuition_fees = [TuitionFee(applicant_group="EEA students", amount=Decimal("1200"), currency="EUR")]
    publish(english)

    dutch = ProgrammePage.objects.get(pk=dutch.pk)
    assert dutch.live and not dutch.has_unpublished_changes
    assert dutch.ects_credits == 90
    assert [(row.date, row.applicant_group) for row in dutch.deadlines.all()] == [(date(2027, 5, 1), "EER-studenten")]
    assert [row.amount for row in dutch.tuition_fees.all()] == [Decimal("1200")]
    assert dutch.title == "Master in de Europese sociale zekerheid"  # the translated text stays
    assert [row.start_month for row in dutch.intakes.all()] == [9]
    assert "90" in Client().get(dutch.url).content.decode()


def test_a_draft_translation_gets_the_facts_in_its_draft(bilingual_tree):
    english = ProgrammePageFactory(parent=bilingual_tree.en.school, title="Master of Laws", ects_credits=60)
    draft = translate(english, title="Master (concept)", publish=False)
    edit_and_publish(english, ects_credits=75)

    draft = ProgrammePage.objects.get(pk=draft.pk)
    assert not draft.live
    latest = draft.get_latest_revision_as_object()
    assert latest.ects_credits == 75 and latest.title == "Master (concept)"


def test_taxonomy_links_are_the_same_items_in_both_languages(programme_in_two_languages):
    """The translation links the same taxonomy items (the finder's facets are the same in every language); a Dutch
    visitor reads their Dutch labels (programmes/taxonomy.py `in_language`)."""
    english, dutch = programme_in_two_languages
    nl = Locale.objects.get(language_code="nl")
    subject = SubjectAreaFactory(name="Law", slug="law")
    subject_nl = subject.copy_for_translation(nl)
    subject_nl.name = "Rechten"
    subject_nl.save()
    degree = DegreeTypeFactory(name="Master of Laws", abbreviation="LLM")
    english = ProgrammePage.objects.get(pk=english.pk)
    english.subject_areas = [subject]
    english.degree_type = degree
    publish(english)

    dutch = ProgrammePage.objects.get(pk=dutch.pk)
    assert list(dutch.subject_areas.all()) == [subject]
    assert dutch.degree_type == degree
    with translation.override("nl"):
        assert [item.name for item in in_language(list(dutch.subject_areas.all()))] == ["Rechten"]


def test_an_edit_of_the_translation_does_not_copy_back(programme_in_two_languages):
    english, dutch = programme_in_two_languages
    dutch = ProgrammePage.objects.get(pk=dutch.pk)
    dutch.summary = "Een Nederlandse samenvatting."
    publish(dutch)
    assert ProgrammePage.objects.get(pk=english.pk).summary != "Een Nederlandse samenvatting."


def test_the_translations_editor_shows_the_synchronised_facts_read_only(programme_in_two_languages, superuser_client):
    english, dutch = programme_in_two_languages
    html = superuser_client.get(f"/admin/pages/{dutch.pk}/edit/").content.decode()
    assert 'name="ects_credits"' in html and "Kept in sync with the English page" in html
    source = superuser_client.get(f"/admin/pages/{english.pk}/edit/").content.decode()
    assert "Kept in sync with the English page" not in source


def test_a_translations_editor_cannot_change_the_synchronised_facts(programme_in_two_languages, superuser_client):
    from wagtail.admin.panels import get_edit_handler

    english, dutch = programme_in_two_languages
    dutch = ProgrammePage.objects.get(pk=dutch.pk)
    form_class = get_edit_handler(ProgrammePage).get_form_class()
    form = form_class(instance=dutch, for_user=None)
    assert form.fields["ects_credits"].disabled
    assert not form.fields["title"].disabled
    assert form.formsets["deadlines"].forms[0].fields["date"].disabled
    assert not form.formsets["deadlines"].forms[0].fields["applicant_group"].disabled


def test_republishing_with_the_same_facts_makes_no_new_revision_of_the_translation(programme_in_two_languages):
    english, dutch = programme_in_two_languages
    revisions = dutch.revisions.count()
    edit_and_publish(english, summary="A new English summary, the same facts.")
    assert ProgrammePage.objects.get(pk=dutch.pk).revisions.count() == revisions
