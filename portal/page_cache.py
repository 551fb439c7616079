"""Full-page cache for anonymous visitors, with exact invalidation through a site-wide content generation.

Every cached response is stored under a key that includes the current *generation*, a random token. Any change that
can alter public output (publishing, unpublishing, scheduled go-live and expiry, moving, renaming, deleting a page,
a change of view restrictions, announcements, taxonomy, site settings) sets a new generation, so from the next request
on every page is rendered afresh and the old entries age out of the cache unread.

Why a generation and not a per-URL purge list: almost every change touches the most visited pages anyway (the home
page counts programmes, the finder, the events listing, search, the sitemap and the feeds aggregate the whole site;
a school's rename or move changes the breadcrumbs of its whole subtree; a programme's next open day depends on
events elsewhere in the tree), and a missed dependency in a hand-written list means a stale page for hours. Bumping
the generation can never miss one, costs one cache write, and re-renders only what is requested again. The precise
per-URL list is still computed (`cache_invalidation.affected_urls`) for the CDN, which has no generation.

Time also changes output: a deadline closes at midnight, an event moves from "upcoming" to "past", an announcement
expires. Entries therefore never outlive the next such boundary (`next_boundary`).

Where the generation lives: in the cache itself when the cache is shared (Redis), so every app instance sees a
publish made through any other; in a small file otherwise, so that the local-memory caches of several processes on
one machine (gunicorn workers, the scheduled-publishing process) still agree.

Redis down: requests are served uncached (with a logged warning, Redis left alone for `RETRY_SECONDS`), never a 500.
A publish in that time cannot set a new generation, so the first successful contact after a failure sets one: the
entries cached before the outage are never served after it.
"""

import contextlib
import hashlib
import logging
import os
import pickle
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Min, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
REDIS_TIMEOUT = 0.5
RETRY_SECONDS = 5.0
SAFE_METHODS = ("GET", "HEAD")
# Headers that describe one exchange, not the page: never replayed from the cache.
PER_RESPONSE_HEADERS = {"set-cookie", "date", "x-page-cache"}
DRAFT_BOOKKEEPING_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


# --- Storage ---------------------------------------------------------------------------------------------------
# Entries are stored per URL as (generation, entry): a hit needs the generation and the entry, and fetching both
# with one MGET keeps a hit to a single Redis round trip.


class RedisStore:
    """Talks to the Redis of the Django cache with one long-lived client (Django's cache makes a client per call)."""

    def __init__(self, location):
        self.client = redis.Redis.from_url(location, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)
        self.prefix = "portal:pagecache:"
        self.down_until = 0.0  # after a failure: serve uncached until then
        self.lost_contact = False  # a failure since the last successful call: a publish may have been missed

    def available(self):
        return time.monotonic() >= self.down_until

    def failed(self, error):
        self.down_until = time.monotonic() + RETRY_SECONDS
        self.lost_contact = True
        logger.warning("Page cache unavailable, serving uncached for %ss: %s", RETRY_SECONDS, error)

    def call(self, command, *args, **kwargs):
        """One Redis command; while backing off after a failure, a ConnectionError at once instead of a timeout."""
        if not self.available():
            raise redis.ConnectionError("Redis failed a moment ago; not retried yet")
        try:
            if self.lost_contact:
                # A publish during the failure could not set a new generation: set one now.
                self.client.set(self.prefix + GENERATION_KEY, uuid.uuid4().hex)
                self.lost_contact = False
            return getattr(self.client, command)(*args, **kwargs)
        except redis.RedisError as error:
            self.failed(error)
            raise

    def generation_and_entry(self, key):
        generation, entry = self.call("mget", self.prefix + GENERATION_KEY, self.prefix + key)
        if generation is None:
            # First request, or Redis evicted the key: a fresh token can never match an old entry.
            return self.generation(), None
        return generation.decode(), pickle.loads(entry) if entry is not None else None

    def generation(self):
        value = self.call("get", self.prefix + GENERATION_KEY)
        if value is None:
            self.call("set", self.prefix + GENERATION_KEY, uuid.uuid4().hex, nx=True)
            value = self.call("get", self.prefix + GENERATION_KEY)
        return value.decode()

    def bump(self):
        self.call("set", self.prefix + GENERATION_KEY, uuid.uuid4().hex)

    def get(self, key):
        value = self.call("get", self.prefix + key)
        return pickle.loads(value) if value is not None else None

    def set(self, key, value, timeout):
        self.call("set", self.prefix + key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), ex=max(1, int(timeout)))


