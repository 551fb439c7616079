"""Every public page type, with Dutch active, shows the portal's own words in Dutch: no English text of the Dutch
catalogue (locale/nl/LC_MESSAGES/django.po) is left in what a visitor reads, and the Dutch words are there.

The pages are the demo site's. Until the Dutch page tree and its /nl/ URLs exist, Dutch is activated around each
request (`translation.override`; without LocaleMiddleware the request keeps it) and the content itself is the English
demo content, which is told apart from the interface by the content's own field values (`content_texts`).
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import Client
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from core.po import entries
from events.models import EventPage
from programmes.models import ProgrammePage
from schools.models import SchoolPage

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")
SHORTEST = 4  # shorter English words ("Menu", "Open") are often the same in Dutch or too common to look for
VISIBLE_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


def dutch_request(client, url):
    """One page in Dutch: `url` is a Dutch (/nl/) URL, whose prefix sets the language."""
    return client.get(url, HTTP_HOST="localhost")


def dutch(pages):
    """The pages of the Dutch tree."""
    return pages.filter(locale__language_code="nl")


def public_urls():
    """The URL of every public page type of the demo, plus the views that are not pages: search, compare, the
    finder and events listing with filters, the sign-up form and the 404 page.

    The one list to switch to the Dutch tree's URLs (/nl/...) when it exists."""
    pages = [page.url for page in dutch(Page.objects.live().filter(depth__gt=1)).specific()]
    programmes = list(dutch(ProgrammePage.objects.live()).order_by("pk").values_list("pk", flat=True))
    school = dutch(SchoolPage.objects.live()).order_by("depth").first()
    sign_up = dutch(EventPage.objects.live()).filter(registration_settings__isnull=False).order_by("start").first()
    return [
        *pages,
        "/nl/programmes/?q=public&sort=name",
        f"/nl/programmes/?school={school.pk}&open=yes&q=nothingmatcheszz",
        "/nl/programmes/?language=en&duration=up-to-12",
        f"/nl/programmes/compare/?ids={','.join(map(str, programmes[:3]))}",
        "/nl/programmes/compare/",
        f"/nl/events/?school={school.pk}&mode=online",
        "/nl/events/?mode=hybrid&school=999999",
        "/nl/search/?q=social",
        "/nl/search/?q=nothingmatcheszz",
        f"/nl/events/{sign_up.pk}/sign-up/",
        "/nl/no-such-page/",
    ]


def english_phrases():
    """The English text of every catalogue entry that Dutch writes differently, cut at its placeholders and tags:
    each piece long enough to be told apart from Dutch words."""
    phrases = set()
    for entry in entries(CATALOGUE.read_text(encoding="utf-8")):
        for english, dutch in zip([entry.msgid, entry.msgid_plural or entry.msgid], entry.msgstr, strict=False):
            if english == dutch:
                continue
            phrases |= {piece.strip() for piece in PLACEHOLDER.split(english) if len(piece.strip()) >= SHORTEST}
    return phrases


def content_texts():
    """Every text field value of the site's pages and snippets: what editors wrote, not the interface (English in
    the demo until the Dutch content exists)."""
    texts = set()
    for model in [*(type(page) for page in Page.objects.live().specific()), *get_snippet_models()]:
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        for row in model.objects.values_list(*fields):
            texts |= {value.strip() for value in row if isinstance(value, str) and value.strip()}
    return texts


