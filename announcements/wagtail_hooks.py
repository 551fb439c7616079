from django import forms
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, PublishingPanel
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .banners import AnnouncementForm
from .models import Announcement


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
