"""Site-wide lookups kept in this process until what they read changes.

Some answers are the same for every request until an editor publishes something: the finder's catalogue of
programmes and facet values, for one. They are kept per process with the tags they depend on and the sequence number
of the change log they were built at (`dependencies`); a lookup one of whose tags changed since is rebuilt, the others
are kept. The log is in Redis when `REDIS_URL` is set, so that every instance sees every change. When the sequence
number cannot be read (Redis down) nothing is kept and every request builds its own answer.
"""

import contextvars
import copy
import logging
import threading
import time

import redis
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.db.models import Min
from django.http.request import split_domain_port
from django.utils import timezone

from core.languages import localized_root

from . import dependencies, page_cache

logger = logging.getLogger(__name__)

_memo = {}
_memo_lock = threading.Lock()
MAX_ENTRIES = 1000  # a bound on memory, whatever keys requests bring
MAX_ROW_UPDATES = 100  # more rows changed than this since a lookup was built: it is rebuilt instead of updated
# A GET or HEAD request reads the sequence number once and uses it for every lookup it makes (it publishes nothing).
_request_sequence = contextvars.ContextVar("content_sequence", default=None)
WARNING_INTERVAL = 30  # seconds
_last_warning = -WARNING_INTERVAL


def content_sequence():
    """The current sequence number of the change log (this process caught up with it), or None when unreadable."""
    held = _request_sequence.get()
    if held is not None:
        return held
    global _last_warning
    try:
        sequence = page_cache.store().sequence()
        page_cache.catch_up(sequence)
        return sequence
    except (redis.RedisError, OSError) as error:
        if time.monotonic() - _last_warning >= WARNING_INTERVAL:  # one line per interval, not one per lookup
            _last_warning = time.monotonic()
            logger.warning("Change log unavailable, building lookups per request: %s", error)
        return None


# The sequence number the kept lookups were last checked at, and the next expiry of a live page or announcement then.
_horizon = {"sequence": None, "until": None}


def next_expiry(now):
    """The soonest `expire_at` after `now` of a live page (events included), or None. Announcements are not needed:
    their expiry is checked on every request (`announcements.banners.live_announcements`)."""
    from wagtail.models import Page

    return Page.objects.filter(live=True, expire_at__gt=now).aggregate(at=Min("expire_at"))["at"]


def drop_lookups_past_expiry(sequence):
    """An expiry changes public output without any publish (the scheduler may not have run yet): every kept lookup is
    dropped once the next expiry has passed; the next one is looked up again after that or after any change."""
    now = timezone.now()
    until = _horizon["until"]
    passed = until is not None and now >= until
    if _horizon["sequence"] == sequence and not passed:
        return
    try:
        upcoming = next_expiry(now)
    except DatabaseError:
        return  # the database is down: whatever needs it answers 503; try again with the next lookup
    if passed:
        _memo.clear()
    _horizon.update(sequence=sequence, until=upcoming)


def remember(key, build, tags=None, rows=None):
    """`build()`, reused by later calls with the same `key` until one of `tags` changes (any change without tags).

    `rows`: (family, update). When every change to `tags` since the value was built named the rows it touched
    (`<family>:<id>` tags, at most MAX_ROW_UPDATES of them), `update(value, ids)` gives the value to keep instead of
    a rebuild (None: rebuild after all). The tags are also recorded for the response being rendered
    (`dependencies.collect`).
    """
    tags = frozenset(tags) if tags is not None else frozenset({dependencies.ANY_CHANGE})
    dependencies.collect(tags)
    sequence = content_sequence()
    if sequence is None:
        return build()
    drop_lookups_past_expiry(sequence)
    kept = _memo.get(key)
    value = None
    if kept is not None:
        if dependencies.tracker.is_fresh(kept[0], kept[1]):
            return kept[2]
        if rows is not None:
            value = updated(kept, rows)
    if value is None:
        value = build()
    with _memo_lock:
        if len(_memo) >= MAX_ENTRIES:
            _memo.clear()
        _memo[key] = (sequence, tags, value)
    return value


def updated(kept, rows):
    """The kept value with only its changed rows read again, or None when it must be rebuilt."""
    built_at, tags, value = kept
    family, update = rows
    ids = dependencies.tracker.changed_rows(built_at, tags, family, MAX_ROW_UPDATES)
    return update(value, ids) if ids is not None else None


def forget_all():
    """Drop every kept lookup and held page, and what this process knew of the change log (tests, where a
    rolled-back transaction changes content without any signal)."""
    _memo.clear()
    page_cache.held_entries.clear()
    dependencies.tracker.reset(None)
    _horizon.update(sequence=None, until=None)


# --- The site of a request -------------------------------------------------------------------------------------


def site_with_root(request):
    """Wagtail's site for the request (as `Site.find_for_request` finds it), with its root page already loaded as its
    specific type (or None)."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    hostname, _port = split_domain_port(request.get_host())
    try:
        site = get_site_for_hostname(hostname, request.get_port())
    except Site.DoesNotExist:
        return None
    site.root_page = site.root_page.specific
    return site


def site_root_paths():
    from wagtail.models import Site

    return Site.get_site_root_paths()


SITE_TAGS = ("sites",)  # a site, its root page's path or slug (a change at depth 2 or a move)


class SiteLookupMiddleware:
    """Answers `Site.find_for_request` and the site root paths from this process's memory: two queries and a cache
    read fewer on every request.

    Wagtail looks the site up (and then its root page) on every request; both only change when content does.
    Each request gets its own copy of the Site, sharing the root page object, which is the home page of the request's
    language (core/languages.py: the language middleware runs before this one).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # CommonMiddleware answers 400; nothing to remember
        held = None
        if request.method in ("GET", "HEAD"):
            sequence = page_cache.request_sequence(request) or content_sequence()
            held = _request_sequence.set(sequence) if sequence is not None else None
        try:
            key = ("site", request.get_host(), request.get_port())
            site = remember(key, lambda: site_with_root(request), tags=SITE_TAGS)
            if site is not None:
                request._wagtail_site = copy.copy(site)
                # The active language's home page as the site's root: every listing scoped to the site's root (the
                # finder, the events listing, the home page's counts) then lists that language's tree only.
                request._wagtail_site.root_page = localized_root(site.root_page)
                # Where Wagtail keeps, per request, the site root paths every page URL is worked out from.
                request._wagtail_cached_site_root_paths = remember("site-root-paths", site_root_paths, tags=SITE_TAGS)
            return self.get_response(request)
        finally:
            if held is not None:
                _request_sequence.reset(held)