def visible_texts(html):
    """The text nodes and the visible attribute values of a page, whitespace collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    page_language = soup.html.get("lang") if soup.html else None
    for other_language in soup.find_all(
        lambda tag: tag.name != "html" and tag.get("lang", page_language) != page_language
    ):
        other_language.decompose()  # the language switcher names each language in that language
    texts = [" ".join(text.split()) for text in soup.stripped_strings]
    texts += [" ".join(tag[name].split()) for name in VISIBLE_ATTRIBUTES for tag in soup.find_all(attrs={name: True})]
    return [text for text in texts if text]


def english_left(html, phrases, content):
    """The English interface text on a page: a text equal to a phrase, or a long phrase inside a text. A text equal to
    what editors wrote is theirs, and a phrase that editors also wrote is only looked for as a whole text."""
    in_content = {phrase for phrase in phrases if any(phrase in value for value in content)}
    long_phrases = [phrase for phrase in phrases if len(phrase) >= 20 and phrase not in in_content]
    found = set()
    for text in visible_texts(html):
        if text in content:
            continue
        found |= {phrase for phrase in long_phrases if phrase in text}
        if text in phrases:
            found.add(text)
    return found


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())


def test_the_catalogue_has_english_phrases_to_look_for():
    phrases = english_phrases()
    assert {"Upcoming events", "Key facts", "Skip to main content"} <= phrases
    assert "Menu" not in phrases  # the same word in Dutch


def test_the_check_finds_english_on_an_english_page(demo):
    english = Client().get("/en/", HTTP_HOST="localhost").content.decode()
    assert {"Skip to main content", "Upcoming events", "Find a programme"} <= english_left(
        english, english_phrases(), content_texts()
    )


def test_no_english_interface_text_on_dutch_pages(demo):
    client = Client()
    phrases, content = english_phrases(), content_texts()
    leftovers = {}
    for url in public_urls():
        response = dutch_request(client, url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        left = english_left(response.content.decode(), phrases, content)
        if left:
            leftovers[url] = sorted(left)
    assert leftovers == {}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("home", ["Naar de hoofdinhoud", "Zoek een opleiding", "Komende activiteiten", "Zoeken in het portaal"]),
        ("programme", ["Kerngegevens", "Studiepunten", "Onderwijstaal", "Aanvraagdeadlines", "Toelating"]),
        ("finder", ["Opleidingen filteren", "Sorteren op", "Vergelijken", "Filters toepassen"]),
        ("events", ["Activiteiten filteren", "Komende activiteiten", "Toevoegen aan agenda"]),
        ("school", ["Komende activiteiten", "Abonneren op deze agenda"]),
        ("sign-up", ["Uw naam", "Uw e-mailadres", "Hoe we met uw persoonsgegevens omgaan (privacyverklaring)"]),
        ("search", ["Zoekresultaten", "Opleidingen"]),
        ("not found", ["Pagina niet gevonden", "Naar de startpagina"]),
    ],
)
def test_dutch_pages_show_dutch_words(demo, kind, expected):
    urls = {
        "home": "/nl/",
        "programme": dutch(ProgrammePage.objects.live()).filter(deadlines__isnull=False).first().url,
        "finder": "/nl/programmes/",
        "events": "/nl/events/",
        "school": dutch(SchoolPage.objects.live()).order_by("depth").first().url,
        "sign-up": public_urls()[-2],
        "search": "/nl/search/?q=social",
        "not found": "/nl/no-such-page/",
    }
    texts = " | ".join(visible_texts(dutch_request(Client(), urls[kind]).content.decode()))
    for words in expected:
        assert words in texts, (kind, words)


ERROR_PAGES = {
    "/nl/test-errors/suspicious/": (400, "Dit adres is niet te begrijpen"),
    "/nl/test-errors/refuse/": (403, "Geen toegang"),
    "/nl/test-errors/crash/": (500, "Er ging iets mis"),
    "/nl/test-errors/database-down/": (503, "Tijdelijk niet beschikbaar"),
}


def test_error_pages_in_dutch(demo, settings):
    """400, 403, 500 and 503 (the last two rendered without the database) in Dutch, with their lang attribute."""
    settings.ROOT_URLCONF = "operations.tests.error_urls"
    client, phrases, content = Client(raise_request_exception=False), english_phrases(), content_texts()
    for url, (status, heading) in ERROR_PAGES.items():
        response = dutch_request(client, url)
        html = response.content.decode()
        assert response.status_code == status, url
        assert f"<h1>{heading}</h1>" in html, url
        assert english_left(html, phrases, content) == set(), url
    assert '<html lang="nl">' in dutch_request(client, "/nl/test-errors/crash/").content.decode()
