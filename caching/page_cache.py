"""Full-page cache for anonymous visitors, invalidated by dependency.

Every cached response records what its output depends on (its tags, see `dependencies`: the page and its ancestors,
what lies below it, the catalogue, events, announcements for its audience, settings, ...) and the sequence number of
the change log it was rendered at. A change (publishing, unpublishing, scheduled go-live and expiry, moving,
renaming, deleting a page, view restrictions, announcements, taxonomy, site settings) appends the tags it affects to
the log (`invalidate(tags)`, called by the signal handlers in `invalidation`), so from the next request on only the
pages that depend on those tags are rendered afresh; the others stay hits.

Time also changes output: a deadline closes at midnight, an event moves from "upcoming" to "past", an announcement
expires. Entries therefore never outlive the next such boundary (`next_boundary`).

Where the log lives: in the cache itself when the cache is shared (Redis), so every app instance sees a publish made
through any other; in small files otherwise, so that the local-memory caches of several processes on one machine
(gunicorn workers, the scheduled-publishing process) still agree.

Redis down: requests are served uncached (with a logged warning, Redis left alone for `RETRY_SECONDS`), never a 500.
A publish in that time cannot be recorded, so the first successful contact after a failure records a change of
everything: the entries cached before the outage are never served after it.
"""

import contextlib
import fcntl
import gzip
import hashlib
import json
import logging
import os
import pickle
import re
import threading
import time
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
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from . import dependencies

logger = logging.getLogger(__name__)

SEQUENCE_KEY = "pagecache:sequence"
CHANGE_LOG_KEY = "pagecache:changes"
CHANGE_LOG_LENGTH = 2000  # changes kept in the log; a process further behind forgets everything it holds
CHANGE_READ_MARGIN = 16  # changes read beyond those expected, for any recorded between the two reads
URLS_KEY = "urls:"  # + tag: the set of URLs stored with that tag, for the CDN purge
URLS_PER_TAG = 50_000
URL_LIST_SECONDS = 7 * 24 * 3600
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


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


# --- Storage ---------------------------------------------------------------------------------------------------
# Entries are stored per URL as dicts that carry the sequence number they were rendered at and their tags: a hit
# needs the current sequence number and the entry, and fetching both with one MGET keeps a hit to one round trip.

