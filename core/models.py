"""Site core: the base page every public page builds on, the home page, standard pages and site settings."""

import contextlib
import copy
import functools
from collections import OrderedDict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils import translation
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from .blocks import BodyBlock
from .contributions import add_contributions
from .forms import PortalPageForm
from .languages import active_locale_id, page_language, translation_urls
from .links import public_origin, site_url
from .ports import remember
from .visibility import has_expired, public


def tree_paths(path):
    """The tree paths of the page at `path` and of all its ancestors (no query)."""
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


class ViewRestrictions(list):
    """A page's view restrictions, as a list that also answers the QuerySet methods Wagtail calls on
    `get_view_restrictions()`: `exists()` when copying, aliasing or translating a page (a translation's untranslated
    parents are aliased), `order_by()` in the privacy view."""

    def exists(self):
        return bool(self)

    def order_by(self, *names):
        ordered = list(self)
        for name in reversed(names):
            path = name.lstrip("-").split("__")
            ordered.sort(key=lambda item, path=path: functools.reduce(getattr, path, item), reverse=name[0] == "-")
        return ViewRestrictions(ordered)


def all_view_restrictions():
    """Every view restriction with the tree paths it covers (its page's and its aliases'), kept until content changes."""

    def load():
        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("page__aliases")
        return [
            (restriction, frozenset([restriction.page.path, *(alias.path for alias in restriction.page.aliases.all())]))
            for restriction in restrictions
        ]

    return remember("view-restrictions", load, tags=["restrictions"])


PAGES_KEPT = 500  # pages kept per process until a page changes, least recently served out first


def page_at(url_path):
    """The page at `url_path` as its specific type, ready to serve (`prepare_to_serve`), or None.

    Kept until the content changes, up to PAGES_KEPT of them; each call gets its own shallow copy, so nothing a
    request sets on its page reaches another request. What `prepare_to_serve` loaded (a programme's facts as its
    in-memory child rows) is shared by the copies: serving only reads it.
    """
    # A publish drops only the page it changed; moves, slug changes, unpublishing, taxonomy: a fresh one.
    pages = remember("pages-by-url-path", OrderedDict, tags=["routes", "page-rows"], rows=("page", without_pages))
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
    return copy.copy(kept)


def without_pages(pages, ids):
    """A copy of the kept `pages` without those of `ids` (read again when next asked for)."""
    ids = set(ids)
    return OrderedDict((url_path, page) for url_path, page in list(pages.items()) if page.pk not in ids)


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

    # expire_at: site search leaves out pages past their expiry (core.visibility.unexpired).
    search_fields = Page.search_fields + [index.SearchField("summary"), index.FilterField("expire_at")]
    base_form_class = PortalPageForm

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

    @property
    def localized(self):
        """Wagtail's `localized` (the translation in the active language), without its Locale query when this page is
        already in that language: Wagtail asks it of the site's root page on every request."""
        if self.locale_id == active_locale_id():
            return self
        return super().localized

    def serve_preview(self, request, mode_name):
        """A preview speaks the page's language (the admin around it speaks the editor's)."""
        with translation.override(page_language(self)):
            response = super().serve_preview(request, mode_name)
            if hasattr(response, "render"):
                response.render()
        return response

    def serve(self, request, *args, **kwargs):
        """Not Found once past its expiry, even before the scheduler has unpublished it."""
        if has_expired(self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return add_contributions(self, request, context)

    def get_full_url(self, request=None):
        """The page's URL on the public origin (core/links.py), not on the Wagtail Site's host name.

        Canonical links, OpenGraph, JSON-LD, feeds and the sitemap all use it. Without a request or a configured
        origin (e.g. a CDN purge outside a request), Wagtail's own Site-based URL.
        """
        if not public_origin(request):
            return super().get_full_url(request)
        relative = self.get_url(request)
        return site_url(request, relative) if relative else None

    def get_sitemap_urls(self, request=None):
        """The sitemap entry with the page's live translations as alternates (hreflang), x-default the English one."""
        entries = super().get_sitemap_urls(request)
        urls = translation_urls(self, request)
        if len(urls) > 1:
            alternates = [{"lang_code": code, "location": site_url(request, url)} for code, url in urls.items()]
            if settings.LANGUAGE_CODE in urls:
                alternates.append(
                    {"lang_code": "x-default", "location": site_url(request, urls[settings.LANGUAGE_CODE])}
                )
            for entry in entries:
                entry["alternates"] = alternates
        return entries

    def prepare_to_serve(self):
        """Load what serving this page reads, before `page_at` keeps it in memory (subclasses add theirs)."""

    def get_view_restrictions(self):
        """The view restrictions on this page, its ancestors or the pages they alias (no query while unchanged)."""
        step = Page.steplen
        paths = {self.path[:end] for end in range(step, len(self.path) + 1, step)}
        return ViewRestrictions(
            restriction for restriction, covered in all_view_restrictions() if not covered.isdisjoint(paths)
        )

    def public_ancestors(self):
        """The live public ancestors from the home page down (no query while content is unchanged)."""
        if not hasattr(self, "_public_ancestors"):
            # Keyed by the parent's path: every page under one parent shares its ancestors, kept until content changes.
            parent_path = self.path[: -self.steplen]
            self._public_ancestors = remember(
                ("public-ancestors", parent_path),
                self._load_public_ancestors,
                tags=[f"path:{path}" for path in tree_paths(parent_path)],
            )
        return self._public_ancestors

    def _load_public_ancestors(self):
        return list(public(self.get_ancestors().live().filter(depth__gte=2)).specific(defer=True))

    def school(self):
        """The nearest live public school above this page (None outside one), from the breadcrumb ancestors."""
        if not hasattr(self, "_school"):
            schools = [page for page in self.public_ancestors() if getattr(page, "is_school", False)]
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
        "schools.SchoolIndexPage",
        "core.StandardPage",
    ]

    @classmethod
    def can_create_at(cls, parent):
        """One home page made in the admin; the other languages' home pages are its translations ("Translate")."""
        return super().can_create_at(parent) and not cls.objects.exists()

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]


class StandardPage(BasePage):
    body = StreamField(BodyBlock(), blank=True, help_text="The page's content, in sections.")

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

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
            ("portal-settings", site.pk),
            lambda: cls.base_queryset().filter(site=site).first() or cls(site=site),
            tags=["settings"],
        )
        return copy.copy(kept)
