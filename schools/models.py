"""Schools: the directory of schools and each school's page, under which its programmes and events live."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.models import BasePage
from core.visibility import public


class SchoolIndexPage(BasePage):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["core.HomePage"]
    subpage_types = ["schools.SchoolPage"]
    max_count_per_parent = 1  # one per language tree (its home page)
    SCHOOLS_PER_PAGE = 24

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        schools = public(SchoolPage.objects.child_of(self).live()).select_related("logo").order_by("title", "pk")
        context["schools_page"] = Paginator(schools, self.SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
        context["schools"] = context["schools_page"].object_list
        return context


class SchoolPage(BasePage):
    about = RichTextField(
        blank=True, features=["bold", "italic", "link", "ul", "ol"], help_text="What the school is and what it offers."
    )
    # The same in every language: copied from the English page to its translations (core/synchronised.py).
    synchronised_fields = ["logo", "website", "contact_email", "contact_phone", "postgraduate_programme_count"]
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The school's logo, ideally a wide PNG with a transparent background.",
    )
    website = models.URLField(blank=True, help_text="The school's own website, e.g. https://www.kuleuven.be.")
    contact_email = models.EmailField(blank=True, help_text="Where prospective students can write with questions.")
    contact_phone = models.CharField(blank=True, max_length=40, help_text="International format, e.g. +32 16 32 40 10.")
    address = models.TextField(blank=True, help_text="Postal address, one line per row.")
    postgraduate_programme_count = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="How many postgraduate programmes the institution offers in all, including those not listed here.",
    )

    parent_page_types = ["schools.SchoolIndexPage", "schools.SchoolPage"]
    subpage_types = ["schools.SchoolPage", "programmes.ProgrammePage", "events.EventPage"]
    is_school = True  # BasePage.school() finds the nearest page that says so

    search_fields = BasePage.search_fields + [index.SearchField("about")]

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("about"), FieldPanel("logo")]
    contact_panels = [
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading="Contact",
        ),
        FieldPanel("postgraduate_programme_count"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(contact_panels, heading="Contact"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["today"] = timezone.localdate()
        return context
