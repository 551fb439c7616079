"""The site search at /search/?q=…: programmes, schools, events and pages, grouped by type. Read-only."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Site

from core.languages import localized_root
from core.visibility import public
from programmes.models import ProgrammeIndexPage
from search.pages import SiteSearchForm, site_search


@require_safe
def search(request):
    form = SiteSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    site = Site.find_for_request(request)
    home = localized_root(site.root_page) if query and site else None
    groups = site_search(query, home) if home else []
    finder = public(ProgrammeIndexPage.objects.live().descendant_of(home)).first() if home else None
    context = {
        "title": _("Search results for “%(query)s”") % {"query": query} if query else _("Search"),
        "meta_description": _("Search the programmes, schools, events and pages of the portal."),
        "form": form,
        "query": query,
        "groups": groups,
        "result_count": sum(len(group.hits) for group in groups),
        "finder_page": finder,
    }
    return render(request, "search/search_results.html", context, status=400 if form.errors else 200)
