"""Two app instances sharing one PostgreSQL and one Redis: a change made through one is what the other serves on its
very next request, although both had the page in their full-page cache."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from django.db import connection

from conftest import SUPERUSER_PASSWORD

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("PAGE_CACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
PORTS = tuple(int(port) for port in os.environ.get("PAGE_CACHE_TEST_PORTS", "8791,8792").split(","))


class Instance:
    """One gunicorn serving the test database with the page cache in the shared Redis."""

    def __init__(self, port, database_url):
        self.base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",  # unhashed static files: no collectstatic needed
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "PAGE_CACHE": "1",
            "LOG_LEVEL": "WARNING",
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [
            str(gunicorn),
            "portal.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/robots.txt", timeout=5)
                return
            except OSError:  # refused, reset or timed out while the instance starts
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the instance on port {port} did not start")

    def get(self, path):
        """An anonymous visitor's request (no cookies): (status, cache header, body)."""
        try:
            with urllib.request.urlopen(f"{self.base}{path}", timeout=10) as response:
                return response.status, response.headers.get("X-Page-Cache"), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("X-Page-Cache"), ""

    def post_form(self, path, data):
        """As the logged-in editor: fetch the form for its CSRF token, then submit it."""
        page = self.opener.open(f"{self.base}{path}", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(f"{self.base}{path}", data=body, headers={"Referer": f"{self.base}{path}"})
        return self.opener.open(request, timeout=30).status

    def log_in(self, username, password):
        self.post_form("/admin/login/", {"username": username, "password": password})

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)


@pytest.fixture
def instances(transactional_db):
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings = connection.settings_dict
    database_url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    started = []
    try:
        for port in PORTS:
            started.append(Instance(port, database_url))
        yield started
    finally:
        for instance in started:
            instance.stop()
        redis.Redis.from_url(REDIS_URL).flushdb()


def test_a_change_through_one_instance_is_served_by_the_other_at_once(site_tree, superuser, instances):
    first, second = instances
    programme_url, school_url = site_tree.programme.url, site_tree.school.url
    for instance in instances:
        for path in (programme_url, school_url):
            instance.get(path)
            status, cache, body = instance.get(path)
            assert (status, cache) == (200, "hit")
            assert site_tree.programme.title in body

    first.log_in(superuser.username, SUPERUSER_PASSWORD)
    first.post_form(f"/admin/pages/{site_tree.programme.pk}/unpublish/", {})

    assert second.get(programme_url)[0] == 404
    status, _cache, body = second.get(school_url)
    assert status == 200
    assert site_tree.programme.title not in body
