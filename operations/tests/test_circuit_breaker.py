"""The circuit breaker of operations/database against the real PostgreSQL: a pool that is only busy does not make the
next requests fail, a server that cannot be reached does."""

import pytest
from django.db import OperationalError, connection

from operations.database import base
from operations.tests.servers import free_port

# django.contrib.postgres looks a new connection's alias up in `connections`; the test database's own connection has
# no pool, so the pool and the breaker made under its alias here are the test's alone (both removed afterwards).
ALIAS = "default"


def wrapper(**changes):
    """A connection of production's backend to the test database, with a pool of one connection."""
    pool = {"min_size": 1, "max_size": 1, "timeout": 0.5}
    return base.DatabaseWrapper({**connection.settings_dict, "OPTIONS": {"pool": pool}, **changes}, ALIAS)


@pytest.fixture
def fresh_breaker():
    base.breakers.pop(ALIAS, None)
    yield
    base.breakers.pop(ALIAS, None)


def test_a_busy_pool_does_not_make_the_next_request_fail(db, fresh_breaker):
    holder, waiter = wrapper(), wrapper()
    try:
        holder.ensure_connection()  # the pool's only connection
        with pytest.raises(OperationalError, match="couldn't get a connection"):
            waiter.ensure_connection()  # waits the pool's 0.5 s: the database is up, only busy

        holder.close()  # back in the pool
        waiter.ensure_connection()  # at once, not "failed a moment ago"
        with waiter.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        waiter.close()
        holder.close()
        holder.close_pool()


def test_an_unreachable_server_makes_the_next_requests_fail_at_once(db, fresh_breaker, settings):
    settings.DATABASE_RETRY_SECONDS = 30
    unreachable = wrapper(HOST="127.0.0.1", PORT=free_port())  # nothing listens there
    try:
        with pytest.raises(OperationalError, match="couldn't get a connection"):
            unreachable.ensure_connection()
        with pytest.raises(OperationalError, match="failed a moment ago"):
            unreachable.ensure_connection()
    finally:
        unreachable.close_pool()