RECORD_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[3]) end
local seq = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[2], seq .. ' ' .. ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
return seq
"""


def sequence_base():
    """Where a new sequence starts: later than any sequence number handed out before Redis (or the file) was emptied,
    so that a process never takes an old entry for a new one."""
    return int(time.time() * 1000)


def encode_change(seq, tags):
    return f"{seq} {json.dumps(sorted(tags))}"


def decode_change(line):
    seq, _, tags = (line.decode() if isinstance(line, bytes) else line).partition(" ")
    return int(seq), tags and json.loads(tags)


def changes_between(lines, after, upto):
    """The decoded changes in `lines` with after < seq <= upto, or None when `lines` does not reach back to after+1."""
    changes = [decode_change(line) for line in lines]
    if after is not None and (not changes or changes[0][0] > after + 1):
        return None
    return [(seq, tags) for seq, tags in changes if (after is None or seq > after) and seq <= upto]


class RedisStore:
    """Talks to the Redis of the Django cache over one connection per thread.

    redis-py's `Redis` client costs about 110 µs of CPU per command here (pool checkout, observability hooks), its
    `Connection` about 25 µs: a hit makes one command, so it uses the connection directly. Django's cache client
    would also make a client per call. The CDN's URL lists, written off the hit path, use the `Redis` client.
    """

    def __init__(self, location):
        pool = redis.ConnectionPool.from_url(
            location, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        self.location = location
        self.connection_class, self.connection_kwargs = pool.connection_class, pool.connection_kwargs
        self.local = threading.local()
        self.prefix = "portal:pagecache:"
        self.sequence_key = self.prefix + SEQUENCE_KEY
        self.log_key = self.prefix + CHANGE_LOG_KEY
        self.down_until = 0.0  # after a failure: serve uncached until then
        self.lost_contact = False  # a failure since the last successful call: a publish may have been missed
        self.client = None

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
                # A change during the failure could not be recorded: record that anything may have changed.
                self.command(*self.record_command([dependencies.EVERYTHING]))
                self.lost_contact = False
            return self.command(*args)
        except redis.RedisError as error:
            self.failed(error)
            raise

    def record_command(self, tags):
        keys = (self.sequence_key, self.log_key)
        return ("EVAL", RECORD_SCRIPT, 2, *keys, json.dumps(sorted(tags)), CHANGE_LOG_LENGTH, sequence_base())

    def record(self, tags):
        """Append a change of `tags` to the log; returns its sequence number."""
        return int(self.call(*self.record_command(tags)))

    def sequence_and_entry(self, key):
        sequence, entry = self.call("MGET", self.sequence_key, self.prefix + key)
        if sequence is None:
            return self.sequence(), None  # first request, or Redis was emptied
        return int(sequence), pickle.loads(entry) if entry is not None else None

    def sequence(self):
        value = self.call("GET", self.sequence_key)
        if value is None:
            self.call("SET", self.sequence_key, sequence_base(), "NX")
            value = self.call("GET", self.sequence_key)
        return int(value)

    def changes(self, after, upto):
        count = CHANGE_LOG_LENGTH if after is None else min(CHANGE_LOG_LENGTH, upto - after + CHANGE_READ_MARGIN)
        return changes_between(self.call("LRANGE", self.log_key, -count, -1), after, upto)

    def get(self, key):
        value = self.call("GET", self.prefix + key)
        return pickle.loads(value) if value is not None else None

    def set(self, key, value, timeout):
        self.call("SET", self.prefix + key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), "EX", max(1, int(timeout)))

    def redis_client(self):
        if self.client is None:
            self.client = redis.Redis.from_url(
                self.location, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
            )
        return self.client

    def note_urls(self, url, tags):
        """Add `url` to the CDN list of each of its tags (bounded: a tag past the bound is purged site-wide)."""
        pipeline = self.redis_client().pipeline(transaction=False)
        for tag in tags:
            pipeline.sadd(self.prefix + URLS_KEY + tag, url)
            pipeline.expire(self.prefix + URLS_KEY + tag, URL_LIST_SECONDS)
        pipeline.execute()

    def urls_for(self, tags):
        """The URLs stored with any of `tags` (emptied: a page rendered again adds itself back), or None when a list
        grew past its bound."""
        keys = [self.prefix + URLS_KEY + tag for tag in tags]
        pipeline = self.redis_client().pipeline(transaction=False)
        for key in keys:
            pipeline.scard(key)
        if any(size > URLS_PER_TAG for size in pipeline.execute()):
            return None
        pipeline = self.redis_client().pipeline(transaction=True)
        pipeline.sunion(keys)
        pipeline.delete(*keys)
        return {url.decode() for url in pipeline.execute()[0]}


class LocalStore:
    """Entries in the Django cache (local memory); the sequence number and the change log in files all processes on
    the machine share."""

    def __init__(self, path):
        self.path = Path(path)
        self.log_path = self.path.with_name(f"{self.path.name}.log")
        self.lock_path = self.path.with_name(f"{self.path.name}.lock")

    def sequence_and_entry(self, key):
        return self.sequence(), cache().get(key)

    def sequence(self):
        try:
            return int(self.path.read_text())
        except (FileNotFoundError, ValueError):
            with self.locked():
                if not self.path.exists():
                    self.write_sequence(sequence_base())
            return int(self.path.read_text())

    @contextlib.contextmanager
    def locked(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def write_sequence(self, sequence):
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(str(sequence))
        os.replace(temporary, self.path)  # atomic: readers see the old or the new number, never half of one

    def record(self, tags):
        with self.locked():
            try:
                sequence = int(self.path.read_text()) + 1
            except (FileNotFoundError, ValueError):
                sequence = sequence_base() + 1
            lines = self.log_lines()[-(CHANGE_LOG_LENGTH - 1) :] + [encode_change(sequence, tags)]
            temporary = self.log_path.with_name(f"{self.log_path.name}.{os.getpid()}.tmp")
            temporary.write_text("\n".join(lines) + "\n")
            os.replace(temporary, self.log_path)  # the log first: a reader that sees the number finds its entry
            self.write_sequence(sequence)
        return sequence

    def log_lines(self):
        try:
            return self.log_path.read_text().splitlines()
        except FileNotFoundError:
            return []

    def changes(self, after, upto):
        return changes_between(self.log_lines(), after, upto)

    def get(self, key):
        return cache().get(key)

    def set(self, key, value, timeout):
        cache().set(key, value, timeout=max(1, int(timeout)))

    def note_urls(self, url, tags):
        """Not kept without Redis: the CDN is purged by the computed URL list alone."""

    def urls_for(self, tags):
        return set()


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


def invalidate(tags):
    """Make every cached page and kept lookup that depends on `tags` stale. Called by the handlers in `invalidation`.

    Recorded now (so the rest of this request and the tests see it) and again after the transaction commits, so that
    a page rendered from the not-yet-committed state by another process in between is not kept either.
    """
    # Recorded even with the page cache off: `memo` keeps its lookups by the same log.
    tags = frozenset(tags)
    _record_or_note_failure(tags)
    transaction.on_commit(lambda: _record_or_note_failure(tags))


def _record_or_note_failure(tags):
    with contextlib.suppress(redis.RedisError, OSError):  # logged by the store; its next contact records everything
        store().record(tags)


def catch_up(sequence):
    """Bring this process's knowledge of the change log up to `sequence` (reads the log only when it moved)."""
    dependencies.tracker.catch_up(sequence, store().changes)


