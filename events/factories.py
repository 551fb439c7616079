"""Factories for the events listing and event pages."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from django.utils import timezone

from core.factories import site_home
from schools.factories import SchoolPageFactory

from .models import EventIndexPage, EventPage

BRUSSELS = ZoneInfo("Europe/Brussels")


def brussels(days_from_today, hour=10, minute=0):
    """An aware datetime `days_from_today` days from today at a Brussels wall-clock time."""
    day = timezone.localdate() + timedelta(days=days_from_today)
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"
    summary = "Open days and information sessions."
    parent = factory.LazyFunction(site_home)

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    """A scheduled on-campus event two weeks from now, 10:00–13:00 Brussels time.

    Online and hybrid events get a join link; on-campus and hybrid ones a venue (the model's clean() requires them).
    """

    title = factory.Sequence(lambda n: f"Open day {n}")
    summary = factory.LazyAttribute(lambda page: f"Come to {page.title}.")
    start = factory.LazyFunction(lambda: brussels(14))
    end = factory.LazyAttribute(lambda page: page.start + timedelta(hours=3))
    attendance_mode = EventPage.AttendanceMode.ON_CAMPUS
    status = EventPage.Status.SCHEDULED
    venue = factory.LazyAttribute(
        lambda page: "" if page.attendance_mode == EventPage.AttendanceMode.ONLINE else "Aula Pieter De Somer"
    )
    online_url = factory.LazyAttribute(
        lambda page: (
            "" if page.attendance_mode == EventPage.AttendanceMode.ON_CAMPUS else "https://stream.example.org/live"
        )
    )
    registration_url = "https://www.example.org/register"
    description = "<p>Meet staff and students, visit the campus and ask your questions.</p>"
    parent = factory.SubFactory(SchoolPageFactory)

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    @factory.post_generation
    def related_programmes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.related_programmes = list(extracted)
            obj.save()
