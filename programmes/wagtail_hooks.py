from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import DegreeType, LanguageTest, PartnerInstitution, SubjectArea


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
