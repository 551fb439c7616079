"""Visitors find the calendar feeds, a programme's own events, the search box and the right menu section."""

import re

import pytest
from wagtail.models import Page


def test_events_listing_and_school_pages_link_the_calendar_to_subscribe_to(client, site_tree):
    listing = client.get(site_tree.event_index.url).content.decode()
    assert 'href="webcal://testserver/en/events/feed.ics">Subscribe to this calendar' in listing
    assert 'href="http://testserver/en/events/feed.ics">' in listing
    school = client.get(site_tree.school.url).content.decode()
    feed = f"testserver/en/events/schools/{site_tree.school.pk}/feed.ics"
    assert f'href="webcal://{feed}">Subscribe to this calendar' in school


def test_programme_page_lists_its_upcoming_events_with_add_to_calendar(client, site_tree):
    html = client.get(site_tree.programme.url).content.decode()
    section = html.split('id="programme-events-heading"', 1)[1]
    assert site_tree.event.title in section
    assert f"/en/events/ics/{site_tree.event.pk}.ics" in section and "Add to calendar" in section


@pytest.mark.parametrize("attribute", ["home", "programme", "event", "school", "event_index"])
def test_every_page_has_a_search_box_in_the_header(client, site_tree, attribute):
    html = client.get(getattr(site_tree, attribute).url).content.decode()
    header = html.split("</header>", 1)[0]
    assert re.search(r'<form class="header-search" role="search" action="/en/search/"', header)
    assert 'name="q"' in header


def active_menu_items(html):
    return re.findall(r'class="main-nav__link is-active" href="[^"]*"[^>]*>([^<]+)<', html)


def test_the_menu_highlights_the_section_a_page_belongs_to(client, site_tree):
    sections = [site_tree.programme_index, site_tree.event_index, site_tree.school_index]
    Page.objects.filter(pk__in=[section.pk for section in sections]).update(show_in_menus=True)
    assert active_menu_items(client.get(site_tree.programme.url).content.decode()) == ["Programmes"]
    assert active_menu_items(client.get(site_tree.event.url).content.decode()) == ["Events"]
    assert active_menu_items(client.get(site_tree.school.url).content.decode()) == ["Schools"]
    menu = client.get("/en/").content.decode().split("</header>", 1)[0]
    assert '<details class="main-nav__menu">' in menu and "<summary" in menu  # a menu that needs no JavaScript
