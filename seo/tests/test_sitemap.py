"""Search engines find every live public page through /sitemap.xml, which robots.txt points to, and nothing else."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from core.factories import StandardPageFactory
from events.factories import EventPageFactory
from programmes.factories import ProgrammePageFactory

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return {loc.text for loc in ET.fromstring(response.content).findall("sm:url/sm:loc", NS)}


@pytest.fixture
def hidden_pages(site_tree):
    school = site_tree.school
    draft = ProgrammePageFactory(parent=school, title="Master of Draft Studies", live=False)
    withdrawn = ProgrammePageFactory(parent=school, title="Master of Withdrawn Studies")
    withdrawn.unpublish()
    private = EventPageFactory(parent=school, title="Staff briefing")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    # A restriction hides the whole subtree, so a page below a private one is private too.
    private_section = StandardPageFactory(parent=site_tree.home, title="Intranet")
    PageViewRestriction.objects.create(page=private_section, restriction_type=PageViewRestriction.LOGIN)
    private_child = StandardPageFactory(parent=private_section, title="Intranet news")
    return [draft, withdrawn, private, private_section, private_child]


def test_sitemap_lists_every_live_public_page(client, site_tree):
    locations = sitemap_locations(client)

    for name, page in vars(site_tree).items():
        assert f"http://testserver{page.url}" in locations, name
    assert "http://testserver/en/schools/law/master-of-european-social-security/" in locations


def test_sitemap_leaves_out_drafts_unpublished_and_private_pages(client, site_tree, hidden_pages):
    locations = sitemap_locations(client)

    assert len(locations) == len(vars(site_tree))
    for page in hidden_pages:
        assert f"http://testserver{page.url}" not in locations, page.title


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.parametrize("origin", ["http://127.0.0.1:8000", "http://127.0.0.1:8951", "http://localhost:8080"])
def test_every_location_has_the_origin_that_served_the_sitemap(client, site_tree, origin):
    """As under `make run`: the Wagtail Site says localhost:80, the links follow the host the browser asked."""
    host = origin.removeprefix("http://")
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    locations = [loc.text for loc in ET.fromstring(response.content).findall("sm:url/sm:loc", NS)]

    assert locations and all(location.startswith(f"{origin}/") for location in locations)
    robots = client.get("/robots.txt", HTTP_HOST=host).content.decode()
    assert f"Sitemap: {origin}/sitemap.xml" in robots.splitlines()


def test_production_locations_use_base_url_whatever_the_host(client, site_tree, settings):
    settings.PUBLIC_BASE_URL = "https://programmes.example.edu"
    response = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8000")
    locations = [loc.text for loc in ET.fromstring(response.content).findall("sm:url/sm:loc", NS)]

    assert locations and all(location.startswith("https://programmes.example.edu/") for location in locations)
    assert "https://programmes.example.edu/en/schools/law/master-of-european-social-security/" in locations


def test_production_settings_take_the_public_origin_from_base_url(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    monkeypatch.setenv("ALLOWED_HOSTS", "programmes.example.edu")
    monkeypatch.setenv("BASE_URL", "https://programmes.example.edu/")
    monkeypatch.delitem(sys.modules, "portal.settings.production", raising=False)
    production = importlib.import_module("portal.settings.production")
    monkeypatch.delitem(sys.modules, "portal.settings.production")

    assert production.PUBLIC_BASE_URL == "https://programmes.example.edu"
