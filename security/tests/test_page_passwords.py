"""Page-view passwords are throttled like staff sign-in: per protected page and client address, with a styled 429."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from .role_tree import tree_fixture  # noqa: F401 - fixture

PASSWORD = "open-sesame"


@pytest.fixture
def protected(tree, settings):
    settings.AXES_FAILURE_LIMIT = 3
    cache.clear()
    restrictions = [
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD)
        for page in (tree.programme_a, tree.programme_b)
    ]
    yield restrictions
    cache.clear()


def guess(restriction, password, address="203.0.113.7"):
    page = Page.objects.get(pk=restriction.page_id)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    client = Client(REMOTE_ADDR=address)
    return client.post(url, {"password": password, "return_url": page.url})


def test_wrong_page_passwords_are_limited_per_page_and_address(protected):
    first, other_page = protected
    for _ in range(3):
        assert guess(first, "wrong").status_code == 200  # the password form again

    locked = guess(first, "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "<h1>Too many attempts</h1>" in html and 'class="site-header"' in html
    assert "Too many wrong passwords for this page. Please try again in 15 minutes." in html
    assert locked["Retry-After"] == "900"

    assert guess(first, PASSWORD).status_code == 429, "locked even with the right password"
    assert guess(first, PASSWORD, address="198.51.100.9").status_code == 302, "another address is not locked"
    assert guess(other_page, PASSWORD).status_code == 302, "another page is not locked"


def test_the_right_password_before_the_limit_lets_the_visitor_in(protected):
    first, _ = protected
    assert guess(first, "wrong").status_code == 200
    response = guess(first, PASSWORD)
    assert response.status_code == 302
