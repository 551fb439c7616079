"""What invalidates the page cache, the kept lookups and the CDN: the signals Wagtail and Django send when public
output may change, and the tags (see `dependencies`) each change affects.

The app's own caches drop what depends on those tags (`page_cache.invalidate`). A CDN configured through
`WAGTAILFRONTENDCACHE` is sent the URLs stored with those tags, and the URLs computed from the page
(`affected_urls`) for those it has not been served through this site's cache yet.
"""

import redis
from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail import signals as wagtail_signals
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models

from core import ports
from core.languages import TRANSLATIONS_TAG, page_language, translations_tag
from core.visibility import changes_nothing_public

from . import dependencies, page_cache

# Tags a page of each type affects beyond its own place in the tree.
TYPE_TAGS = {
    "programmes.programmepage": {"catalogue"},
    "events.eventpage": {"events"},
    "schools.schoolpage": {"schools", "catalogue"},
}
# Page types that are one row of a kept lookup (the finder's catalogue): their changes name the row they touched.
ROW_TYPES = {"programmes.programmepage": "programme"}
MAX_PRESENTING_TAGS = 200  # a change to more events' programmes than this re-renders every programme page
# A page with pages below it may carry or gate a subtree of any type: every kind of listing.
SUBTREE_TAGS = {"catalogue", "programme-titles", "programme-count", "events", "schools"}
# Taxonomy is loaded with each page routing keeps (`routes`): a programme's subjects, degree type, tests, partners.
TAXONOMY_TAGS = {"catalogue", ports.FINDER_LISTS, "programme-titles", "programmes", "routes", dependencies.ANY_PAGE}


def page_change_tags(page, subtree=False):
    """The tags a publish, unpublish, edit or deletion of `page` affects: the page and its subtree, what lies below
    each of its ancestors, any page (sitemap, search), the page at each URL path, and what its type feeds.

    `subtree`: the pages below it leave or join the site too (unpublished, deleted, moved or gated with it), so every
    listing they may appear in changes; a publish only changes their breadcrumbs and addresses (their `path:` tags).
    """
    tags = {dependencies.ANY_PAGE, f"path:{page.path}", *dependencies.below_tags(page.path)}
    # Routing keeps pages by URL path (`page-rows`). Which page each path names changes only with the subtree or a
    # new slug (`page_saving`): then every kept page is read again; otherwise only this one (its row tag).
    tags.add("page-rows")
    if subtree or getattr(page, "url_path_changed", False):
        tags.add("routes")
    else:
        tags.add(dependencies.row_tag("page", page.pk))
    page_type = page.specific_class._meta.label_lower if page.specific_class else ""
    tags |= TYPE_TAGS.get(page_type, set())
    if page_type == "programmes.programmepage" and (subtree or getattr(page, "shown_elsewhere_changed", True)):
        tags.add("programme-titles")
    if page_type == "programmes.programmepage" and (subtree or getattr(page, "counted_changed", True)):
        tags.add("programme-count")
    if "catalogue" in tags and (subtree or page_type != "programmes.programmepage" or finder_facts_changed(page)):
        tags.add(ports.FINDER_LISTS)
    if page_type in ROW_TYPES:
        tags.add(dependencies.row_tag(ROW_TYPES[page_type], page.pk))  # the catalogue reads this row again only
    if subtree or getattr(page, "translation_links_changed", True):
        # Its translations link to it (switcher, hreflang): they depend on its translation group's tag.
        tags |= {TRANSLATIONS_TAG, translations_tag(page.translation_key)}
    if page.depth <= 3:
        tags.add("menu")  # the home page's children are the menu sections
    if page.depth <= 2:
        tags.add("sites")  # a site's root page
    if page.numchild:
        # The events below it may get new addresses or breadcrumbs (a new slug), or leave or join the site.
        tags |= {"events"} | subtree_event_tags(page) | (SUBTREE_TAGS if subtree else set())
    elif page_type == "events.eventpage":
        tags |= event_tags(page)
    language = page_language(page)  # the site-wide lists of the page's own language only
    return {dependencies.in_language(tag, language) for tag in tags}