class LocalStore:
    """Entries in the Django cache (local memory); the generation in a file all processes on the machine share."""

    def __init__(self, path):
        self.path = Path(path)

    def generation_and_entry(self, key):
        return self.generation(), cache().get(key)

    def generation(self):
        try:
            return self.path.read_text()
        except FileNotFoundError:
            return self.bump()

    def bump(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        generation = uuid.uuid4().hex
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(generation)
        os.replace(temporary, self.path)  # atomic: readers see the old or the new token, never half of one
        return generation

    def get(self, key):
        return cache().get(key)

    def set(self, key, value, timeout):
        cache().set(key, value, timeout=max(1, int(timeout)))


_stores = {}


def store():
    """The store for the current settings, made once per process (after gunicorn has forked its workers)."""
    alias = getattr(settings, "PAGE_CACHE_ALIAS", "default")
    config = settings.CACHES[alias]
    if isinstance(caches[alias], RedisCache):
        signature = ("redis", config["LOCATION"])
    else:
        signature = ("local", str(settings.PAGE_CACHE_GENERATION_FILE))
    if signature not in _stores:
        _stores[signature] = RedisStore(signature[1]) if signature[0] == "redis" else LocalStore(signature[1])
    return _stores[signature]


def _bump():
    store().bump()


def invalidate():
    """Make every cached page stale. Called by the signal handlers in `cache_invalidation`.

    Bumped now (so the rest of this request and the tests see it) and again after the transaction commits, so that
    a page rendered from the not-yet-committed state by another process in between is not kept either.
    """
    # Bumped even with the page cache off: `content_memo` keys its site-wide lookups on the same generation.
    _bump_or_note_failure()
    transaction.on_commit(_bump_or_note_failure)


def _bump_or_note_failure():
    with contextlib.suppress(redis.RedisError):  # logged by the store; its next successful contact sets one
        _bump()


# --- Time boundaries -------------------------------------------------------------------------------------------

# How long after a scheduled go-live or expiry the scheduler (run every minute) has surely acted on it.
SCHEDULER_GRACE = timedelta(seconds=75)


def next_boundary(now=None):
    """The next moment at which some page's output changes by itself, without anybody publishing anything.

    Local midnight (deadlines close, "today" moves on), the next start or end of a live event (upcoming → happening →
    past), the next expiry of a live announcement, and scheduled go-live/expiry times (plus the scheduler's grace,
    because until it runs the old state is still live).
    """
    from wagtail.models import Page, Revision

    from events.models import EventPage

    from .models import Announcement

    now = now or timezone.now()
    local_now = timezone.localtime(now)
    tomorrow = local_now.date() + timedelta(days=1)
    candidates = [timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()), local_now.tzinfo)]

    events = EventPage.objects.filter(live=True).aggregate(
        next_start=Min("start", filter=Q(start__gt=now)), next_end=Min("end", filter=Q(end__gt=now))
    )
    candidates += [events["next_start"], events["next_end"]]
    expiries = Announcement.objects.filter(live=True, expire_at__gt=now).aggregate(at=Min("expire_at"))
    candidates.append(expiries["at"])

    scheduled = [
        Revision.objects.filter(approved_go_live_at__gt=now - SCHEDULER_GRACE).aggregate(at=Min("approved_go_live_at")),
        Page.objects.filter(live=True, expire_at__gt=now - SCHEDULER_GRACE).aggregate(at=Min("expire_at")),
    ]
    for moment in (row["at"] for row in scheduled):
        if moment is not None:
            candidates += [moment, moment + SCHEDULER_GRACE]
    return min(moment for moment in candidates if moment is not None and moment > now)


def seconds_to_boundary(generation):
    """Seconds until `next_boundary`, memoised in the cache per generation until the boundary itself."""
    key = f"boundary:{generation}"
    boundary = store().get(key)
    now = time.time()
    if boundary is None or boundary <= now:
        boundary = next_boundary().timestamp()
        store().set(key, boundary, timeout=boundary - now)
    return max(0, int(boundary - now))


# --- Requests and responses ------------------------------------------------------------------------------------


