"""A page-cache miss is gzipped when the client accepts it; nothing that may hold a secret is (BREACH)."""

import gzip

from django.test import Client


def test_a_miss_and_a_hit_are_both_gzipped_for_a_client_that_accepts_it(site_tree, page_cache_on):
    client = Client()
    miss = client.get("/en/programmes/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    hit = client.get("/en/programmes/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert b"</html>" in gzip.decompress(response.content)
    plain = client.get("/en/programmes/")
    assert "Content-Encoding" not in plain and b"</html>" in plain.content  # the cache kept the plain body too


def test_a_miss_with_the_page_cache_off_is_gzipped(site_tree, settings):
    settings.PAGE_CACHE_ENABLED = False
    response = Client().get("/en/programmes/?q=law", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_signed_in_pages_and_responses_with_cookies_are_not_compressed(site_tree, page_cache_on, django_user_model):
    login_page = Client().get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")  # a CSRF token and its cookie
    assert login_page.status_code == 200 and "Content-Encoding" not in login_page

    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "x" * 12))
    for url in ("/admin/", "/en/programmes/"):
        response = editor.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200 and "Content-Encoding" not in response, url
