"""Fixtures of the registrations tests: a real SMTP server and an event that takes sign-ups."""

import pytest

from .smtp import smtp_server


@pytest.fixture
def smtp(settings):
    with smtp_server(settings) as inbox:
        yield inbox


@pytest.fixture
def open_day(site_tree):
    """The site tree's law open day, online, presenting the law programme, with sign-up on and 2 places."""
    from registrations.factories import RegistrationSettingsFactory

    event = site_tree.event
    event.attendance_mode = event.AttendanceMode.ONLINE
    event.online_url = "https://stream.example.org/secret-room"
    event.venue = ""
    event.related_programmes.add(site_tree.programme)
    event.save_revision().publish()
    event.refresh_from_db()
    RegistrationSettingsFactory(page=event, capacity=2)
    return event
