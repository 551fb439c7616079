"""Factories for registration settings and registrations."""

import factory
from factory.django import DjangoModelFactory

from events.factories import EventPageFactory

from .models import Registration, RegistrationSettings


class RegistrationSettingsFactory(DjangoModelFactory):
    """Sign-up switched on for an event: open now, until the event starts, no limit unless `capacity` is given."""

    page = factory.SubFactory(EventPageFactory)
    enabled = True
    capacity = None

    class Meta:
        model = RegistrationSettings


class RegistrationFactory(DjangoModelFactory):
    event = factory.SubFactory(EventPageFactory)
    status = Registration.Status.CONFIRMED
    name = factory.Sequence(lambda n: f"Student {n}")
    email = factory.Sequence(lambda n: f"student{n}@example.org")

    class Meta:
        model = Registration