def is_cacheable_request(request):
    """Anonymous GET/HEAD of a public URL: no session (so never a logged-in editor), no credentials, no admin."""
    if request.method not in SAFE_METHODS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    if any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS):
        return False
    return len(request.META.get("QUERY_STRING", "")) <= settings.PAGE_CACHE_MAX_QUERY_LENGTH


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def cache_key(request):
    scheme = "https" if request.is_secure() else "http"
    address = f"{scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


def freeze(response, generation, boundary_at):
    headers = [(name, value) for name, value in response.items() if name.lower() not in PER_RESPONSE_HEADERS]
    return {
        "generation": generation,
        "status": response.status_code,
        "content": response.content,
        "headers": headers,
        "boundary_at": boundary_at,
    }


def thaw(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def set_shared_cache_headers(response, boundary_at, browser_max_age=0):
    """Cache-Control for a CDN: fresh for at most s-maxage, stale-while-revalidate only as far as the boundary."""
    remaining = max(0, int(boundary_at - time.time()))
    s_maxage = min(settings.PAGE_CACHE_CDN_MAX_AGE, remaining)
    stale = min(settings.PAGE_CACHE_STALE_WHILE_REVALIDATE, remaining - s_maxage)
    del response["Cache-Control"]
    directives = {"public": True, "max_age": min(browser_max_age, remaining), "s_maxage": s_maxage}
    if stale > 0:
        directives["stale_while_revalidate"] = stale
    patch_cache_control(response, **directives)


def _max_age(response):
    for directive in response.get("Cache-Control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "max-age" and value.isdigit():
            return int(value)
    return 0


LOOKUP = "portal.page_cache.lookup"  # in the WSGI environ: (cache key, generation, entry), read once per request


def lookup(request, key):
    """(generation, entry) for `key`, read from the store once per request: `portal.wsgi` reads it before Django's
    handler, and on a miss the middleware and `content_memo` reuse that read instead of asking Redis again."""
    found = request.META.get(LOOKUP)
    if found is None or found[0] != key:
        found = (key, *store().generation_and_entry(key))
        request.META[LOOKUP] = found
    return found[1], found[2]


def request_generation(request):
    """The generation this request's page-cache look-up read, or None when it made none."""
    found = request.META.get(LOOKUP)
    return found[1] if found is not None else None


def hit_response(entry):
    response = thaw(entry)
    set_shared_cache_headers(response, entry["boundary_at"], browser_max_age=_max_age(response))
    response["X-Page-Cache"] = "hit"
    return response


def current_hit(request):
    """The stored response for `request` if it is cacheable and its entry is current; None otherwise (Redis down too).

    `portal.wsgi` asks this before Django's handler runs, so a hit skips the middleware stack and the request signals.
    """
    if not enabled() or not is_cacheable_request(request):
        return None
    try:
        generation, entry = lookup(request, cache_key(request))
    except (redis.RedisError, DisallowedHost):
        return None
    return hit_response(entry) if entry is not None and entry["generation"] == generation else None


class PageCacheMiddleware:
    """Serves anonymous GET/HEAD requests from the page cache; stores 200 responses without cookies.

    Place it right after WhiteNoise: every middleware below it (sessions, CSRF, clickjacking, CSP...) has added its
    headers to the stored response; anything above it (request ids) runs on every request, hit or miss.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        if not is_cacheable_request(request):
            response = self.get_response(request)
            if request.method in SAFE_METHODS and not response.has_header("Cache-Control"):
                # Logged-in or otherwise personal views: a CDN must never keep them for anybody else.
                patch_cache_control(response, private=True)
            return response

        key = cache_key(request)
        try:
            # The generation is read before rendering: a publish during the render makes this render stale.
            generation, entry = lookup(request, key)
        except redis.RedisError:
            return self.get_response(request)  # Redis down (logged by the store): served uncached
        if entry is not None and entry["generation"] == generation:
            return hit_response(entry)

        response = self.get_response(request)
        if request.method == "GET" and is_cacheable_response(response):
            with contextlib.suppress(redis.RedisError):  # logged by the store: the page is served, not kept
                self.store_response(key, response, generation)
        return response

    def store_response(self, key, response, generation):
        to_boundary = seconds_to_boundary(generation)
        timeout = min(settings.PAGE_CACHE_TIMEOUT, to_boundary)
        boundary_at = time.time() + to_boundary
        set_shared_cache_headers(response, boundary_at, browser_max_age=_max_age(response))
        if timeout > 0:
            store().set(key, freeze(response, generation, boundary_at), timeout=timeout)
        response["X-Page-Cache"] = "miss"
