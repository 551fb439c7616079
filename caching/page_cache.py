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
import gzip
import hashlib
import logging
import os
import pickle
import re
import threading
import time
import uuid
from collections import OrderedDict
from datetime import datetime, timedelta
from pathlib import Path

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Min, Q
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
REDIS_TIMEOUT = 0.5
RETRY_SECONDS = 5.0
SAFE_METHODS = ("GET", "HEAD")
# Headers that describe one exchange, not the page: never replayed from the cache.
PER_RESPONSE_HEADERS = {"set-cookie", "date", "x-page-cache", "x-request-id"}
# Set per hit: the CDN lifetime shrinks towards the boundary, the length depends on the encoding served.
PER_HIT_HEADERS = {"cache-control", "content-length"}
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/xml", "application/ld+json")
MIN_COMPRESSED_SIZE = 1024  # below this gzip's header costs more than it saves
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as Django's GZipMiddleware reads Accept-Encoding
HELD_BYTES = 64 * 1024 * 1024
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
    """Talks to the Redis of the Django cache over one connection per thread.

    redis-py's `Redis` client costs about 110 µs of CPU per command here (pool checkout, observability hooks), its
    `Connection` about 25 µs: a hit makes one command, so it uses the connection directly. Django's cache client
    would also make a client per call.
    """

    def __init__(self, location):
        pool = redis.ConnectionPool.from_url(
            location, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        self.connection_class, self.connection_kwargs = pool.connection_class, pool.connection_kwargs
        self.local = threading.local()
        self.prefix = "portal:pagecache:"
        self.generation_key = self.prefix + GENERATION_KEY
        self.down_until = 0.0  # after a failure: serve uncached until then
        self.lost_contact = False  # a failure since the last successful call: a publish may have been missed

    def available(self):
        return time.monotonic() >= self.down_until

    def failed(self, error):
        self.down_until = time.monotonic() + RETRY_SECONDS
        self.lost_contact = True
        logger.warning("Page cache unavailable, serving uncached for %ss: %s", RETRY_SECONDS, error)

    def connection(self):
        # Per thread, and per process: a connection made before a fork is never shared with the child.
        made = getattr(self.local, "made", None)
        if made is None or made[0] != os.getpid():
            made = self.local.made = (os.getpid(), self.connection_class(**self.connection_kwargs))
        return made[1]

    def command(self, *args):
        connection = self.connection()
        try:
            connection.send_command(*args, check_health=False)
            return connection.read_response()
        except BaseException:
            connection.disconnect()  # a reply may still be on its way: never read it as the next command's
            raise

    def call(self, *args):
        """One Redis command; while backing off after a failure, a ConnectionError at once instead of a timeout."""
        if not self.available():
            raise redis.ConnectionError("Redis failed a moment ago; not retried yet")
        try:
            if self.lost_contact:
                # A publish during the failure could not set a new generation: set one now.
                self.command("SET", self.generation_key, uuid.uuid4().hex)
                self.lost_contact = False
            return self.command(*args)
        except redis.RedisError as error:
            self.failed(error)
            raise

    def generation_and_entry(self, key):
        generation, entry = self.call("MGET", self.generation_key, self.prefix + key)
        if generation is None:
            # First request, or Redis evicted the key: a fresh token can never match an old entry.
            return self.generation(), None
        return generation.decode(), pickle.loads(entry) if entry is not None else None

    def generation(self):
        value = self.call("GET", self.generation_key)
        if value is None:
            self.call("SET", self.generation_key, uuid.uuid4().hex, "NX")
            value = self.call("GET", self.generation_key)
        return value.decode()

    def bump(self):
        self.call("SET", self.generation_key, uuid.uuid4().hex)

    def get(self, key):
        value = self.call("GET", self.prefix + key)
        return pickle.loads(value) if value is not None else None

    def set(self, key, value, timeout):
        self.call("SET", self.prefix + key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), "EX", max(1, int(timeout)))


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
_current_store = None


def store():
    """The store for the current settings, made once per process (after gunicorn has forked its workers)."""
    global _current_store
    if _current_store is None:
        alias = getattr(settings, "PAGE_CACHE_ALIAS", "default")
        if isinstance(caches[alias], RedisCache):
            signature = ("redis", settings.CACHES[alias]["LOCATION"])
        else:
            signature = ("local", str(settings.PAGE_CACHE_GENERATION_FILE))
        if signature not in _stores:
            _stores[signature] = RedisStore(signature[1]) if signature[0] == "redis" else LocalStore(signature[1])
        _current_store = _stores[signature]
    return _current_store


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    global _current_store
    if setting in ("CACHES", "PAGE_CACHE_ALIAS", "PAGE_CACHE_GENERATION_FILE"):
        _current_store = None


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

    from announcements.models import Announcement
    from events.models import EventPage

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


def compressed(response):
    """The body gzipped once at store time, so a hit to a browser sends a fraction of the bytes; None if not worth it.

    Only cacheable pages get here: anonymous, without cookies, so without a CSRF token or any other secret that a
    compression side channel (BREACH) could reveal.
    """
    content_type = response.get("Content-Type", "")
    if response.has_header("Content-Encoding") or not content_type.startswith(COMPRESSIBLE_TYPES):
        return None
    if len(response.content) < MIN_COMPRESSED_SIZE:
        return None
    body = gzip.compress(response.content, compresslevel=6, mtime=0)
    return body if len(body) < len(response.content) else None


