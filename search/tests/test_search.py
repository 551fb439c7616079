"""The site search at /search/ as a visitor sees it: results grouped by type, query terms marked, typos forgiven,
drafts and private pages never shown, and nothing written to the database."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from core.models import PortalSettings, StandardPage
from programmes.tests.finder_tree import HIDDEN_TITLES, add, build_finder_tree

SEARCH_URL = "/en/search/"


@pytest.fixture
def tree(db):
    tree = build_finder_tree()
    add(tree.home, StandardPage(title="Studying law in Leuven", slug="studying-law", summary="Why law, why here."))
    return tree


class SearchView:
    def __init__(self, params):
        self.response = Client().get(SEARCH_URL, params)
        self.status_code = self.response.status_code
        self.soup = BeautifulSoup(self.response.content.decode(), "html.parser")
        self.main = self.soup.find("main")
        self.text = " ".join(self.main.get_text(" ").split())

    @property
    def groups(self):
        """{group heading: [result titles]} in the order shown."""
        return {
            section.h2.get_text(strip=True): [" ".join(a.get_text().split()) for a in section.select("h3 a")]
            for section in self.main.select("section.search-group")
        }

    def result(self, title):
        for item in self.main.select("li.search-result"):
            if " ".join(item.h3.get_text().split()) == title:
                return item
        raise AssertionError(f"{title!r} is not among the results: {self.groups}")


def search(q, **extra):
    return SearchView({"q": q, **extra})


def test_results_are_grouped_by_type_in_a_fixed_order(tree):
    page = search("law")
    assert page.status_code == 200
    assert list(page.groups) == ["Programmes", "Schools", "Events", "Pages"]
    # The title match first, then the programmes whose subject or school is law (keywords weigh less than titles).
    assert page.groups["Programmes"] == [
        "Master of Laws in Energy Law",
        "Advanced Master of European Social Security",
        "Master of Public Sector Innovation and eGovernance",
    ]
    assert page.groups["Schools"] == ["Faculty of Law"]
    assert page.groups["Events"] == ["Law open day"]
    assert page.groups["Pages"] == ["Studying law in Leuven"]
    assert "6 results for “law”." in page.text


def test_groups_without_hits_are_left_out(tree):
    page = search("portal")
    assert page.groups == {"Pages": ["About the portal"]}


def test_each_group_shows_what_its_type_needs(tree):
    page = search("law")
    programme = page.result("Master of Laws in Energy Law")
    assert programme.find(class_="search-result__meta").get_text(strip=True) == "LLM · 60 ECTS · 12 months"
    assert programme.find("a")["href"] == tree.programmes["Master of Laws in Energy Law"].url
    event = page.result("Law open day")
    assert event.find(class_="search-result__meta").get_text(strip=True)  # when it takes place
    assert page.result("Faculty of Law").find(class_="search-result__summary").get_text() == "Law in Leuven."


def test_query_terms_are_marked_in_titles_and_summaries(tree):
    page = search("open day")
    event = page.result("Law open day")
    assert [mark.get_text() for mark in event.h3.find_all("mark")] == ["open", "day"]
    assert "Law <mark>open</mark> <mark>day</mark>" in str(event.h3)

    law = search("law").result("Faculty of Law")
    assert [mark.get_text() for mark in law.find_all("mark")] == ["Law", "Law"]  # title and summary


def test_marking_never_breaks_or_injects_markup(tree):
    page = search("amp law")  # "amp" must not be marked inside the &amp; of "Law & its students"
    summary = page.result("Law open day").find(class_="search-result__summary")
    assert "&amp;" in str(summary)
    assert "&<mark>" not in str(summary) and "<mark>amp</mark>" not in str(summary)
    assert summary.get_text() == "Meet the Faculty of Law & its students."

    sneaky = search("<b>law</b>")
    assert "<b>" not in str(sneaky.main.select_one("section.search-group"))


TYPOS = [
    ("biomedicl", "Programmes", "Master of Biomedical Sciences"),
    ("nursng", "Programmes", "Master of Nursing Online"),
    ("medecine", "Schools", "Faculty of Medicine"),
    ("facutly", "Schools", "Faculty of Law"),
]


def test_misspelled_terms_are_found(tree):
    for typo, group, title in TYPOS:
        page = search(typo)
        assert page.status_code == 200
        assert title in page.groups.get(group, []), f"{typo!r} does not find {title!r}: {page.groups}"


def test_biomedicl_finds_the_seeded_master_of_biomedical_sciences(db):
    call_command("load_demo", stdout=StringIO())
    page = search("biomedicl")
    assert "Master of Biomedical Sciences" in " ".join(page.groups["Programmes"])


def test_drafts_unpublished_and_private_pages_are_never_shown(tree):
    hidden_titles = [*HIDDEN_TITLES, "Law draft open day", "About the draft portal"]
    hidden_urls = [f"/{page.url_path.split('/', 2)[2]}" for page in [*tree.hidden.values(), tree.hidden_event,
                                                                      tree.hidden_page]]  # fmt: skip
    for q in ["draft", "withdrawn", "private biomedical research", "biomedical", "about", "open day"]:
        page = search(q)
        assert page.status_code == 200
        for title in hidden_titles:
            assert title not in page.text, f"{title!r} shown for {q!r}"
        for url in hidden_urls:
            assert not page.main.find("a", href=url), f"{url} linked for {q!r}"


def test_a_search_request_writes_nothing_to_the_database(tree):
    client = Client()
    for q in ["law", "biomedicl", "nothing-matches-this", ""]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SEARCH_URL, {"q": q, "page": "2"})
        assert response.status_code == 200
        if q:  # an empty search runs no query at all: everything else on the page is kept in memory
            assert queries.captured_queries, "the search really ran"
        writes = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE", "CREATE", "DROP"}
        ]
        assert writes == [], f"search for {q!r} wrote: {writes}"
    assert "sessionid" not in client.cookies


def test_programme_hits_lead_to_the_finder_with_the_same_search(tree):
    page = search("master")
    link = page.main.find("a", string=lambda text: text and "in the programme finder" in text)
    assert link["href"] == f"{tree.finder.url}?q=master"
    finder = BeautifulSoup(Client().get(link["href"]).content.decode(), "html.parser")
    assert "5 programmes for “master”" in finder.find(class_="finder__count").get_text()


def test_nothing_found_says_so_and_points_to_the_finder(tree):
    page = search("xylophone")
    assert page.status_code == 200
    assert page.groups == {}
    assert "Nothing matches “xylophone”." in page.text
    assert page.main.find("a", href=tree.finder.url, string="programme finder")


def test_an_empty_search_shows_just_the_form(tree):
    page = search("   ")
    assert page.status_code == 200
    assert page.groups == {}
    assert page.main.find("h1").get_text() == "Search"
    assert page.main.find("input", attrs={"name": "q"})
    assert "Nothing matches" not in page.text


def test_a_far_too_long_search_is_refused_with_a_message(tree):
    page = search("law " * 80)
    assert page.status_code == 400
    assert "Your search is too long. Please use at most 200 characters." in page.text
    assert page.groups == {}


def test_a_nul_byte_is_treated_as_a_space(tree):
    page = search("open\x00day")
    assert page.status_code == 200
    assert page.groups["Events"] == ["Law open day"]


def test_many_hits_are_capped_per_group_with_a_hint(tree):
    for n in range(12):
        add(tree.home, StandardPage(title=f"Portal notes {n:02d}", slug=f"portal-notes-{n}", summary="Notes."))
    page = search("portal")
    assert len(page.groups["Pages"]) == 10
    assert "Only the best 10 matches are shown. Add a word to narrow your search." in page.text


def test_settings_an_editor_saves_still_show_although_reading_pages_never_creates_them(tree, superuser_client):
    """Searching writes nothing because the site's settings row is no longer created by a page view; the first
    save in the admin creates it, and the pages show it."""
    assert "KU Leuven" in search("law").response.content.decode()  # the default organisation name
    assert not PortalSettings.objects.exists()
    url = f"/admin/settings/core/portalsettings/{Site.objects.get().pk}/"
    response = superuser_client.post(
        url, {"organisation_name": "Leuven University", "footer_text": "", "contact_email": ""}
    )
    assert response.status_code == 302
    assert PortalSettings.objects.get().organisation_name == "Leuven University"
    assert "Leuven University" in search("law").response.content.decode()
