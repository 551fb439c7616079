"""The feed in the page cache (a real Redis): a repeated request is a hit, and publishing, unpublishing or moving a
programme renews every feed response at once (they depend on `pages`, like the sitemap)."""

import os

import pytest
import redis
from django.test import Client

from caching import page_cache
from core.factories import publish
from programmes.factories import ProgrammePageFactory

from .conformance import BASE

REDIS_URL = os.environ.get("PAGE_CACHE_DEPENDENCY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def cached(site_tree, settings, monkeypatch):
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.CACHES = {"default": {"BACKEND": "caching.resilient_cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
    settings.PAGE_CACHE_ENABLED = True
    monkeypatch.setattr(page_cache, "_stores", {})
    yield site_tree
    redis.Redis.from_url(REDIS_URL).flushdb()


def get(path):
    return Client().get(BASE + path)


def names(response):
    return [item["name"][0]["value"] for item in response.json()["items"]]


def test_feed_responses_are_kept_and_renewed_when_a_programme_changes(cached):
    programme = cached.programme
    urls = [
        "/programmes",
        f"/programmes/{programme.translation_key}",
        f"/organisations/{cached.school.translation_key}/programmes",
    ]
    for url in urls:
        assert get(url)["X-Page-Cache"] == "miss"
        hit = get(url)
        assert (hit.status_code, hit["X-Page-Cache"]) == (200, "hit")
        assert "s-maxage" in hit["Cache-Control"] and hit["ETag"]

    programme.title = "Master of Comparative Social Security"
    publish(programme)
    for url in urls:
        response = get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Master of Comparative Social Security" in response.content.decode()

    programme.unpublish()
    assert names(get("/programmes")) == []
    assert get(f"/programmes/{programme.translation_key}").status_code == 404


def test_a_new_programme_appears_in_the_kept_list(cached):
    assert names(get("/programmes")) == ["Master of European Social Security"]
    assert get("/programmes")["X-Page-Cache"] == "hit"
    ProgrammePageFactory(parent=cached.school, title="Master of Tax Law")
    assert names(get("/programmes")) == ["Master of European Social Security", "Master of Tax Law"]


def test_problems_are_never_kept(cached):
    for _ in range(2):
        response = get("/programmes?pageSize=7")
        assert response.status_code == 400 and response.get("X-Page-Cache") is None


def test_a_kept_response_answers_304_to_a_visitor_holding_it(cached):
    get("/programmes")
    hit = get("/programmes")
    assert hit["X-Page-Cache"] == "hit"
    again = Client().get(BASE + "/programmes", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert (again.status_code, again["X-Page-Cache"], again.content) == (304, "hit", b"")
    assert again["ETag"] == hit["ETag"] and "s-maxage" in again["Cache-Control"]
    other = Client().get(BASE + "/programmes", HTTP_IF_NONE_MATCH='"an-older-version"')
    assert (other.status_code, other["X-Page-Cache"]) == (200, "hit")
    assert other.json()["items"]
