"""Django's PostgreSQL backend with a circuit breaker, so that a database outage costs each request milliseconds.

Without it, every request that needs the database waits for the connection pool's timeout while PostgreSQL is down,
and with a few sync workers that queue holds up the requests that need no database at all (cached pages, static
files). With it, a failed connection opens the breaker of this process: for `DATABASE_RETRY_SECONDS` every further
connection attempt fails at once (the styled 503 of operations/health.py), then one request probes the database
with a direct connection (`PROBE_CONNECT_TIMEOUT` at most) while the others keep failing fast. When the probe gets
through, the pool is replaced by a fresh one, which connects at once instead of waiting for the old pool's growing
back-off: pages come back within about `DATABASE_RETRY_SECONDS` of the database.

Each process has its own breaker, so each worker waits for the pool once at the start of an outage.

What trips it: a failure to connect, except a pool timeout while PostgreSQL takes a direct connection (the pool's
connections were all busy, with threaded workers: the database is up). Otherwise it cannot tell an unreachable server
from a refused login: psycopg reports a refused, reset or timed-out connection, a failed password, an unknown database
and "too many clients" alike, as an OperationalError without SQLSTATE whose only difference is libpq's (translated)
message text. In each of those no request of this process can get a connection, so failing fast for a second is what
the visitor would get anyway. The first failure is logged with its real reason (django.request); the fast failures
after it say only that connecting failed a moment ago.
"""

import threading
import time

from django.conf import settings
from django.db.backends.postgresql import base
from psycopg_pool import PoolTimeout

DEFAULT_RETRY_SECONDS = 1.0
PROBE_CONNECT_TIMEOUT = 2  # seconds; libpq's smallest


class CircuitBreaker:
    """Closed while connections succeed; after a failure open for `interval` seconds, then one probe at a time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tripped = False
        self.closed_until = 0.0  # while tripped: the monotonic time of the next probe

    def claim(self, interval):
        """'connect' (closed), 'probe' (this caller tests the database) or 'refuse' (fail fast)."""
        with self.lock:
            if not self.tripped:
                return "connect"
            now = time.monotonic()
            if now < self.closed_until:
                return "refuse"
            self.closed_until = now + interval  # the others keep failing fast while this probe runs
            return "probe"

    def failed(self, interval):
        with self.lock:
            self.tripped = True
            self.closed_until = time.monotonic() + interval

    def succeeded(self):
        with self.lock:
            self.tripped = False


breakers = {}  # alias -> CircuitBreaker, per process
breakers_lock = threading.Lock()


def breaker_for(alias):
    with breakers_lock:
        return breakers.setdefault(alias, CircuitBreaker())


class DatabaseWrapper(base.DatabaseWrapper):
    def retry_seconds(self):
        return float(getattr(settings, "DATABASE_RETRY_SECONDS", DEFAULT_RETRY_SECONDS))

    def get_new_connection(self, conn_params):
        breaker = breaker_for(self.alias)
        state = breaker.claim(self.retry_seconds())
        if state == "refuse":
            raise self.Database.OperationalError(
                "Connecting to the database failed a moment ago; not trying again yet."
            )
        try:
            if state == "probe" and self.pool:
                self.probe(conn_params)
            connection = super().get_new_connection(conn_params)
        except self.Database.Error as error:
            if not self.pool_was_busy(error, conn_params):
                breaker.failed(self.retry_seconds())
            raise
        breaker.succeeded()
        return connection

    def connect_directly(self, conn_params):
        self.Database.connect(**{**conn_params, "connect_timeout": PROBE_CONNECT_TIMEOUT}).close()

    def probe(self, conn_params):
        """Connect once outside the pool; on success start a fresh pool (the old one may be backing off)."""
        self.connect_directly(conn_params)
        self.close_pool()

    def pool_was_busy(self, error, conn_params):
        """A pool timeout while PostgreSQL takes a direct connection: every pooled connection was in use (threads),
        the database is up, and this request's error is no reason to fail the next ones."""
        if not isinstance(error, PoolTimeout):
            return False
        try:
            self.connect_directly(conn_params)
        except self.Database.Error:
            return False
        return True
