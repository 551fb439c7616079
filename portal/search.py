"""Full-text search for visitors: the site search across page types, the text part of the programme finder, highlights.

Searching never writes to the database: no query logging, no hit counters.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django import forms
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.search.query import Fuzzy

MAX_QUERY_LENGTH = 200
RESULTS_PER_GROUP = 10
MIN_HIGHLIGHT_LENGTH = 2


def clean_query_text(value):
    """Control characters (NUL included) become spaces and runs of whitespace one space: safe to hand to the DB."""
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in str(value or ""))
    return " ".join(text.split())


class QueryField(forms.CharField):
    """A search box's text: cleaned of control characters before the length check, at most MAX_QUERY_LENGTH."""

    default_error_messages = {
        "max_length": "Your search is too long. Please use at most %(limit_value)d characters.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_query_text(value)


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


def query_terms(query):
    """The distinct words worth highlighting, longest first so that longer matches win."""
    words = {word.casefold(): word for word in query.split() if len(word) >= MIN_HIGHLIGHT_LENGTH}
    return sorted(words.values(), key=len, reverse=True)


def highlight(text, query):
    """`text` as safe HTML with every occurrence of a query term wrapped in <mark>.

    Matching runs on the raw text and each piece is escaped on its own, so a term can never match inside an
    entity such as `&amp;` or produce markup of its own.
    """
    text = str(text or "")
    terms = query_terms(query)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


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
    from events.models import EventPage
    from portal.models import SchoolPage, StandardPage
    from programmes.models import ProgrammePage

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
        scope = pages().live().descendant_of(site_root, inclusive=True).exclude(private)
        found = list(text_search(scope, query)[: per_group + 1])
        if not found:
            continue
        hits = [SearchHit(page, highlight(page.title, query), highlight(hit_summary(page), query)) for page in found]
        groups.append(SearchGroup(key, heading, hits[:per_group], has_more=len(found) > per_group))
    return groups
