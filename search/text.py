"""Full-text search for visitors: the site search across page types and the text part of the programme finder.

Searching never writes to the database: no query logging, no hit counters.
"""

from dataclasses import dataclass, field

from django import forms
from django.db import connection
from wagtail.models import Page
from wagtail.search.query import Fuzzy

from core.query import QueryField, highlight
from core.visibility import unexpired

RESULTS_PER_GROUP = 10


def text_search(queryset, query):
    """The objects of `queryset` matching `query`, best match first.

    On PostgreSQL the match is typo-tolerant (pg_trgm word similarity: "biomedicl" finds "Biomedical"); other
    databases (the SQLite of a zero-setup run) fall back to plain full-text search.
    """
    if connection.vendor == "postgresql":
        return queryset.search(Fuzzy(query))
    return queryset.search(query)


def matching_ids(queryset, query):
    """The primary keys of `text_search(queryset, query)`, best match first, without building the objects."""
    results = text_search(queryset, query)
    if hasattr(results, "get_queryset"):  # PostgreSQL: the ranked query itself, so only the ids are fetched
        return list(results.get_queryset().values_list("pk", flat=True))
    return [item.pk for item in results]


# --- Site search -----------------------------------------------------------------------------------------------------


class SiteSearchForm(forms.Form):
    q = QueryField(label="Search the site")


@dataclass
class SearchHit:
    page: Page
    title: str
    summary: str


@dataclass
class SearchGroup:
    key: str
    heading: str
    hits: list = field(default_factory=list)
    has_more: bool = False


def search_groups():
    """(key, heading, queryset factory) per group, in the order the results page shows them."""
    from core.models import StandardPage
    from events.models import EventPage
    from programmes.models import ProgrammePage
    from schools.models import SchoolPage

    return [
        ("programmes", "Programmes", lambda: ProgrammePage.objects.select_related("degree_type")),
        ("schools", "Schools", lambda: SchoolPage.objects.all()),
        ("events", "Events", lambda: EventPage.objects.all()),
        ("pages", "Pages", lambda: StandardPage.objects.all()),
    ]


def hit_summary(page):
    return getattr(page, "summary", "") or page.search_description


def site_search(query, site_root, per_group=RESULTS_PER_GROUP):
    """The live public pages of the site matching `query`, grouped by type; groups without hits are left out.

    One query for view restrictions, then one search query per group, whatever the number of pages.
    """
    private = Page.objects.all().private_q()
    groups = []
    for key, heading, pages in search_groups():
        scope = pages().live().filter(unexpired()).descendant_of(site_root, inclusive=True).exclude(private)
        found = list(text_search(scope, query)[: per_group + 1])
        if not found:
            continue
        hits = [SearchHit(page, highlight(page.title, query), highlight(hit_summary(page), query)) for page in found]
        groups.append(SearchGroup(key, heading, hits[:per_group], has_more=len(found) > per_group))
    return groups
