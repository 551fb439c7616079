"""Full-text search for visitors: the site search across page types and the text part of the programme finder.

Searching never writes to the database: no query logging, no hit counters.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.languages import active_language
from core.query import QueryField, highlight
from core.visibility import unexpired

from . import engine
from .documents import kind_of

RESULTS_PER_GROUP = 10


def search_language():
    """The language a visitor searches in: the active one. Only its documents are found, and the query is stemmed
    in it (Dutch pages for a Dutch query); a language the index does not know searches the first it does."""
    language = active_language()
    return language if language in engine.LANGUAGES else engine.LANGUAGES[0]


def matching_ids(queryset, query, checked=True):
    """The primary keys of the objects of `queryset` matching `query`, best match first, from the search index.

    The index holds every live page; the queryset decides what this visitor may see (site, view restrictions), unless
    `checked` is False: then the caller filters the ids itself. Only pages in the active language are found.
    """
    found = [pk for pk, _score in engine.search(kind_of(queryset.model), query, language=search_language())]
    if not found or not checked:
        return found
    allowed = set(queryset.filter(pk__in=found).values_list("pk", flat=True))
    return [pk for pk in found if pk in allowed]


def best_visible(scope, ranked, wanted):
    """The first `wanted` ids of `ranked` that are in `scope`, checking a few more than wanted at a time (doubling)
    rather than every match: most matches are visible, and a page shows only the best."""
    best, start, size = [], 0, max(2 * wanted, 20)
    while len(best) < wanted and start < len(ranked):
        chunk = ranked[start : start + size]
        allowed = set(scope.filter(pk__in=chunk).values_list("pk", flat=True))
        best += [pk for pk in chunk if pk in allowed]
        start, size = start + size, size * 2
    return best[:wanted]


class SiteSearchForm(forms.Form):
    q = QueryField(label=_("Search the site"))


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
        ("programmes", _("Programmes"), lambda: ProgrammePage.objects.select_related("degree_type")),
        ("schools", _("Schools"), lambda: SchoolPage.objects.all()),
        ("events", _("Events"), lambda: EventPage.objects.all()),
        ("pages", _("Pages"), lambda: StandardPage.objects.all()),
    ]


def hit_summary(page):
    return getattr(page, "summary", "") or page.search_description


def site_search(query, site_root, per_group=RESULTS_PER_GROUP):
    """The live public pages below `site_root` (the home page in the active language) matching `query` in the
    active language, grouped by type; groups without hits are left out.

    One query for view restrictions, one index search for every group at once, then two small queries per group
    (which matches this visitor may see, then the best of them), whatever the number of pages.
    """
    private = Page.objects.all().private_q()
    groups_of_kind = {kind_of(model): entry for entry in search_groups() for model in [entry[2]().model]}
    ranked = {}
    for kind, pk, _score in engine.search(list(groups_of_kind), query, language=search_language()):
        ranked.setdefault(kind, []).append(pk)
    groups = []
    for kind, (key, heading, pages) in groups_of_kind.items():
        if not ranked.get(kind):
            continue
        scope = pages().live().filter(unexpired()).descendant_of(site_root, inclusive=True).exclude(private)
        best = best_visible(scope, ranked[kind], per_group + 1)
        by_pk = scope.in_bulk(best)
        found = [by_pk[pk] for pk in best if pk in by_pk]
        if not found:
            continue
        hits = [SearchHit(page, highlight(page.title, query), highlight(hit_summary(page), query)) for page in found]
        groups.append(SearchGroup(key, heading, hits[:per_group], has_more=len(found) > per_group))
    return groups
