from django import forms
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, PublishingPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .announcements import AnnouncementForm
from .editor_guide import EditorGuideView
from .models import Announcement
from .schedule import upcoming_schedule
from .two_factor import SetupView, VerifyView


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


class ScheduledPublishingPanel(Component):
    """Dashboard panel: the next go-lives and expiries of pages and announcements the user works on."""

    name = "portal_scheduled_publishing"
    template_name = "portal/panels/scheduled_publishing.html"
    order = 150

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["items"] = upcoming_schedule(self.user)
        return context


class EditorGuidePanel(Component):
    name = "portal_editor_guide"
    template_name = "portal/panels/editor_guide.html"
    order = 50


@hooks.register("construct_homepage_panels")
def add_portal_panels(request, panels):
    panels.append(EditorGuidePanel())
    panels.append(ScheduledPublishingPanel(request.user))


@hooks.register("register_admin_urls")
def register_editor_guide_url():
    return [path("editor-guide/", EditorGuideView.as_view(), name="portal_editor_guide")]


@hooks.register("register_help_menu_item")
def register_editor_guide_menu_item():
    return MenuItem("Portal editor guide", reverse("portal_editor_guide"), icon_name="help", order=900)


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", SetupView.as_view(), name="portal_two_factor"),
        path("two-factor/verify/", VerifyView.as_view(), name="portal_two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    return {
        "url": reverse("portal_two_factor"),
        "label": "Two-factor authentication",
        "help_text": "Ask for a code from an authenticator app after your password.",
    }
