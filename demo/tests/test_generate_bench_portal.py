"""`manage.py generate_bench_portal` writes its pages in bulk: the tree must still be valid and every page servable."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from announcements.models import Announcement
from demo.management.commands.generate_bench_portal import scaled
from events.models import EventPage
from programmes.models import ProgrammePage
from schools.models import SchoolPage


def generate(**options):
    out = StringIO()
    call_command("generate_bench_portal", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def portal(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    output = generate(programmes=40)
    return output


def test_sizes_scale_with_the_programmes():
    assert scaled({"programmes": 2000}) == {"programmes": 2000, "schools": 20, "events": 1000, "announcements": 50}
    assert scaled({"programmes": 20000}) == {"programmes": 20000, "schools": 200, "events": 10000, "announcements": 200}
    assert scaled({"programmes": 40, "schools": 3})["schools"] == 3


def test_a_valid_tree_of_published_pages(portal):
    assert Page.find_problems() == ([], [], [], [], [])
    assert "generated 40/40 programmes" in portal
    assert ProgrammePage.objects.live().count() == 40
    assert SchoolPage.objects.live().count() == 20  # at least 20
    assert EventPage.objects.live().count() == 20  # programmes / 2
    assert Announcement.objects.count() == 50  # at least 50
    school = SchoolPage.objects.order_by("path").first()
    programme = ProgrammePage.objects.child_of(school).order_by("path").first()
    assert school.numchild == school.get_children().count() == 3  # two programmes, one event
    assert programme.get_parent().specific == school
    assert programme.url_path == f"{school.url_path}{programme.slug}/"
    assert programme.draft_title == programme.title
    assert programme.first_published_at is not None and programme.live and not programme.has_unpublished_changes
    assert programme.locale == school.locale
    assert programme.intakes.exists() and programme.deadlines.count() == 2 and programme.subject_areas.exists()


def test_every_page_type_is_served_and_a_programme_can_be_published(portal, client):
    school = SchoolPage.objects.order_by("path").first()
    urls = ["/en/", "/en/programmes/", "/en/events/", "/en/search/?q=generated", school.url]
    urls += [ProgrammePage.objects.order_by("path").first().url, EventPage.objects.order_by("path").first().url]
    for url in urls:
        assert client.get(url).status_code == 200, url
    found = client.get("/en/search/?q=Generated+Programme+0012").content.decode()
    first = ProgrammePage.objects.get(slug="programme-0012")
    assert re.search(r'href="([^"]*/programme-\d+/)"', found).group(1) == first.url, "the visitors' index was built"
    programme = ProgrammePage.objects.order_by("path").first()
    programme.summary = "Published again."
    programme.save_revision().publish()
    assert ProgrammePage.objects.get(pk=programme.pk).summary == "Published again."
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_second_run_of_the_same_size_changes_nothing(portal):
    pages = Page.objects.count()
    assert "already there" in generate(programmes=40)
    assert Page.objects.count() == pages
    assert "40 programmes" in Site.objects.get(is_default_site=True).site_name
