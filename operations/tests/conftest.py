"""Fixtures of the operations tests that run real servers (servers.py)."""

import pytest
from django.db import connection

from operations.tests.servers import CuttableProxy, PrivateRedis


@pytest.fixture
def committed(transactional_db):
    """Committed data, so that gunicorn sees it; the rows of the migrations (root page, locale) are restored first."""


@pytest.fixture
def proxy(committed):
    settings = connection.settings_dict
    return CuttableProxy(settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    yield server
    server.stop()