def is_current(entry):
    return entry["expires_at"] > time.time() and dependencies.tracker.is_fresh(entry["sequence"], entry["tags"])


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
    from registrations.models import RegistrationSettings

    now = now or timezone.now()
    local_now = timezone.localtime(now)
    tomorrow = local_now.date() + timedelta(days=1)
    candidates = [timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()), local_now.tzinfo)]

    events = EventPage.objects.filter(live=True)
    # One ordered query per field, each served by its index (a MIN with a filter reads every event).
    for field in ("start", "end"):
        candidates.append(events.filter(**{f"{field}__gt": now}).order_by(field).values_list(field, flat=True).first())
    # Registration opening or closing changes the event page's sign-up panel (closing defaults to the start).
    windows = RegistrationSettings.objects.filter(enabled=True, page__live=True).aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)), closes=Min("closes_at", filter=Q(closes_at__gt=now))
    )
    candidates += [windows["opens"], windows["closes"]]
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


def seconds_to_boundary(sequence):
    """Seconds until `next_boundary`, memoised in the cache per sequence number until the boundary itself."""
    key = f"boundary:{sequence}"
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


def freeze(response, sequence, tags, boundary_at, timeout):
    headers = [(name, value) for name, value in response.items() if name.lower() not in PER_RESPONSE_HEADERS]
    return {
        "sequence": sequence,
        "tags": frozenset(tags),
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


def not_modified(entry, environ):
    """Whether the visitor already holds the kept response: its ETag matches If-None-Match (weakly, as RFC 9110
    compares them for GET)."""
    etag = next((value for name, value in entry["headers"] if name.lower() == "etag"), None)
    wanted = parse_etags(environ.get("HTTP_IF_NONE_MATCH", ""))
    if etag is None or not wanted:
        return False
    return wanted == ["*"] or etag.removeprefix("W/") in {value.removeprefix("W/") for value in wanted}


def hit(entry, environ):
    """(status, headers, body) of a hit on `entry`: gzipped if the visitor accepts it, the CDN lifetime as of now;
    304 without a body when the visitor's If-None-Match names its ETag."""
    body, encoding = entry["content"], None
    if entry["gzip"] is not None and accepts_gzip(environ):
        body, encoding = entry["gzip"], [("Content-Encoding", "gzip")]
    headers = [(name, value) for name, value in entry["headers"] if name.lower() not in PER_HIT_HEADERS]
    if entry["status"] == 200 and not_modified(entry, environ):
        cache_control = ("Cache-Control", shared_cache_control(entry["boundary_at"], entry["max_age"]))
        return 304, [*headers, cache_control, ("X-Page-Cache", "hit")], b""
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
    """The entries this process served lately, so that a hit reads only the sequence number from the store.

    Every use is still checked against the changes up to the sequence number read on that request, so a held entry is
    never served after a change it depends on; it is also dropped at its own expiry (the next boundary). At most
    `limit` bytes, least recent out first.
    """

    def __init__(self, limit=HELD_BYTES):
        self.limit = limit
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    @staticmethod
    def weight(entry):
        return len(entry["content"]) + len(entry["gzip"] or b"")

    def get(self, key):
        """The held entry for `key` if it is still current (the tracker caught up with this request's sequence)."""
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if not is_current(entry):
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


LOOKUP = "caching.page_cache.lookup"  # in the WSGI environ: (cache key, sequence, entry), read once per request


def lookup(request, key):
    """(sequence, current entry or None) for `key`, read once per request: `portal.wsgi` reads it before Django's
    handler, and on a miss the middleware and `memo` reuse that read instead of asking the store again."""
    found = request.META.get(LOOKUP)
    if found is None or found[0] != key:
        found = (key, *_read(key))
        request.META[LOOKUP] = found
    return found[1], found[2]


def _read(key):
    """One round trip: the sequence number alone when this process holds the entry, else the number and the entry.

    A second one, for the new changes, only when the sequence number moved since this process last looked.
    """
    if key in held_entries.entries:
        sequence = store().sequence()
        catch_up(sequence)
        entry = held_entries.get(key)
        if entry is not None:
            return sequence, entry
    sequence, entry = store().sequence_and_entry(key)
    catch_up(sequence)
    if entry is None or not is_current(entry):
        return sequence, None
    held_entries.put(key, entry)
    return sequence, entry


def request_sequence(request):
    """The sequence number this request's page-cache look-up read, or None when it made none."""
    found = request.META.get(LOOKUP)
    return found[1] if found is not None else None


def current_entry(request):
    """The current stored entry for `request` if it is cacheable; None otherwise (Redis down too).

    `portal.wsgi` asks this before Django's handler runs, so a hit skips the middleware stack and the request signals.
    """
    if not enabled() or not is_cacheable_request(request):
        return None
    try:
        _sequence, entry = lookup(request, cache_key(request))
    except (redis.RedisError, OSError, DisallowedHost):
        return None
    return entry


def response_tags(collected):
    """The tags of a rendered response: what its lookups and its page recorded, the site-wide announcements every
    page shows, and any page at all for a response that is not a page (sitemap, search, feeds)."""
    tags = set(collected) | {dependencies.SITE_ANNOUNCEMENTS}
    if not collected.page_served:
        tags.add(dependencies.in_language(dependencies.ANY_PAGE, collected.language))
    return tags


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
            # The sequence number is read before rendering: a change during the render makes this render stale.
            sequence, entry = lookup(request, key)
        except (redis.RedisError, OSError):
            return self.get_response(request)  # Redis down (logged by the store): served uncached
        if entry is not None:
            return hit_response(entry, request)

        token = dependencies.start_collecting(translation.get_language_from_path(request.path_info))
        try:
            response = self.get_response(request)
        finally:
            collected = dependencies.stop_collecting(token)
        if request.method == "GET" and is_cacheable_response(response):
            with contextlib.suppress(redis.RedisError):  # logged by the store: the page is served, not kept
                self.store_response(request, key, response, sequence, response_tags(collected))
        return response

    def store_response(self, request, key, response, sequence, tags):
        to_boundary = seconds_to_boundary(sequence)
        timeout = min(settings.PAGE_CACHE_TIMEOUT, to_boundary)
        boundary_at = time.time() + to_boundary
        set_shared_cache_headers(response, boundary_at, browser_max_age=_max_age(response))
        patch_vary_headers(response, ["Accept-Encoding"])  # a hit may be gzipped: a CDN keeps one copy per encoding
        if timeout > 0:
            store().set(key, freeze(response, sequence, tags, boundary_at, timeout), timeout=timeout)
            if getattr(settings, "WAGTAILFRONTENDCACHE", None):
                store().note_urls(request.build_absolute_uri(), tags)
        response["X-Page-Cache"] = "miss"
