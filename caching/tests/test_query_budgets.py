"""Every public page type renders (uncached) in a fixed number of SQL queries, at most 12, whatever the number of
schools, programmes, events and images: the counts on a small portal and on one fifteen times larger are the same
and pinned here."""

from collections import namedtuple

import pytest
import wagtail_factories
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.factories import StandardPageFactory
from events.factories import EventPageFactory, brussels
from programmes.factories import (
    ApplicationDeadlineFactory,
    IntakeFactory,
    ProgrammePageFactory,
    SubjectAreaFactory,
    TeachingLanguageFactory,
    TuitionFeeFactory,
)
from schools.factories import SchoolPageFactory

MAX_QUERIES = 12

Target = namedtuple("Target", "name url")


def grow(tree, first, schools, programmes_per_school, events_per_school):
    """Add schools (with logos), programmes (with images, facts and subject areas) and events to the site."""
    subjects = [SubjectAreaFactory(name=f"Budget subject {n}") for n in range(3)]
    for s in range(first, first + schools):
        school = SchoolPageFactory(title=f"Budget school {s:02d}", logo=wagtail_factories.ImageFactory())
        programmes = []
        for p in range(programmes_per_school):
            programme = ProgrammePageFactory(
                parent=school, title=f"Budget programme {s:02d}-{p:02d}", hero_image=wagtail_factories.ImageFactory()
            )
            programme.subject_areas = subjects[: 1 + p % 3]
            programme.save()
            TeachingLanguageFactory(page=programme, language="nl")
            IntakeFactory(page=programme, start_month=2)
            ApplicationDeadlineFactory(page=programme, applicant_group="EEA students")
            TuitionFeeFactory(page=programme)
            programmes.append(programme)
        for e in range(events_per_school):
            EventPageFactory(
                parent=school,
                title=f"Budget event {s:02d}-{e:02d}",
                start=brussels(3 + e),
                end=brussels(3 + e, hour=15),
                related_programmes=programmes[:2],
            )
        EventPageFactory(parent=school, title=f"Budget past event {s:02d}", start=brussels(-9), end=brussels(-9, 15))


def targets(tree):
    school_feed = f"/en/events/schools/{tree.school.pk}/feed.ics"
    facets = "?q=master&subject=budget-subject-0&language=en&mode=on_campus"
    return [
        Target("home", tree.home.url),
        Target("school index", tree.school_index.url),
        Target("school", tree.school.url),
        Target("programme", tree.programme.url),
        Target("finder", tree.programme_index.url),
        Target("finder with facets and a query", tree.programme_index.url + facets),
        Target("events listing", tree.event_index.url),
        Target("event", tree.event.url),
        Target("search", "/en/search/?q=master"),
        Target("site feed", "/en/events/feed.ics"),
        Target("school feed", school_feed),
        Target("event download", f"/en/events/ics/{tree.event.pk}.ics"),
        Target("sitemap", "/sitemap.xml"),
        Target("standard page", tree.standard.url),
    ]


def count_queries(url):
    client = Client()
    assert client.get(url).status_code == 200, url  # first render makes the image renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def measure(tree):
    return {target.name: count_queries(target.url) for target in targets(tree)}


# Pinned: a change here is a change in how much work a page does; update it knowingly. Counted on a repeated
# request: the first request after a change also builds the site-wide lookups of `caching.memo`.
EXPECTED = {
    "home": 0,  # the page itself, its programme count, schools and events are kept until content changes
    "school index": 2,  # a page of schools and their count (paged: 24 a page)
    "school": 1,
    "programme": 0,
    "finder": 0,
    "finder with facets and a query": 3,  # the search index's three look-ups; the catalogue already holds only what this visitor may see
    "events listing": 2,  # the count of upcoming events is kept until they change or the soonest ends
    "event": 1,
    "search": 8,  # restrictions, the index's three look-ups for every group at once, two per group with hits
    "site feed": 0,
    "school feed": 1,
    "event download": 1,
    "sitemap": 11,
    "standard page": 0,
}


@pytest.fixture
def budget_tree(site_tree):
    site_tree.school.logo = wagtail_factories.ImageFactory()
    site_tree.school.save()
    site_tree.programme.hero_image = wagtail_factories.ImageFactory()
    site_tree.programme.save()
    site_tree.event.related_programmes = [site_tree.programme]
    site_tree.event.save()
    site_tree.standard = StandardPageFactory(parent=site_tree.home, title="About", slug="about")
    return site_tree


def test_every_page_type_renders_in_a_fixed_number_of_queries(budget_tree):
    grow(budget_tree, 0, schools=1, programmes_per_school=1, events_per_school=1)
    small = measure(budget_tree)
    grow(budget_tree, 1, schools=3, programmes_per_school=8, events_per_school=4)
    # The tree's own school gets as many programmes and events as the others, so its page grows too.
    for p in range(8):
        ProgrammePageFactory(parent=budget_tree.school, title=f"Law programme {p}")
    for e in range(4):
        EventPageFactory(
            parent=budget_tree.school, title=f"Law event {e}", start=brussels(5 + e), end=brussels(5 + e, 15)
        )
    large = measure(budget_tree)

    assert large == small, "a page's query count grows with the content"
    assert large == EXPECTED


def test_every_page_type_is_within_the_budget():
    assert max(EXPECTED.values()) <= MAX_QUERIES
