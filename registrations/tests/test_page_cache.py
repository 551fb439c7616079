"""With the page cache on (a real Redis): the event page is cached, and a sign-up, cancellation or promotion
re-renders it at once with the right places left, while other pages stay cached; the form is never cached."""

import pytest
from django.test import Client
from django.urls import reverse

from caching.tests.test_invalidation_by_dependency import (  # noqa: F401 - fixture
    assert_hits,
    assert_rerendered,
    cache_state,
    redis_page_cache,
    warm,
)
from registrations import services
from registrations.factories import RegistrationFactory

pytestmark = pytest.mark.usefixtures("redis_page_cache")


def test_places_left_are_right_after_each_change_and_other_pages_stay_cached(open_day, site_tree):
    warm(open_day.url, site_tree.programme.url, site_tree.school.url)
    assert "schema.org/InStock" in Client().get(open_day.url).content.decode()

    Client().post(
        reverse("registrations:sign_up", args=[open_day.pk]),
        {"name": "Ada", "email": "ada@example.org", "consent": "on"},
    )
    assert_rerendered(open_day.url, shows=["1 place left"])
    assert_hits(site_tree.programme.url, site_tree.school.url)

    RegistrationFactory(event=open_day)
    services.register(open_day, name="Grace", email="grace@example.org")  # the waiting list
    assert_rerendered(open_day.url, shows=["Full — join the waiting list", "schema.org/SoldOut"])

    services.cancel(open_day.registrations.get(email="ada@example.org"))
    assert_rerendered(open_day.url, shows=["Full — join the waiting list"], hides=["ada@example.org", "Grace"])
    assert_hits(open_day.url)


def test_the_sign_up_form_is_never_stored(open_day):
    url = reverse("registrations:sign_up", args=[open_day.pk])
    first, second = Client().get(url), Client().get(url)
    assert second.get("X-Page-Cache") != "hit"
    assert "csrfmiddlewaretoken" in second.content.decode()
    assert cache_state(url)[1] != "hit"
    assert first.cookies.get("csrftoken") is not None


def test_registration_opening_and_closing_are_page_cache_boundaries(open_day):
    from datetime import timedelta

    from django.utils import timezone

    from caching.page_cache import next_boundary
    from registrations.models import RegistrationSettings

    without = next_boundary()  # local midnight or an event boundary, whichever comes first
    soon = timezone.now().replace(microsecond=0) + timedelta(minutes=7)
    RegistrationSettings.objects.filter(page=open_day).update(opens_at=soon)
    assert next_boundary() == min(soon, without)
    RegistrationSettings.objects.filter(page=open_day).update(opens_at=None, closes_at=soon + timedelta(minutes=1))
    assert next_boundary() == min(soon + timedelta(minutes=1), without)
