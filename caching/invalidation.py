"""What invalidates the page cache and the CDN: the signals Wagtail and Django send when public output may change.

The app's own cache is invalidated by a new generation (see `page_cache`). A CDN configured through
`WAGTAILFRONTENDCACHE` has no generation, so it is sent the URLs whose output changed (`affected_urls`).
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail import signals as wagtail_signals
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from . import page_cache


def _only_draft_bookkeeping(update_fields):
    return update_fields is not None and set(update_fields) <= page_cache.DRAFT_BOOKKEEPING_FIELDS


# --- CDN URLs --------------------------------------------------------------------------------------------------


def _site_wide_urls(page):
    """Pages and files that aggregate the whole site: home, listings, finder, search, sitemap, feeds."""
    from events.models import EventIndexPage
    from programmes.models import ProgrammeIndexPage

    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return set()
    root = site.root_url
    urls = {f"{root}/", f"{root}/sitemap.xml", f"{root}/events/feed.ics", f"{root}/search/"}
    aggregators = (
        Page.objects.live().descendant_of(site.root_page, inclusive=True).type(ProgrammeIndexPage, EventIndexPage)
    )
    urls.update(filter(None, (listing.get_full_url() for listing in aggregators.specific())))
    return urls


def affected_urls(page):
    """The URLs whose output changes when `page` is published, unpublished, moved, renamed or deleted.

    The page itself and every page below it (their breadcrumbs and URLs), its ancestors (they list it), the site-wide
    aggregators, the school calendar feeds above it, its .ics download, and for an event the programmes whose next
    open day it may be; for a programme the events that present it.
    """
    from events.models import EventPage
    from programmes.models import ProgrammePage
    from schools.models import SchoolPage

    urls = _site_wide_urls(page)
    urls.add(page.get_full_url())
    subtree = Page.objects.descendant_of(page, inclusive=True).live()
    ancestors = Page.objects.ancestor_of(page).live().filter(depth__gt=1)
    urls.update(filter(None, (each.get_full_url() for each in subtree.union(ancestors))))
    root = page.get_site().root_url if page.get_site() else ""
    for school in SchoolPage.objects.ancestor_of(page, inclusive=True).only("pk"):
        urls.add(f"{root}/events/schools/{school.pk}/feed.ics")
    specific = page.specific
    if isinstance(specific, EventPage):
        urls.add(f"{root}/events/ics/{page.pk}.ics")
        parent = page.get_parent()
        nearby = ProgrammePage.objects.live().descendant_of(parent)
        presented = ProgrammePage.objects.live().filter(eventpage=page.pk)
        urls.update(filter(None, (programme.get_full_url() for programme in nearby.union(presented))))
    if isinstance(specific, ProgrammePage):
        urls.update(
            filter(
                None, (event.get_full_url() for event in EventPage.objects.live().filter(related_programmes=page.pk))
            )
        )
    return urls


def purge_cdn(urls):
    if not urls:
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    PurgeBatch(urls).purge()


def _cdn_enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _purge_page(page):
    if _cdn_enabled():
        purge_cdn(affected_urls(page))


def _purge_every_page():
    """Announcements and settings appear on many pages: purge every live page and the site-wide files."""
    if not _cdn_enabled():
        return
    urls = set()
    for page in Page.objects.live().filter(depth__gt=1):
        urls.update(_site_wide_urls(page) if page.depth == 2 else {page.get_full_url()})
    purge_cdn({url for url in urls if url})


# --- Signal handlers -------------------------------------------------------------------------------------------


def page_changed(sender, instance, **kwargs):
    page_cache.invalidate()
    _purge_page(instance)


def page_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    # A draft saved in the admin changes nothing public; a live page saved in full (publish, direct edit) may.
    if raw or not instance.live or _only_draft_bookkeeping(update_fields):
        return
    page_cache.invalidate()


def page_deleted(sender, instance, **kwargs):
    if instance.live:
        page_cache.invalidate()
        _purge_page(instance)


def page_moved(sender, instance, url_path_before=None, **kwargs):
    page_cache.invalidate()
    if _cdn_enabled():
        urls = affected_urls(instance)
        site = instance.get_site()
        if site is not None and url_path_before:
            # The old address now answers 404 (or a redirect): the CDN must forget it too.
            old_path = url_path_before[len(site.root_page.url_path) - 1 :]
            urls.add(f"{site.root_url}{old_path}")
        purge_cdn(urls)


def content_changed(sender, instance=None, update_fields=None, raw=False, **kwargs):
    """Announcements, view restrictions, sites, settings, taxonomy, images: anything shown on or gating pages."""
    if raw or _only_draft_bookkeeping(update_fields):
        return
    page_cache.invalidate()
    _purge_every_page()


def settings_changed(sender, instance=None, created=False, **kwargs):
    # Reading a page never creates the settings row (PortalSettings.for_site): a new row is an editor's save.
    content_changed(sender, instance=instance, **kwargs)


def connect():
    from wagtail.images import get_image_model

    from announcements.models import Announcement
    from core.models import PortalSettings
    from programmes.models import DegreeType, LanguageTest, PartnerInstitution, SubjectArea

    for model in get_page_models():
        uid = f"{model._meta.label_lower}"
        post_save.connect(page_saved, sender=model, dispatch_uid=f"page_cache.saved.{uid}")
        post_delete.connect(page_deleted, sender=model, dispatch_uid=f"page_cache.deleted.{uid}")
    wagtail_signals.page_published.connect(page_changed, dispatch_uid="page_cache.published")
    wagtail_signals.page_unpublished.connect(page_changed, dispatch_uid="page_cache.unpublished")
    wagtail_signals.post_page_move.connect(page_moved, dispatch_uid="page_cache.moved")
    wagtail_signals.published.connect(content_changed, sender=Announcement, dispatch_uid="page_cache.ann_published")
    wagtail_signals.unpublished.connect(content_changed, sender=Announcement, dispatch_uid="page_cache.ann_unpublished")
    for model in (
        Announcement,
        PageViewRestriction,
        Site,
        SubjectArea,
        DegreeType,
        LanguageTest,
        PartnerInstitution,
        get_image_model(),
    ):
        uid = model._meta.label_lower
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page_cache.saved.{uid}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page_cache.deleted.{uid}")
    post_save.connect(settings_changed, sender=PortalSettings, dispatch_uid="page_cache.saved.settings")
    post_delete.connect(content_changed, sender=PortalSettings, dispatch_uid="page_cache.deleted.settings")
