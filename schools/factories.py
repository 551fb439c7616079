"""Factories for the school directory and school pages."""

import factory
import wagtail_factories

from core.factories import site_home

from .models import SchoolIndexPage, SchoolPage


def school_index():
    return SchoolIndexPage.objects.first() or SchoolIndexPageFactory()


class SchoolIndexPageFactory(wagtail_factories.PageFactory):
    title = "Schools"
    slug = "schools"
    summary = "Every school and faculty on the portal."
    parent = factory.LazyFunction(site_home)

    class Meta:
        model = SchoolIndexPage


class SchoolPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Faculty number {n}")
    summary = factory.LazyAttribute(lambda page: f"Study at the {page.title}.")
    about = "<p>A faculty of KU Leuven, teaching and researching since 1425.</p>"
    website = "https://www.kuleuven.be"
    contact_email = "info@example.org"
    contact_phone = "+32 16 32 40 10"
    address = "Naamsestraat 22\n3000 Leuven\nBelgium"
    parent = factory.LazyFunction(school_index)

    class Meta:
        model = SchoolPage
