"""Factories for programme pages, their facts (languages, intakes, deadlines, fees...) and the taxonomy snippets."""

from datetime import timedelta
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from core.factories import site_home
from schools.factories import SchoolPageFactory

from .models import (
    ApplicationDeadline,
    DegreeType,
    Intake,
    LanguageMinimum,
    LanguageTest,
    PartnerInstitution,
    ProgrammeIndexPage,
    ProgrammePage,
    ProgrammeStrength,
    QualifyingDegree,
    SubjectArea,
    TeachingLanguage,
    TuitionFee,
)

# --- Snippets ------------------------------------------------------------------------------------------------------


class TranslatableFactory(DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        abstract = True


class DegreeTypeFactory(TranslatableFactory):
    name = "Master of Science"
    abbreviation = "MSc"
    slug = factory.LazyAttribute(lambda degree: slugify(degree.abbreviation))

    class Meta:
        model = DegreeType
        django_get_or_create = ("slug", "locale")


class SubjectAreaFactory(TranslatableFactory):
    name = factory.Sequence(lambda n: f"Subject area {n}")
    slug = factory.LazyAttribute(lambda area: slugify(area.name))

    class Meta:
        model = SubjectArea
        django_get_or_create = ("slug", "locale")


class LanguageTestFactory(TranslatableFactory):
    name = "TOEFL iBT"
    scale = "0–120"

    class Meta:
        model = LanguageTest
        django_get_or_create = ("name", "locale")


class PartnerInstitutionFactory(TranslatableFactory):
    name = factory.Sequence(lambda n: f"Partner University {n}")
    city = "Tallinn"
    country = "Estonia"
    website = "https://www.example.edu"

    class Meta:
        model = PartnerInstitution


# --- Pages ---------------------------------------------------------------------------------------------------------


class ProgrammeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Programmes"
    slug = "programmes"
    summary = "Find a programme that suits you."
    parent = factory.LazyFunction(site_home)

    class Meta:
        model = ProgrammeIndexPage


class ProgrammePageFactory(wagtail_factories.PageFactory):
    """A live master's programme with one teaching language (English), a September intake and an open deadline."""

    title = factory.Sequence(lambda n: f"Master of Studies {n}")
    summary = factory.LazyAttribute(lambda page: f"Study {page.title} in Leuven.")
    degree_type = factory.SubFactory(DegreeTypeFactory)
    ects_credits = 120
    duration_months = 24
    study_mode = ProgrammePage.StudyMode.ON_CAMPUS
    pace = ProgrammePage.Pace.FULL_TIME
    location = "Leuven, Belgium"
    parent = factory.SubFactory(SchoolPageFactory)

    teaching_language = factory.RelatedFactory("programmes.factories.TeachingLanguageFactory", "page")
    intake = factory.RelatedFactory("programmes.factories.IntakeFactory", "page")
    deadline = factory.RelatedFactory("programmes.factories.ApplicationDeadlineFactory", "page")

    class Meta:
        model = ProgrammePage
        skip_postgeneration_save = True


# --- The programme page's related rows (InlinePanels) -----------------------------------------------------------------
# Created directly with page=...: on a live page they show at once, since the public view reads the page's own rows.


class ProgrammeChildFactory(DjangoModelFactory):
    page = factory.SubFactory(ProgrammePageFactory)
    sort_order = factory.Sequence(int)

    class Meta:
        abstract = True


class TeachingLanguageFactory(ProgrammeChildFactory):
    language = "en"

    class Meta:
        model = TeachingLanguage


class IntakeFactory(ProgrammeChildFactory):
    start_month = 9
    note = ""

    class Meta:
        model = Intake


class ApplicationDeadlineFactory(ProgrammeChildFactory):
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    applicant_group = "All applicants"

    class Meta:
        model = ApplicationDeadline


class TuitionFeeFactory(ProgrammeChildFactory):
    applicant_group = "All students"
    amount = Decimal("1156.60")
    currency = "EUR"
    period = TuitionFee.Period.YEAR

    class Meta:
        model = TuitionFee


class QualifyingDegreeFactory(ProgrammeChildFactory):
    name = factory.Sequence(lambda n: f"Bachelor in de rechten {n}")
    campuses = "Brussel, Leuven"

    class Meta:
        model = QualifyingDegree


class LanguageMinimumFactory(ProgrammeChildFactory):
    test = factory.SubFactory(LanguageTestFactory)
    minimum_score = Decimal("90")

    class Meta:
        model = LanguageMinimum


class ProgrammeStrengthFactory(ProgrammeChildFactory):
    text = factory.Sequence(lambda n: f"Strength number {n}: small classes taught by leading researchers.")

    class Meta:
        model = ProgrammeStrength
