"""Outages of PostgreSQL and Redis, against a real gunicorn.

The shared services are never stopped: PostgreSQL is reached through a TCP proxy that the test cuts (new connections
refused, open ones dropped, as when the server goes down) and restores; Redis is a private redis-server on a free
port, stopped, hung (SIGSTOP) and started again.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from caching import page_cache

BASE_DIR = Path(__file__).resolve().parents[2]
STACK_TRACE_MARKERS = ["Traceback", 'File "/', "OperationalError", "psycopg"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s: {what}")


class CuttableProxy:
    """Forwards a local port to the real PostgreSQL until `cut()`; `restore()` listens on the same port again."""

    def __init__(self, host, port):
        self.target = (host, port)
        self.port = free_port()
        self.lock = threading.Lock()
        self.open_sockets = set()
        self.listening = None
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self.listening = threading.Event()
        self.listening.set()
        threading.Thread(target=self._accept, args=(listener, self.listening), daemon=True).start()

    def cut(self):
        self.listening.clear()
        with self.lock:
            sockets, self.open_sockets = self.open_sockets, set()
        for sock in sockets:
            self._close(sock)
        time.sleep(0.3)  # the accept loop has noticed and closed the listening socket

    def _accept(self, listener, listening):
        with listener:
            while listening.is_set():
                try:
                    client, _address = listener.accept()
                except TimeoutError:
                    continue
                try:
                    upstream = socket.create_connection(self.target, timeout=5)
                except OSError:
                    client.close()
                    continue
                for sock in (client, upstream):
                    sock.settimeout(None)
                with self.lock:
                    self.open_sockets |= {client, upstream}
                threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
                threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        self._close(source)
        self._close(sink)

    @staticmethod
    def _close(sock):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


class PrivateRedis:
    """A redis-server of the test's own on a free port, without persistence."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self.answers, 10, "redis-server starts")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case a test left it hung
            self.process.terminate()
            self.process.wait(timeout=10)


class Gunicorn:
    """The portal served by a real gunicorn with two workers."""

    def __init__(self, database_url, **env):
        self.base = f"http://127.0.0.1:{free_port()}"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "operations.tests.outage_settings",
            "DATABASE_URL": database_url,
            "DATABASE_POOL_TIMEOUT": "2",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        if "REDIS_URL" not in env:
            environment.pop("REDIS_URL", None)  # the local-memory cache
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi",
            "--workers",
            "2",
            "--timeout",
            "20",
            "--bind",
            self.base.removeprefix("http://"),
        ]
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=environment, start_new_session=True, stderr=subprocess.DEVNULL
        )
        wait_until(lambda: self.get("/robots.txt")[0] == 200, 30, "gunicorn starts")

    def get(self, path):
        """(status, headers, body) of an anonymous request."""
        try:
            with urllib.request.urlopen(f"{self.base}{path}", timeout=15) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()
        except OSError:
            return None, {}, ""

    def health(self):
        status, _headers, body = self.get("/healthz")
        return status, json.loads(body)

    def workers(self):
        """The pids of the master's worker processes."""
        pids = set()
        for entry in Path("/proc").iterdir():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid:
                pids.add(int(entry.name))
        return pids

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=15)


def database_url(port=None):
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@127.0.0.1:{port or settings['PORT']}/{settings['NAME']}"


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


def assert_styled_503(status, headers, body):
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Temporarily unavailable" in body
    assert 'class="site-header"' in body
    assert not any(marker in body for marker in STACK_TRACE_MARKERS)


