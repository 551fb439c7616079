"""Django's Redis cache, except that Redis being unreachable is a logged warning and a cache miss, never a 500.

Everything the site caches (Wagtail's site root paths and image renditions among others) can be recomputed, so
while Redis is down reads miss and writes are dropped. Counters (`incr`/`decr`, the sign-up rate limit's) fail open:
they answer `delta`, as for a count just started, so an outage lifts the limit rather than refusing everyone. Short
socket timeouts keep a hung Redis from stalling requests; after a failure Redis is left alone for `RETRY_SECONDS` (one warning, not one per call).
"""

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._down_until = 0.0

    def _attempt(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except redis.RedisError as error:
            self._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning("Cache unavailable, carrying on uncached for %ss: %s", RETRY_SECONDS, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._attempt("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._attempt("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._attempt("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("touch", False, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._attempt("incr", delta, key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._attempt("decr", -delta, key, delta, version)

    def delete(self, key, version=None):
        return self._attempt("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._attempt("delete_many", None, keys, version)

    def clear(self):
        return self._attempt("clear", False)
