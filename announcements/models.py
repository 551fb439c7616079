"""Announcements: banners that marketing (or school staff, through Marketing's approval) schedule on chosen parts
of the site."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index


class Announcement(
    PreviewableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A short banner shown on the public pages it targets while it is live."""

    class Audience(models.TextChoices):
        SITE = "site", "The whole site"
        SCHOOLS = "schools", "Chosen schools (with their programmes and events)"
        PROGRAMMES = "programmes", "Chosen programmes"

    class Level(models.TextChoices):
        INFO = "info", "Information"
        IMPORTANT = "important", "Important"

    text = models.CharField(
        max_length=250,
        help_text="One sentence visitors see in the banner, e.g. “KU Leuven will host an online open day on 1 December”.",
    )
    level = models.CharField(
        max_length=20,
        choices=Level,
        default=Level.INFO,
        help_text="Important banners are shown first and stand out more. Keep them for deadlines and changes.",
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A page of this site the banner links to, e.g. the open day's event page.",
    )
    link_url = models.URLField(blank=True, help_text="Or a web address elsewhere. Leave both empty for no link.")
    link_text = models.CharField(
        max_length=60, blank=True, help_text="The words of the link. When empty the banner says “Find out more”."
    )
    audience = models.CharField(
        max_length=20,
        choices=Audience,
        default=Audience.SITE,
        help_text="Where the banner appears.",
    )
    schools = ParentalManyToManyField(
        "schools.SchoolPage",
        blank=True,
        related_name="+",
        help_text="For “Chosen schools”: the banner shows on these schools’ pages and every page inside them.",
    )
    programmes = ParentalManyToManyField(
        "programmes.ProgrammePage",
        blank=True,
        related_name="+",
        help_text="For “Chosen programmes”: the banner shows on these programme pages only.",
    )

    search_fields = [
        index.SearchField("text"),
        index.AutocompleteField("text"),
        index.FilterField("locale"),
        index.FilterField("id"),  # the admin scopes school staff's searches by id (announcements/scope.py)
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "announcement"
        verbose_name_plural = "announcements"

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.link_page_id and self.link_url:
            raise ValidationError({"link_url": "Link to a page or to a web address, not both."})

    @property
    def is_important(self):
        return self.level == self.Level.IMPORTANT

    def link_href(self, request=None):
        """Where the banner's link goes, or an empty string when it has none (or its page is not live)."""
        if self.link_page_id:
            page = self.link_page
            return (page.get_url(request) or "") if page.live else ""
        return self.link_url

    def get_preview_template(self, request, mode_name):
        return "announcements/announcement_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["banners"] = [{"announcement": self, "href": self.link_href(request)}]
        return context
