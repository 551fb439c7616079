"""Site core: the home page, the school directory, school pages, standard pages and site settings."""

import contextlib
import copy
from collections import OrderedDict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PageViewRestriction,
    PreviewableMixin,
    RevisionMixin,
    Site,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from .blocks import BodyBlock
from .content_memo import remember
from .visibility import public


def all_view_restrictions():
    """Every view restriction with the tree paths it covers (its page's and its aliases'), kept until content changes."""

    def load():
        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("page__aliases")
        return [
            (restriction, frozenset([restriction.page.path, *(alias.path for alias in restriction.page.aliases.all())]))
            for restriction in restrictions
        ]

    return remember("view-restrictions", load)


PAGES_KEPT = 500  # pages kept per process and content generation, least recently served out first


def page_at(url_path):
    """The page at `url_path` as its specific type, ready to serve (`prepare_to_serve`), or None.

    Kept until the content changes, up to PAGES_KEPT of them; each call gets its own shallow copy, so nothing a
    request sets on its page reaches another request.
    """
    pages = remember("pages-by-url-path", OrderedDict)  # a fresh one for each content generation
    kept = pages.get(url_path)
    if kept is None:
        kept = load_page_at(url_path)
        if kept is None:
            return None
        pages[url_path] = kept
        while len(pages) > PAGES_KEPT:
            pages.popitem(last=False)
    else:
        with contextlib.suppress(KeyError):  # let go by another thread meanwhile
            pages.move_to_end(url_path)
    page = copy.copy(kept)
    if hasattr(kept, "_cluster_related_objects"):
        page._cluster_related_objects = dict(kept._cluster_related_objects)
    return page


def load_page_at(url_path):
    """One query for the page's type and id, one for the page itself (`.specific()` would make two and build the
    page twice)."""
    row = Page.objects.filter(url_path=url_path).values_list("content_type_id", "pk").first()
    model = ContentType.objects.get_for_id(row[0]).model_class() if row else None
    page = model.objects.filter(pk=row[1]).first() if model else None
    if page is not None and hasattr(page, "prepare_to_serve"):
        page.prepare_to_serve()
    return page


