from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page, Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.contributions import PAGE_CONTEXT_HOOK
from core.models import HomePage
from core.ports import remember
from core.visibility import public
from schools.models import SchoolPage

from .finder import site_catalogue, sort_results
from .models import DegreeType, LanguageTest, PartnerInstitution, ProgrammePage, SubjectArea


class SubjectAreaViewSet(SnippetViewSet):
    model = SubjectArea
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class DegreeTypeViewSet(SnippetViewSet):
    model = DegreeType
    icon = "tag"
    list_display = ["abbreviation", "name"]
    search_fields = ["name", "abbreviation"]


class LanguageTestViewSet(SnippetViewSet):
    model = LanguageTest
    icon = "doc-full"
    list_display = ["name", "scale"]
    search_fields = ["name"]


class PartnerInstitutionViewSet(SnippetViewSet):
    model = PartnerInstitution
    icon = "site"
    list_display = ["name", "city", "country"]
    search_fields = ["name", "city", "country"]


class ProgrammeTaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Programme taxonomy"
    menu_icon = "folder-open-inverse"
    items = (SubjectAreaViewSet, DegreeTypeViewSet, LanguageTestViewSet, PartnerInstitutionViewSet)


register_snippet(ProgrammeTaxonomyGroup)


@hooks.register(PAGE_CONTEXT_HOOK)
def programmes_in_context(page, request, context):
    """The home page counts the site's programmes; a school page lists its own as the finder's cards."""
    if isinstance(page, HomePage):
        context["programme_count"] = remember(
            ("home-programme-count", page.pk),
            lambda: public(Page.objects.live().descendant_of(page)).type(ProgrammePage).count(),
            tags=["programme-count", "restrictions"],
        )
    elif isinstance(page, SchoolPage):
        context["programmes"], context["programme_total"] = school_programme_cards(page, request)


SCHOOL_PROGRAMMES = 12  # a school page shows its first programmes by name; the finder, filtered by school, shows all


def school_programme_cards(school, request):
    """The school's first programmes as the finder's catalogue rows (what a card shows), in name order, and how many
    it has: no query while content is unchanged, and no walk over the whole catalogue (its school facet's mask)."""
    site = Site.find_for_request(request)
    catalogue = site_catalogue(site.root_page if site else school, timezone.localdate())
    programmes = sort_results(catalogue, catalogue.masks["school"].get(str(school.pk), 0), "name", None)
    return programmes[:SCHOOL_PROGRAMMES], len(programmes)


@hooks.register("register_admin_urls")
def bulk_deadline_urls():
    from . import bulk_views

    return [
        path("bulk-deadlines/", bulk_views.index, name="programme_bulk_index"),
        path("bulk-deadlines/<int:page_id>/", bulk_views.deadlines, name="programme_bulk_deadlines"),
        path("bulk-deadlines/<int:page_id>/export.csv", bulk_views.export, name="programme_bulk_deadlines_export"),
    ]


@hooks.register("register_admin_menu_item")
def bulk_deadlines_menu_item():
    return MenuItem(_("Deadlines in bulk"), reverse("programme_bulk_index"), icon_name="table", order=900)