def test_with_postgresql_down_the_site_answers_503_and_recovers_by_itself(site_tree, proxy):
    server = Gunicorn(database_url(proxy.port))
    try:
        page = site_tree.programme.url
        assert server.get(page)[0] == 200
        assert server.health() == (200, {"status": "ok", "database": "ok", "cache": "local"})
        workers = server.workers()
        assert len(workers) == 2

        proxy.cut()
        # The programme page was served before the cut: a worker that keeps it may still serve it. A page no worker
        # has served yet needs the database.
        for _ in range(3):  # enough requests to reach both workers
            started = time.monotonic()
            assert_styled_503(*server.get(site_tree.event.url))
            assert time.monotonic() - started < 10, "a request waits for the pool's timeout, not for gunicorn's"
        assert_styled_503(*server.get("/events/"))
        assert server.health() == (503, {"status": "down", "database": "down", "cache": "local"})
        assert server.workers() == workers, "no worker crashed or was killed"

        proxy.restore()
        # Each worker's pool reconnects in the background with a growing back-off (psycopg_pool), so one worker
        # may answer again a few seconds before the other: wait until a run of requests (both workers) succeeds.
        restored = time.monotonic()
        wait_until(lambda: all(server.get(page)[0] == 200 for _ in range(6)), 90, "both workers serve pages again")
        print(f"\nPostgreSQL back: every worker serving again after {time.monotonic() - restored:.1f}s")
        status, _headers, body = server.get(page)
        assert status == 200 and site_tree.programme.title in body
        assert server.health()[0] == 200
        assert server.workers() == workers
    finally:
        server.stop()
        proxy.cut()


def test_with_redis_down_pages_are_served_uncached_and_healthz_says_degraded(committed, site_tree, private_redis):
    server = Gunicorn(database_url(), REDIS_URL=private_redis.url, PAGE_CACHE="1")
    try:
        page = site_tree.programme.url
        server.get(page)
        status, headers, _body = server.get(page)
        assert (status, headers["X-Page-Cache"]) == (200, "hit")
        assert server.health() == (200, {"status": "ok", "database": "ok", "cache": "ok"})

        private_redis.stop()
        for path in (page, site_tree.school.url, "/events/", "/"):
            status, headers, body = server.get(path)
            assert status == 200, path
            assert headers["X-Page-Cache"] is None, "served uncached"
        assert server.health() == (200, {"status": "degraded", "database": "ok", "cache": "down"})

        private_redis.start()
        wait_until(lambda: server.get(page)[1]["X-Page-Cache"] == "hit", 30, "the page cache is used again")
        assert server.health() == (200, {"status": "ok", "database": "ok", "cache": "ok"})
    finally:
        server.stop()


def test_redis_at_a_dead_port_still_serves_every_page(committed, site_tree):
    server = Gunicorn(database_url(), REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", PAGE_CACHE="1")
    try:
        for path in (site_tree.programme.url, site_tree.school.url, "/events/", "/", "/sitemap.xml"):
            status, _headers, _body = server.get(path)
            assert status == 200, path
        assert server.health() == (200, {"status": "degraded", "database": "ok", "cache": "down"})
    finally:
        server.stop()


@pytest.fixture
def redis_page_cache(settings, private_redis, monkeypatch):
    settings.CACHES = {
        "default": {"BACKEND": "caching.resilient_cache.ResilientRedisCache", "LOCATION": private_redis.url}
    }
    settings.PAGE_CACHE_ENABLED = True
    monkeypatch.setattr(page_cache, "_stores", {})
    monkeypatch.setattr(page_cache, "RETRY_SECONDS", 0.5)
    return private_redis


def test_a_page_unpublished_while_redis_hung_is_not_served_from_the_old_cache_afterwards(
    site_tree, redis_page_cache, caplog
):
    programme = site_tree.programme
    Client().get(programme.url)
    assert Client().get(programme.url)["X-Page-Cache"] == "hit"

    redis_page_cache.process.send_signal(signal.SIGSTOP)  # hung: requests time out, the cached entries survive
    try:
        programme.unpublish()  # cannot record the change in the page-cache log now
        response = Client().get(programme.url)
        assert response.status_code == 404
        assert "Page cache unavailable" in caplog.text
    finally:
        redis_page_cache.process.send_signal(signal.SIGCONT)

    time.sleep(0.6)  # past RETRY_SECONDS: the page cache tries Redis again
    response = Client().get(programme.url)
    assert response.status_code == 404, "the entry cached before the outage was not served"
    assert response.get("X-Page-Cache") is None


def test_healthz_answers_json_uncached(site_tree, settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "generation"
    settings.ALLOWED_HOSTS = ["portal.example.org", "10.0.0.7"]
    for _ in range(2):
        response = Client().get("/healthz", HTTP_HOST="10.0.0.7")  # a load balancer probing by a listed address
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}
        assert "no-store" in response["Cache-Control"]
        assert not response.has_header("X-Page-Cache")
    assert Client().post("/healthz", HTTP_HOST="10.0.0.7").status_code == 405