class BasePage(Page):
    """Fields every public page has: a short summary for listings, meta descriptions and search."""

    summary = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences shown in listings and search results (at most 300 characters).",
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Find the page a URL names with one query, not one per path segment (nor `.specific()`'s two)."""
        if not path_components:
            return super().route(request, path_components)
        page = page_at(f"{self.url_path}{'/'.join(path_components)}/")
        if page is None:
            # Not a page: let Wagtail walk the tree, so pages with routes of their own still get to answer.
            return super().route(request, path_components)
        return page.route(request, [])

    def prepare_to_serve(self):
        """Load what serving this page reads, before `page_at` keeps it in memory (subclasses add theirs)."""

    def get_view_restrictions(self):
        """The view restrictions on this page, its ancestors or the pages they alias (no query while unchanged)."""
        step = Page.steplen
        paths = {self.path[:end] for end in range(step, len(self.path) + 1, step)}
        return [restriction for restriction, covered in all_view_restrictions() if not covered.isdisjoint(paths)]

    def public_ancestors(self):
        """The live public ancestors from the home page down (no query while content is unchanged)."""
        if not hasattr(self, "_public_ancestors"):
            # Keyed by the parent's path: every page under one parent shares its ancestors, kept until content changes.
            parent_path = self.path[: -self.steplen]
            self._public_ancestors = remember(("public-ancestors", parent_path), self._load_public_ancestors)
        return self._public_ancestors

    def _load_public_ancestors(self):
        return list(public(self.get_ancestors().live().filter(depth__gte=2)).specific(defer=True))

    def school(self):
        """The nearest live public school above this page (None outside one), from the breadcrumb ancestors."""
        if not hasattr(self, "_school"):
            schools = [page for page in self.public_ancestors() if isinstance(page, SchoolPage)]
            self._school = schools[-1] if schools else None
        return self._school

    def breadcrumbs(self):
        """The live ancestors between the home page and this page, for the breadcrumb trail."""
        return [ancestor for ancestor in self.public_ancestors() if ancestor.depth > 2]


class HomePage(BasePage):
    intro = RichTextField(
        blank=True, features=["bold", "italic", "link"], help_text="The welcome text under the title."
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "programmes.ProgrammeIndexPage",
        "events.EventIndexPage",
        "portal.SchoolIndexPage",
        "portal.StandardPage",
    ]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from events.selectors import upcoming_events_below
        from programmes.models import ProgrammePage

        context = super().get_context(request, *args, **kwargs)
        # Kept until the content changes.
        programme_count = remember(
            ("home-programme-count", self.pk),
            lambda: public(Page.objects.live().descendant_of(self)).type(ProgrammePage).count(),
        )
        context["programme_count"] = programme_count
        context["upcoming_events"] = upcoming_events_below(self, 3)
        context["schools"] = remember(
            ("home-schools", self.pk),
            lambda: list(public(SchoolPage.objects.live().descendant_of(self)).order_by("title")),
        )
        return context


class SchoolIndexPage(BasePage):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.SchoolPage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["schools"] = public(SchoolPage.objects.child_of(self).live()).select_related("logo").order_by("title")
        return context


class SchoolPage(BasePage):
    about = RichTextField(
        blank=True, features=["bold", "italic", "link", "ul", "ol"], help_text="What the school is and what it offers."
    )
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

    parent_page_types = ["portal.SchoolIndexPage", "portal.SchoolPage"]
    subpage_types = ["portal.SchoolPage", "programmes.ProgrammePage", "events.EventPage"]

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

    def programmes(self):
        from programmes.models import ProgrammePage

        return ProgrammePage.listing().descendant_of(self)

    def programme_cards(self, request):
        """The school's programmes as the finder's catalogue rows (what a card shows), in name order: no query while
        content is unchanged."""
        from programmes.finder import site_catalogue

        site = Site.find_for_request(request)
        catalogue = site_catalogue(site.root_page if site else self, timezone.localdate())
        return [row for row in catalogue.rows if row.path.startswith(self.path) and row.path != self.path]

    def get_context(self, request, *args, **kwargs):
        from events.selectors import upcoming_events_below

        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = self.programme_cards(request)
        context["upcoming_events"] = upcoming_events_below(self, 5)
        context["today"] = timezone.localdate()
        return context


class StandardPage(BasePage):
    body = StreamField(BodyBlock(), blank=True, help_text="The page's content, in sections.")

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        max_length=120, default="KU Leuven", help_text="Shown in the header and footer."
    )
    footer_text = models.CharField(
        max_length=255, blank=True, help_text="A short line in the footer, e.g. the university's address."
    )
    contact_email = models.EmailField(blank=True, help_text="The general enquiries address shown in the footer.")

    panels = [FieldPanel("organisation_name"), FieldPanel("footer_text"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = "portal settings"

    @classmethod
    def for_site(cls, site):
        """The site's settings, from memory while content is unchanged (each caller gets its own copy).

        A site nobody has saved settings for yet gets the defaults, unsaved (Wagtail would create the row), so that
        reading a page never writes to the database; saving them in the admin creates the row.
        """
        if site is None:
            raise cls.DoesNotExist(f"{cls.__name__} does not exist for site None.")
        kept = remember(
            ("portal-settings", site.pk), lambda: cls.base_queryset().filter(site=site).first() or cls(site=site)
        )
        return copy.copy(kept)


# --- Announcements -------------------------------------------------------------------------------------------------
# Banners that marketing (or school staff, through Marketing's approval) schedule on chosen parts of the site.


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
        "portal.SchoolPage",
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

    search_fields = [index.SearchField("text"), index.AutocompleteField("text"), index.FilterField("locale")]

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
        return "portal/announcement_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["banners"] = [{"announcement": self, "href": self.link_href(request)}]
        return context