# What other pages show of a programme (events and the events listing's filter): its title at its address, if live.
SHOWN_ELSEWHERE = ("title", "slug", "live")
# What a page's translations link to (the language switcher, hreflang): its address, if live.
LINKED_FROM_TRANSLATIONS = ("live", "url_path")
# Whether it is among the site's live public programmes (the home page's count): live, and not past its expiry.
COUNTED = ("live", "expire_at")
NOTED_FIELDS = frozenset({*SHOWN_ELSEWHERE, *LINKED_FROM_TRANSLATIONS, *COUNTED})


def page_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a page is saved: note what of it other pages show, and whether that changes. A republish with the same
    title, address and state (the usual edit of its own content) then leaves alone the lists of programme titles (every
    event page and the events listing's filter, rebuilt with a slow query at 20,000 programmes), its translations'
    links to it, the home page's programme count, and, when nothing the finder filters, counts or sorts by changed,
    the finder's pages but for those showing its card. A new slug (drafts included) moves the pages below it, which
    routing keeps by URL path (`routes`)."""
    if update_fields is not None and not set(update_fields) & NOTED_FIELDS:
        return  # bookkeeping (a revision noted, a lock): what an earlier save of this object noted stands
    before = None if raw or instance.pk is None else type(instance).objects.filter(pk=instance.pk).first()
    if before is None:
        instance.shown_elsewhere_changed = instance.translation_links_changed = True
        instance.counted_changed = instance.finder_facts_changed = True
        return
    instance.url_path_changed = before.url_path != instance.url_path
    instance.shown_elsewhere_changed = changed(before, instance, SHOWN_ELSEWHERE)
    instance.translation_links_changed = changed(before, instance, LINKED_FROM_TRANSLATIONS)
    from programmes.finder import filtered_facts
    from programmes.models import ProgrammePage

    if isinstance(instance, ProgrammePage):
        instance.counted_changed = changed(before, instance, COUNTED)
        instance.finder_facts_changed = filtered_facts(before) != filtered_facts(instance)


def changed(before, instance, fields):
    return any(getattr(before, field) != getattr(instance, field) for field in fields)


def finder_facts_changed(programme):
    return getattr(programme, "finder_facts_changed", True)


def event_tags(event):
    """An event is listed at each page above it and on the pages of the programmes it presents (as stored now, and
    as noted before a deletion)."""
    presented = set(presentations().filter(eventpage_id=event.pk).values_list("programmepage_id", flat=True))
    presented |= getattr(event, "presented_before", set())
    prefixes = dependencies.path_prefixes(event.path)[:-1]
    return {*(ports.events_tag(prefix) for prefix in prefixes), *(ports.presenting_tag(pk) for pk in presented)}


def subtree_event_tags(page):
    """The events below `page` leave, join or move: the pages above it, and the programmes those events present (all
    programme pages when there are many)."""
    below = presentations().filter(eventpage__path__startswith=page.path)
    presented = set(below.values_list("programmepage_id", flat=True).distinct()[: MAX_PRESENTING_TAGS + 1])
    tags = {ports.events_tag(prefix) for prefix in dependencies.path_prefixes(page.path)}
    if len(presented) > MAX_PRESENTING_TAGS:
        return tags | {ports.EVENT_SUBTREES}
    return tags | {ports.presenting_tag(pk) for pk in presented}


def event_deleting(sender, instance, **kwargs):
    """Before an event's deletion removes its links: note the programmes it presents."""
    instance.presented_before = set(
        presentations().filter(eventpage_id=instance.pk).values_list("programmepage_id", flat=True)
    )


def presentations():
    """The (event, programme) links: which programmes each event presents."""
    from events.models import EventPage

    return EventPage.related_programmes.through.objects.all()


# --- CDN URLs --------------------------------------------------------------------------------------------------


def _site_wide_urls(page):
    """Pages and files that aggregate the whole site: home, listings, finder, search, sitemap, feeds."""
    from events.models import EventIndexPage
    from programmes.models import ProgrammeIndexPage

    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return set()
    root, language = site.root_url, f"{site.root_url}/{page_language(page)}"
    urls = {f"{language}/", f"{root}/sitemap.xml", f"{language}/events/feed.ics", f"{language}/search/"}
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
    root = f"{page.get_site().root_url}/{page_language(page)}" if page.get_site() else ""
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
    if getattr(page, "translation_links_changed", True):
        # Its translations' switchers and hreflang links name it.
        urls.update(filter(None, (each.get_full_url() for each in page.get_translations().live())))
    return urls


def purge_cdn(urls):
    if not urls:
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    PurgeBatch(urls).purge()


def _cdn_enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _purge_every_page():
    """Announcements and settings appear on many pages: purge every live page and the site-wide files."""
    if not _cdn_enabled():
        return
    urls = set()
    for page in Page.objects.live().filter(depth__gt=1):
        urls.update(_site_wide_urls(page) if page.depth == 2 else {page.get_full_url()})
    purge_cdn({url for url in urls if url})


def purge_cdn_for(tags, urls=()):
    """Purge the URLs stored with `tags` and `urls`; every page when a tag's list is unknown or overflowed."""
    if not _cdn_enabled():
        return
    if dependencies.EVERYTHING in tags or "settings" in tags or dependencies.SITE_ANNOUNCEMENTS in tags:
        _purge_every_page()
        return
    try:
        stored = page_cache.store().urls_for(dependencies.expanded(tags))
    except redis.RedisError:
        stored = None  # the lists cannot be read: never leave a changed page in the CDN
    if stored is None:
        _purge_every_page()
        return
    purge_cdn(set(urls) | stored)


def invalidate(tags, urls=()):
    page_cache.invalidate(tags)
    purge_cdn_for(tags, urls)


# --- Signal handlers -------------------------------------------------------------------------------------------


def page_changed(sender, instance, subtree=False, **kwargs):
    tags = page_change_tags(instance, subtree=subtree)
    page_cache.invalidate(tags)
    if _cdn_enabled():
        purge_cdn_for(tags, affected_urls(instance))


def page_unpublished(sender, instance, **kwargs):
    page_changed(sender, instance, subtree=True)


def page_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    # A draft saved in the admin changes nothing public; a live page saved in full (publish, direct edit) may, and so
    # may a draft's new slug (the live pages below it move).
    if raw or changes_nothing_public(update_fields):
        return
    if instance.live or getattr(instance, "url_path_changed", False):
        page_cache.invalidate(page_change_tags(instance))


def page_deleted(sender, instance, **kwargs):
    if instance.live:
        page_changed(sender, instance, subtree=True)


def page_moving(sender, instance, **kwargs):
    """Before a move: the page's old place in the tree (its subtree's old addresses and breadcrumbs)."""
    invalidate(page_change_tags(instance, subtree=True))


def page_moved(sender, instance, url_path_before=None, **kwargs):
    moved = Page.objects.get(pk=instance.pk)  # its new place in the tree
    tags = page_change_tags(moved, subtree=True)
    page_cache.invalidate(tags)
    if _cdn_enabled():
        urls = affected_urls(moved)
        site = moved.get_site()
        if site is not None and url_path_before:
            # The old address now answers 404 (or a redirect): the CDN must forget it too.
            old_path = url_path_before[len(site.root_page.url_path) - 1 :]
            urls.add(f"{site.root_url}{old_path}")
        purge_cdn_for(tags, urls)


def restriction_tags(restriction):
    """A view restriction gates its page and subtree, and whether they are listed anywhere."""
    return {"restrictions", *page_change_tags(restriction.page, subtree=True)}


def restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    try:
        tags = restriction_tags(instance)
    except Page.DoesNotExist:  # its page is being deleted: that deletion invalidates it
        return
    invalidate(tags)


def announcement_tags(announcement):
    """Site-wide: every page. For chosen schools: their pages and everything inside them. For chosen programmes:
    those pages. In every language: the pages chosen in the announcement or its translations, and their translations
    (`announcements.banners.targeted_announcements`)."""
    from announcements.models import Announcement

    if announcement.audience == Announcement.Audience.SITE:
        return {"announcements", dependencies.SITE_ANNOUNCEMENTS}
    group = Announcement.objects.filter(translation_key=announcement.translation_key)
    keys = {
        *group.values_list("schools__translation_key", flat=True),
        *group.values_list("programmes__translation_key", flat=True),
    }
    paths = Page.objects.filter(translation_key__in=keys - {None}).values_list("path", flat=True)
    return {"announcements", *(f"path:{path}" for path in paths)}


def announcement_before_save(sender, instance, raw=False, **kwargs):
    """Note the audience the announcement had (its old schools or programmes must drop it too)."""
    if raw or instance.pk is None:
        return
    previous = type(instance).objects.filter(pk=instance.pk).first()
    instance.audience_tags_before = announcement_tags(previous) if previous is not None else set()


def announcement_changed(sender, instance=None, raw=False, **kwargs):
    if raw or instance is None:
        return
    before = getattr(instance, "audience_tags_before", set())
    invalidate(before | announcement_tags(instance))


def settings_changed(sender, instance=None, raw=False, **kwargs):
    # Reading a page never creates the settings row (PortalSettings.for_site): a new row is an editor's save.
    if raw:
        return
    invalidate({"settings"})


def taxonomy_changed(sender, instance=None, raw=False, **kwargs):
    """Subject areas, degree types, language tests, partners: shown by programmes, the finder and its facets."""
    if raw:
        return
    invalidate(TAXONOMY_TAGS)


def content_changed(sender, instance=None, update_fields=None, raw=False, **kwargs):
    """Sites and images: anything on any page."""
    if raw or changes_nothing_public(update_fields):
        return
    invalidate({dependencies.EVERYTHING})


def registrations_changed(sender, event, **kwargs):
    """A sign-up, cancellation or promotion: the event's page shows its places left (and JSON-LD availability)."""
    tags = {f"path:{event.path}"}
    page_cache.invalidate(tags)
    if _cdn_enabled():
        purge_cdn_for(tags, {event.get_full_url()})


def connect():
    from wagtail.images import get_image_model

    from announcements.models import Announcement
    from core.models import PortalSettings
    from events.models import EventPage
    from programmes.models import DegreeType, LanguageTest, PartnerInstitution, SubjectArea
    from registrations.signals import registrations_changed as registrations_signal

    for model in get_page_models():
        uid = f"{model._meta.label_lower}"
        post_save.connect(page_saved, sender=model, dispatch_uid=f"page_cache.saved.{uid}")
        post_delete.connect(page_deleted, sender=model, dispatch_uid=f"page_cache.deleted.{uid}")
        pre_save.connect(page_saving, sender=model, dispatch_uid=f"page_cache.saving.{uid}")
    pre_delete.connect(event_deleting, sender=EventPage, dispatch_uid="page_cache.event_deleting")
    wagtail_signals.page_published.connect(page_changed, dispatch_uid="page_cache.published")
    wagtail_signals.page_unpublished.connect(page_unpublished, dispatch_uid="page_cache.unpublished")
    wagtail_signals.pre_page_move.connect(page_moving, dispatch_uid="page_cache.moving")
    wagtail_signals.post_page_move.connect(page_moved, dispatch_uid="page_cache.moved")
    pre_save.connect(announcement_before_save, sender=Announcement, dispatch_uid="page_cache.ann_before")
    pre_delete.connect(announcement_before_save, sender=Announcement, dispatch_uid="page_cache.ann_before_delete")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(announcement_changed, sender=Announcement, dispatch_uid=f"page_cache.ann_{name}")
        signal.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=f"page_cache.pvr_{name}")
        signal.connect(settings_changed, sender=PortalSettings, dispatch_uid=f"page_cache.settings_{name}")
        for model in (SubjectArea, DegreeType, LanguageTest, PartnerInstitution):
            uid = model._meta.label_lower
            signal.connect(taxonomy_changed, sender=model, dispatch_uid=f"page_cache.{name}.{uid}")
        for model in (Site, Locale, get_image_model()):
            uid = model._meta.label_lower
            signal.connect(content_changed, sender=model, dispatch_uid=f"page_cache.{name}.{uid}")
    registrations_signal.connect(registrations_changed, dispatch_uid="page_cache.registrations")
    wagtail_signals.published.connect(announcement_changed, sender=Announcement, dispatch_uid="page_cache.ann_pub")
    wagtail_signals.unpublished.connect(announcement_changed, sender=Announcement, dispatch_uid="page_cache.ann_unp")