def freeze(response, generation, boundary_at, timeout):
    headers = [(name, value) for name, value in response.items() if name.lower() not in PER_RESPONSE_HEADERS]
    return {
        "generation": generation,
        "status": response.status_code,
        "content": response.content,
        "gzip": compressed(response),
        "headers": headers,
        "max_age": _max_age(response),
        "boundary_at": boundary_at,
        "expires_at": time.time() + timeout,
    }


def accepts_gzip(environ):
    return ACCEPTS_GZIP.search(environ.get("HTTP_ACCEPT_ENCODING", "")) is not None


def shared_cache_control(boundary_at, browser_max_age=0):
    """Cache-Control for a CDN: fresh for at most s-maxage, stale-while-revalidate only as far as the boundary."""
    remaining = max(0, int(boundary_at - time.time()))
    s_maxage = min(settings.PAGE_CACHE_CDN_MAX_AGE, remaining)
    stale = min(settings.PAGE_CACHE_STALE_WHILE_REVALIDATE, remaining - s_maxage)
    value = f"public, max-age={min(browser_max_age, remaining)}, s-maxage={s_maxage}"
    return f"{value}, stale-while-revalidate={stale}" if stale > 0 else value


def set_shared_cache_headers(response, boundary_at, browser_max_age=0):
    response["Cache-Control"] = shared_cache_control(boundary_at, browser_max_age)


def _max_age(response):
    for directive in response.get("Cache-Control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "max-age" and value.isdigit():
            return int(value)
    return 0


def hit(entry, environ):
    """(status, headers, body) of a hit on `entry`: gzipped if the visitor accepts it, the CDN lifetime as of now."""
    body, encoding = entry["content"], None
    if entry["gzip"] is not None and accepts_gzip(environ):
        body, encoding = entry["gzip"], [("Content-Encoding", "gzip")]
    headers = [(name, value) for name, value in entry["headers"] if name.lower() not in PER_HIT_HEADERS]
    headers += [
        ("Cache-Control", shared_cache_control(entry["boundary_at"], entry["max_age"])),
        ("Content-Length", str(len(body))),
        *(encoding or ()),
        ("X-Page-Cache", "hit"),
    ]
    return entry["status"], headers, body


def hit_response(entry, request):
    status, headers, body = hit(entry, request.META)
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response


class HeldEntries:
    """The entries this process served lately, so that a hit reads only the 32-byte generation from the store.

    Every use is still checked against the generation read on that request, so a held entry is never served after
    a change; it is also dropped at its own expiry (the next boundary). At most `limit` bytes, least recent out first.
    """

    def __init__(self, limit=HELD_BYTES):
        self.limit = limit
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    @staticmethod
    def weight(entry):
        return len(entry["content"]) + len(entry["gzip"] or b"")

    def get(self, key, generation):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry["generation"] != generation or entry["expires_at"] <= time.time():
                self.size -= self.weight(self.entries.pop(key))
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            if key in self.entries:
                self.size -= self.weight(self.entries.pop(key))
            self.entries[key] = entry
            self.size += self.weight(entry)
            while self.size > self.limit:
                self.size -= self.weight(self.entries.popitem(last=False)[1])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


held_entries = HeldEntries()


LOOKUP = "caching.page_cache.lookup"  # in the WSGI environ: (cache key, generation, entry), read once per request


def lookup(request, key):
    """(generation, entry) for `key`, read once per request: `portal.wsgi` reads it before Django's handler, and on a
    miss the middleware and `content_memo` reuse that read instead of asking the store again."""
    found = request.META.get(LOOKUP)
    if found is None or found[0] != key:
        found = (key, *_read(key))
        request.META[LOOKUP] = found
    return found[1], found[2]


def _read(key):
    """One round trip: the generation alone when this process holds the entry, else the generation and the entry."""
    if key in held_entries.entries:
        generation = store().generation()
        entry = held_entries.get(key, generation)
        if entry is not None:
            return generation, entry
    generation, entry = store().generation_and_entry(key)
    if entry is not None and entry["generation"] == generation and entry["expires_at"] > time.time():
        held_entries.put(key, entry)
    return generation, entry


def request_generation(request):
    """The generation this request's page-cache look-up read, or None when it made none."""
    found = request.META.get(LOOKUP)
    return found[1] if found is not None else None


def current_entry(request):
    """The current stored entry for `request` if it is cacheable; None otherwise (Redis down too).

    `portal.wsgi` asks this before Django's handler runs, so a hit skips the middleware stack and the request signals.
    """
    if not enabled() or not is_cacheable_request(request):
        return None
    try:
        generation, entry = lookup(request, cache_key(request))
    except (redis.RedisError, DisallowedHost):
        return None
    return entry if entry is not None and entry["generation"] == generation else None


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
            return hit_response(entry, request)

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
        patch_vary_headers(response, ["Accept-Encoding"])  # a hit may be gzipped: a CDN keeps one copy per encoding
        if timeout > 0:
            store().set(key, freeze(response, generation, boundary_at, timeout), timeout=timeout)
        response["X-Page-Cache"] = "miss"
