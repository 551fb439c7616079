"""Two languages: prefixed URLs, `/` by the visitor's language, one tree per language, the language switcher,
hreflang and the sitemap's alternates."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from core.factories import StandardPageFactory, translate
from programmes.factories import ProgrammePageFactory

HREFLANGS = {"en", "nl", "x-default"}


def head_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser").head


def alternates(response):
    """{hreflang: href} of the <head>'s alternate links."""
    return {link["hreflang"]: link["href"] for link in head_of(response).find_all("link", hreflang=True)}


def switcher(response):
    """{language: link} of the header's language switcher."""
    nav = BeautifulSoup(response.content.decode(), "html.parser").find("nav", class_="language-switcher")
    return {link["hreflang"]: link for link in nav.find_all("a")} if nav else {}


def absolute(url):
    return f"http://testserver{url}"


# --- `/` and the old URLs ------------------------------------------------------------------------------------------


def test_a_dutch_browser_is_sent_to_the_dutch_home_page(bilingual_tree):
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9,en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/nl/"


def test_any_other_browser_is_sent_to_the_english_home_page(bilingual_tree):
    for header in ("en-GB,en;q=0.9", "fr-BE,fr;q=0.9", ""):
        assert Client().get("/", HTTP_ACCEPT_LANGUAGE=header)["Location"] == "/en/"


def test_the_choice_in_the_switcher_beats_the_browser_language(bilingual_tree):
    client = Client()
    client.cookies["django_language"] = "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="nl")["Location"] == "/en/"
    client.cookies["django_language"] = "nl"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/nl/"


def test_the_language_redirect_is_never_kept_by_a_shared_cache(bilingual_tree, page_cache_on):
    first = Client().get("/", HTTP_ACCEPT_LANGUAGE="nl")
    second = Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert (first["Location"], second["Location"]) == ("/nl/", "/en/")
    for response in (first, second):
        assert {"Accept-Language", "Cookie"} <= {value.strip() for value in response["Vary"].split(",")}
        assert "private" in response["Cache-Control"]
        assert "X-Page-Cache" not in response


def test_the_query_string_survives_the_language_redirect(bilingual_tree):
    assert Client().get("/?utm_source=poster", HTTP_ACCEPT_LANGUAGE="nl")["Location"] == "/nl/?utm_source=poster"


def test_old_unprefixed_urls_redirect_permanently_to_their_english_form(bilingual_tree):
    tree = bilingual_tree.en
    old = tree.programme.url.removeprefix("/en")
    response = Client().get(old + "?ref=mail")
    assert response.status_code == 301 and response["Location"] == tree.programme.url + "?ref=mail"
    assert Client().get("/search/?q=law")["Location"] == "/en/search/?q=law"
    assert Client().get("/events/feed.ics")["Location"] == "/en/events/feed.ics"
    assert Client().get(old, follow=True).status_code == 200
    encoded = Client().get("/schools/caf%C3%A9/")
    assert encoded.status_code == 301 and encoded["Location"] == "/en/schools/caf%C3%A9/"


