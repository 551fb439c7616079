"""Site-wide lookups kept in this process until the content changes.

Some answers are the same for every request until an editor publishes something: the finder's catalogue of
programmes and facet values, for one. They are kept per process and tagged with the content generation of
`page_cache` (the token every publish, unpublish, move, deletion, announcement or settings change replaces, in
Redis when `REDIS_URL` is set, so that every instance sees it). A lookup whose tag no longer matches is rebuilt.
When the generation cannot be read (Redis down) nothing is kept and every request builds its own answer.
"""

import contextvars
import copy
import logging
import time

import redis
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.db.models import Min
from django.utils import timezone

from . import page_cache

logger = logging.getLogger(__name__)

_memo = {}
MAX_ENTRIES = 1000  # a bound on memory, whatever keys requests bring
# A GET or HEAD request reads the generation once and uses it for every lookup it makes (it publishes nothing).
_request_generation = contextvars.ContextVar("content_generation", default=None)
WARNING_INTERVAL = 30  # seconds
_last_warning = -WARNING_INTERVAL


def content_generation():
    """The current content generation, or None when it cannot be read."""
    held = _request_generation.get()
    if held is not None:
        return held
    global _last_warning
    try:
        return page_cache.store().generation()
    except (redis.RedisError, OSError) as error:
        if time.monotonic() - _last_warning >= WARNING_INTERVAL:  # one line per interval, not one per lookup
            _last_warning = time.monotonic()
            logger.warning("Content generation unavailable, building lookups per request: %s", error)
        return None


# The generation the kept lookups were checked against, and the next expiry of a live page or announcement then.
_horizon = {"generation": None, "until": None}


def next_expiry(now):
    """The soonest `expire_at` after `now` of a live page (events included) or announcement, or None."""
    from wagtail.models import Page

    from announcements.models import Announcement

    moments = [
        model.objects.filter(live=True, expire_at__gt=now).aggregate(at=Min("expire_at"))["at"]
        for model in (Page, Announcement)
    ]
    return min((moment for moment in moments if moment is not None), default=None)


def drop_lookups_past_expiry(generation):
    """An expiry changes public output without any publish (the scheduler may not have run yet): the lookups kept
    for `generation` are dropped once the next expiry has passed, and the one after it is looked up."""
    now = timezone.now()
    same = _horizon["generation"] == generation
    if same and (_horizon["until"] is None or now < _horizon["until"]):
        return
    try:
        until = next_expiry(now)
    except DatabaseError:
        return  # the database is down: whatever needs it answers 503; try again with the next lookup
    if same:
        _memo.clear()
    _horizon.update(generation=generation, until=until)


def remember(key, build):
    """`build()`, reused by later calls with the same `key` for as long as the content generation stays the same
    and no page or announcement has expired."""
    generation = content_generation()
    if generation is None:
        return build()
    drop_lookups_past_expiry(generation)
    kept = _memo.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    value = build()
    if len(_memo) >= MAX_ENTRIES:
        _memo.clear()
    _memo[key] = (generation, value)
    return value


def forget_all():
    """Drop every kept lookup and held page (tests, where a rolled-back transaction changes content without any
    signal)."""
    _memo.clear()
    _horizon.update(generation=None, until=None)
    page_cache.held_entries.clear()


# --- The site of a request -------------------------------------------------------------------------------------


def site_with_root(request):
    """Wagtail's site for the request, with its root page already loaded as its specific type (or None)."""
    from wagtail.models import Site

    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


def site_root_paths():
    from wagtail.models import Site

    return Site.get_site_root_paths()


class SiteLookupMiddleware:
    """Answers `Site.find_for_request` and the site root paths from this process's memory: two queries and a cache
    read fewer on every request.

    Wagtail looks the site up (and then its root page) on every request; both only change when content does.
    Each request gets its own copy of the Site, sharing the root page object.
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
            generation = page_cache.request_generation(request) or content_generation()
            held = _request_generation.set(generation) if generation is not None else None
        try:
            key = ("site", request._get_raw_host(), request.get_port())
            site = remember(key, lambda: site_with_root(request))
            if site is not None:
                request._wagtail_site = copy.copy(site)
                # Where Wagtail keeps, per request, the site root paths every page URL is worked out from.
                request._wagtail_cached_site_root_paths = remember("site-root-paths", site_root_paths)
            return self.get_response(request)
        finally:
            if held is not None:
                _request_generation.reset(held)
