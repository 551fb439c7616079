"""A programme page shows a prospective student every fact they compare programmes on."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail.models import PageViewRestriction

from programmes.factories import (
    ApplicationDeadlineFactory,
    DegreeTypeFactory,
    IntakeFactory,
    LanguageMinimumFactory,
    LanguageTestFactory,
    PartnerInstitutionFactory,
    ProgrammePageFactory,
    ProgrammeStrengthFactory,
    QualifyingDegreeFactory,
    TeachingLanguageFactory,
    TuitionFeeFactory,
)
from programmes.models import ProgrammePage

PROGRAMME_URL = "https://www.kuleuven.be/programmes/master-public-sector-innovation"


def shown(day):
    """A date as the site writes it for visitors, e.g. "22 November 2026"."""
    return format_date(day, "j F Y")


def days_from_today(days):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def programme(site_tree):
    """A joint Erasmus Mundus master with every fact filled in, and only a closed deadline of its own."""
    page = ProgrammePageFactory(
        parent=site_tree.school,
        title="Master of Public Sector Innovation and eGovernance",
        degree_type=DegreeTypeFactory(name="Master of Science", abbreviation="MSc"),
        ects_credits=75,
        duration_months=18,
        study_mode=ProgrammePage.StudyMode.BLENDED,
        programme_url=PROGRAMME_URL,
        last_reviewed=date(2026, 10, 3),
        teaching_language=None,  # the languages, intake and deadline below replace the factory's defaults
        intake=None,
        deadline=None,
    )
    TeachingLanguageFactory(page=page, language="en")
    TeachingLanguageFactory(page=page, language="nl")
    IntakeFactory(page=page, start_month=8, note="starts with a summer school in Leuven")
    TuitionFeeFactory(page=page, applicant_group="EEA students", amount=Decimal("1156.60"))
    TuitionFeeFactory(page=page, applicant_group="Non-EEA students", amount=Decimal("6500"))
    QualifyingDegreeFactory(page=page, name="Bachelor in de bestuurskunde", campuses="Leuven")
    LanguageMinimumFactory(page=page, test=LanguageTestFactory(name="TOEFL iBT"), minimum_score=Decimal("94"))
    LanguageMinimumFactory(
        page=page, test=LanguageTestFactory(name="IELTS Academic", scale="band 0–9"), minimum_score=Decimal("6.5")
    )
    ProgrammeStrengthFactory(page=page, text="Study in three countries with one cohort.")
    page.partner_institutions = [
        PartnerInstitutionFactory(name="Tallinn University of Technology", city="Tallinn", country="Estonia"),
        PartnerInstitutionFactory(name="University of the Aegean", city="Samos", country="Greece"),
    ]
    page.save()
    return page


def test_key_facts_are_shown(programme, visit):
    page = visit(programme)

    assert page.status_code == 200
    assert "Master of Public Sector Innovation and eGovernance" in page.text
    assert "Master of Science (MSc)" in page.text
    assert re.search(r"ECTS credits\s+75\b", page.text)
    assert "18 months" in page.text
    assert "Blended (on campus and online)" in page.text
    assert "English" in page.text and "Dutch" in page.text
    assert re.search(r"August \(?starts with a summer school in Leuven", page.text)


def test_admission_costs_and_partners_are_shown(programme, visit):
    page = visit(programme)

    assert "€1,156.60" in page.text and "EEA students" in page.text
    assert "€6,500" in page.text and "Non-EEA students" in page.text
    assert "Bachelor in de bestuurskunde" in page.text
    assert re.search(r"TOEFL iBT.{0,40}\b94\b", page.text)
    assert re.search(r"IELTS Academic.{0,40}\b6\.5\b", page.text)
    assert "Study in three countries with one cohort." in page.text
    assert "Tallinn University of Technology" in page.text
    assert "University of the Aegean" in page.text


def test_links_to_the_institutions_page_and_says_when_it_was_reviewed(programme, visit):
    page = visit(programme)

    assert page.links_to(PROGRAMME_URL)
    assert re.search(r"last reviewed:?\s+3 October 2026", page.text, re.IGNORECASE)


def test_the_next_deadline_is_the_soonest_open_one(programme, visit):
    closed = ApplicationDeadlineFactory(page=programme, date=days_from_today(-10), applicant_group="Early applicants")
    later = ApplicationDeadlineFactory(page=programme, date=days_from_today(60), applicant_group="EEA applicants")
    soonest = ApplicationDeadlineFactory(page=programme, date=days_from_today(20), applicant_group="Non-EEA applicants")

    page = visit(programme)

    assert re.search(rf"Next application deadline\s+{shown(soonest.date)}\s+Open\s+Non-EEA applicants", page.text)
    # The full list marks each deadline.
    assert f"{shown(closed.date)} Closed" in page.text
    assert f"{shown(later.date)} Open" in page.text


def test_a_deadline_today_is_still_open(programme, visit):
    ApplicationDeadlineFactory(page=programme, date=timezone.localdate())

    assert re.search(rf"Next application deadline\s+{shown(timezone.localdate())}\s+Open", visit(programme).text)


def test_when_every_deadline_has_passed_the_last_one_shows_closed(programme, visit):
    ApplicationDeadlineFactory(page=programme, date=days_from_today(-40))
    last = ApplicationDeadlineFactory(page=programme, date=days_from_today(-1))

    page = visit(programme)

    assert re.search(rf"Next application deadline\s+{shown(last.date)}\s+Closed", page.text)
    assert not re.search(r"\d{4}\s+Open\b", page.text)  # no deadline is marked open


def test_the_factory_defaults_make_a_complete_programme(site_tree, visit):
    page = visit(site_tree.programme)

    assert page.status_code == 200
    assert re.search(r"ECTS credits\s+120\b", page.text)
    assert "24 months" in page.text
    assert "English" in page.text
    assert "September" in page.text
    assert re.search(rf"Next application deadline\s+{shown(days_from_today(90))}\s+Open", page.text)


def test_a_draft_programme_is_not_found(site_tree, visit):
    draft = ProgrammePageFactory(parent=site_tree.school, title="Master of Unannounced Studies", live=False)

    assert visit(draft).status_code == 404


def test_an_unpublished_programme_is_not_found(site_tree, visit):
    programme = site_tree.programme
    assert visit(programme).status_code == 200

    programme.unpublish()

    assert visit(programme).status_code == 404


def test_a_private_programme_asks_for_the_password_and_hides_its_facts(site_tree, visit):
    programme = ProgrammePageFactory(
        parent=site_tree.school, title="Master of Internal Affairs", summary="Only for staff.", ects_credits=33
    )
    PageViewRestriction.objects.create(
        page=programme, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )

    page = visit(programme)

    assert page.soup.find("input", attrs={"type": "password"}) is not None
    assert "Only for staff." not in page.html
    assert "ECTS" not in page.text
