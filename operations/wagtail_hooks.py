from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .editor_guide import EditorGuideView
from .schedule import upcoming_schedule


class ScheduledPublishingPanel(Component):
    """Dashboard panel: the next go-lives and expiries of pages and announcements the user works on."""

    name = "portal_scheduled_publishing"
    template_name = "operations/panels/scheduled_publishing.html"
    order = 150

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["items"] = upcoming_schedule(self.user)
        return context


class EditorGuidePanel(Component):
    name = "portal_editor_guide"
    template_name = "operations/panels/editor_guide.html"
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