def test_admin_api_sitemap_and_robots_stay_unprefixed(bilingual_tree):
    client = Client()
    for url in ("/sitemap.xml", "/robots.txt", "/ooapi/v6/", "/healthz"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/en/admin/").status_code == 404
    assert client.get("/ooapi/v6/no-such-thing").status_code == 404  # not sent to /en/


def test_an_admin_page_that_is_not_found_stays_not_found(bilingual_tree, superuser_client):
    assert superuser_client.get("/admin/pages/999999/edit/").status_code == 404


def test_an_unknown_page_in_a_language_is_not_found(bilingual_tree):
    assert Client().get("/nl/no-such-page/").status_code == 404
    assert Client().get("/fr/").status_code in (301, 404)


# --- One tree per language -----------------------------------------------------------------------------------------


def test_each_language_serves_its_own_tree(bilingual_tree, visit):
    tree = bilingual_tree
    assert tree.home.url == "/nl/" and tree.en.home.url == "/en/"
    dutch = visit(tree.programme)
    assert dutch.status_code == 200 and "Master in de Europese sociale zekerheid" in dutch.text
    assert visit(tree.en.programme).status_code == 200


def test_listings_show_only_the_pages_of_their_language(bilingual_tree, visit):
    tree = bilingual_tree
    ProgrammePageFactory(parent=tree.en.school, title="English-only Master of Laws")
    english, dutch = visit(tree.en.programme_index), visit(tree.programme_index)
    assert "English-only Master of Laws" in english.text and "English-only Master of Laws" not in dutch.text
    assert "Master in de Europese sociale zekerheid" in dutch.text
    assert "Master in de Europese sociale zekerheid" not in english.text
    assert dutch.links_to(tree.programme.url) and not dutch.links_to(tree.en.programme.url)


def test_html_lang_is_the_language_of_the_page(bilingual_tree):
    for page, language in ((bilingual_tree.programme, "nl"), (bilingual_tree.en.programme, "en")):
        response = Client().get(page.url)
        assert f'<html lang="{language}">' in response.content.decode()
        assert response["Content-Language"] == language
    search = Client().get("/nl/search/?q=recht").content.decode()
    assert '<html lang="nl">' in search


# --- hreflang, canonical and OpenGraph -------------------------------------------------------------------------------


def page_pairs(tree):
    return [
        (tree.en.home, tree.home),
        (tree.en.programme_index, tree.programme_index),
        (tree.en.event_index, tree.event_index),
        (tree.en.school_index, tree.school_index),
        (tree.en.school, tree.school),
        (tree.en.programme, tree.programme),
        (tree.en.event, tree.event),
    ]


def test_hreflang_is_reciprocal_and_complete_on_every_page_type(bilingual_tree):
    standard = StandardPageFactory(parent=bilingual_tree.en.home, title="About", slug="about")
    pairs = [*page_pairs(bilingual_tree), (standard, translate(standard, title="Over"))]
    for english, dutch in pairs:
        expected = {"en": absolute(english.url), "nl": absolute(dutch.url), "x-default": absolute(english.url)}
        for page in (english, dutch):
            response = Client().get(page.url)
            assert response.status_code == 200, page.url
            assert alternates(response) == expected, page.url
            canonical = head_of(response).find("link", rel="canonical")["href"]
            assert canonical == absolute(page.url)


def test_a_page_in_one_language_has_no_hreflang_to_the_other(bilingual_tree):
    only_english = ProgrammePageFactory(parent=bilingual_tree.en.school, title="Master of Laws")
    assert alternates(Client().get(only_english.url)) == {}
    draft = translate(only_english, title="Master in de rechten", publish=False)
    assert alternates(Client().get(only_english.url)) == {}
    assert Client().get(draft.url).status_code == 404


def test_opengraph_names_the_locale_and_its_alternate(bilingual_tree):
    dutch = head_of(Client().get(bilingual_tree.programme.url))
    assert dutch.find("meta", property="og:locale")["content"] == "nl_BE"
    assert [tag["content"] for tag in dutch.find_all("meta", property="og:locale:alternate")] == ["en_GB"]
    only_english = ProgrammePageFactory(parent=bilingual_tree.en.school, title="Master of Laws")
    english = head_of(Client().get(only_english.url))
    assert english.find("meta", property="og:locale")["content"] == "en_GB"
    assert english.find_all("meta", property="og:locale:alternate") == []


def test_search_and_compare_have_alternates_in_both_languages(bilingual_tree):
    response = Client().get("/nl/search/?q=recht")
    assert alternates(response) == {
        "en": absolute("/en/search/"),
        "nl": absolute("/nl/search/"),
        "x-default": absolute("/en/search/"),
    }


# --- The language switcher -----------------------------------------------------------------------------------------


def test_the_switcher_goes_to_the_translation(bilingual_tree):
    tree = bilingual_tree
    links = switcher(Client().get(tree.en.programme.url))
    assert links["nl"]["href"] == tree.programme.url and links["nl"]["lang"] == "nl"
    assert links["en"]["href"] == tree.en.programme.url and links["en"]["aria-current"] == "true"
    assert "aria-current" not in links["nl"].attrs
    back = switcher(Client().get(tree.programme.url))
    assert back["en"]["href"] == tree.en.programme.url and back["nl"]["aria-current"] == "true"


def test_without_a_translation_the_switcher_goes_to_the_nearest_translated_page_above(bilingual_tree):
    tree = bilingual_tree
    only_english = ProgrammePageFactory(parent=tree.en.school, title="Master of Laws")
    links = switcher(Client().get(only_english.url))
    assert links["nl"]["href"] == tree.school.url  # its school, translated
    assert Client().get(links["nl"]["href"]).status_code == 200


def test_without_any_translated_page_above_the_switcher_goes_to_the_home_page(bilingual_tree):
    tree = bilingual_tree
    about = StandardPageFactory(parent=tree.en.home, title="About", slug="about")
    team = StandardPageFactory(parent=about, title="Team", slug="team")
    assert switcher(Client().get(team.url))["nl"]["href"] == "/nl/"


def test_the_switcher_keeps_the_finder_query(bilingual_tree):
    response = Client().get(bilingual_tree.en.programme_index.url + "?q=social&level=master")
    assert switcher(response)["nl"]["href"] == bilingual_tree.programme_index.url + "?q=social&level=master"


def test_the_switcher_on_views_that_are_not_pages(bilingual_tree):
    links = switcher(Client().get("/en/search/?q=law"))
    assert links["nl"]["href"] == "/nl/search/?q=law"
    links = switcher(Client().get("/nl/programmes/compare/?ids=1"))
    assert links["en"]["href"] == "/en/programmes/compare/?ids=1"


def test_the_switcher_on_a_missing_page_goes_to_the_home_pages(bilingual_tree):
    response = Client().get("/nl/no-such-page/")
    assert response.status_code == 404
    assert {code: link["href"] for code, link in switcher(response).items()} == {"en": "/en/", "nl": "/nl/"}


def test_a_portal_in_one_language_shows_no_switcher(site_tree):
    assert switcher(Client().get(site_tree.programme.url)) == {}


# --- Sitemap -------------------------------------------------------------------------------------------------------

SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap_entries():
    from xml.etree import ElementTree

    root = ElementTree.fromstring(Client().get("/sitemap.xml").content)
    entries = {}
    for url in root.findall("sm:url", SITEMAP):
        links = url.findall("xhtml:link", SITEMAP)
        entries[url.find("sm:loc", SITEMAP).text] = {link.get("hreflang"): link.get("href") for link in links}
    return entries


def test_the_sitemap_lists_both_languages_with_their_alternates(bilingual_tree):
    only_english = ProgrammePageFactory(parent=bilingual_tree.en.school, title="Master of Laws")
    entries = sitemap_entries()
    for english, dutch in page_pairs(bilingual_tree):
        expected = {"en": absolute(english.url), "nl": absolute(dutch.url), "x-default": absolute(english.url)}
        assert entries[absolute(english.url)] == expected
        assert entries[absolute(dutch.url)] == expected
    assert entries[absolute(only_english.url)] == {}


@pytest.mark.django_db
def test_locales_exist_for_both_languages():
    from wagtail.models import Locale

    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"en", "nl"}


def test_the_page_password_form_posts_to_the_throttled_view_in_every_language():
    from django.urls import resolve, reverse
    from django.utils import translation

    from security import page_passwords

    for language in ("en", "nl"):
        with translation.override(language):
            url = reverse("wagtailcore_authenticate_with_password", args=[1, 2])
            assert url.startswith(f"/{language}/")
            assert resolve(url).func is page_passwords.authenticate_with_password
