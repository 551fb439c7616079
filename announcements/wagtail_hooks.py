from django import forms
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, PublishingPanel
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet, SnippetChosenView
from wagtail.snippets.views.snippets import SnippetViewSet

from .banners import AnnouncementForm
from .models import Announcement
from .scope import announcements_for, scoped_urlpatterns


class ScopedChooseView(ChooseView):
    def get_object_list(self):
        return announcements_for(self.request.user, super().get_object_list())


class ScopedChooseResultsView(ChooseResultsView):
    def get_object_list(self):
        return announcements_for(self.request.user, super().get_object_list())


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        return announcements_for(self.request.user, Announcement.objects.all()).get(pk=pk)


class AnnouncementChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "warning"
    menu_label = "Announcements"
    menu_name = "announcements"
    add_to_admin_menu = True
    menu_order = 250
    list_display = [
        "text",
        "level",
        "audience",
        LiveStatusTagColumn(),
        Column("go_live_at", label="Goes live", sort_key="go_live_at"),
        Column("expire_at", label="Expires", sort_key="expire_at"),
    ]
    list_filter = ["live", "level", "audience"]
    search_fields = ["text"]
    ordering = ["-expire_at", "-pk"]
    chooser_viewset_class = AnnouncementChooserViewSet

    def get_queryset(self, request):
        """School staff list only the announcements aimed at their own pages (announcements/scope.py)."""
        return announcements_for(request.user, Announcement.objects.all())

    def get_urlpatterns(self):
        """Every view of one announcement (edit, delete, history, revisions, preview, workflow…) answers 404 for an
        announcement the user may not see."""
        return scoped_urlpatterns(super().get_urlpatterns())

    edit_handler = ObjectList(
        [
            FieldPanel("text"),
            FieldPanel("level"),
            MultiFieldPanel([FieldPanel("link_page"), FieldPanel("link_url"), FieldPanel("link_text")], heading="Link"),
            MultiFieldPanel(
                [
                    FieldPanel("audience", widget=forms.RadioSelect),
                    FieldPanel("schools", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("programmes", widget=forms.CheckboxSelectMultiple),
                ],
                heading="Where it shows",
                help_text="A school's announcement also shows on its programmes, events and faculties.",
            ),
            PublishingPanel(),
        ],
        base_form_class=AnnouncementForm,
    )


register_snippet(AnnouncementViewSet)
