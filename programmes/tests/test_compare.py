"""Comparing programmes side by side at /programmes/compare/?ids=…, as a student sees the table."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from .finder_tree import HIDDEN_TITLES, build_finder_tree

COMPARE_URL = "/en/programmes/compare/"
BIOMED = "Master of Biomedical Sciences"
ENERGY = "Master of Laws in Energy Law"
NURSING = "Master of Nursing Online"
PHD = "Doctorate in Molecular Medicine"
BACHELOR = "Bachelor of Medicine"


@pytest.fixture
def tree(db):
    return build_finder_tree()


def ids(tree, *titles):
    pages = {**tree.programmes, **tree.hidden}
    return ",".join(str(pages[title].pk) for title in titles)


class Comparison:
    def __init__(self, query):
        self.response = Client().get(f"{COMPARE_URL}?{query}" if query else COMPARE_URL)
        self.status_code = self.response.status_code
        self.soup = BeautifulSoup(self.response.content.decode(), "html.parser")
        self.main = self.soup.find("main")
        self.text = " ".join(self.main.get_text(" ").split())
        self.table = self.main.find("table", class_="compare__table")

    @property
    def columns(self):
        return [th.get_text(strip=True) for th in self.table.thead.find_all("th")] if self.table else []

    def row(self, heading):
        """The cells of the row with this heading, as the text a reader sees."""
        th = self.table.tbody.find("th", string=heading)
        assert th is not None, f"no {heading!r} row"
        return [" ".join(td.get_text(" ").split()) for td in th.parent.find_all("td")]


def compare(tree, *titles, extra=""):
    return Comparison(f"ids={ids(tree, *titles)}{extra}")


def test_two_programmes_side_by_side_with_every_fact(tree):
    page = compare(tree, BIOMED, ENERGY)
    today = timezone.localdate()
    biomed_open, biomed_closed = today + timedelta(days=160), today + timedelta(days=-290)
    energy_closed = today + timedelta(days=-200)

    def shown(day):
        return f"{day.day} {day:%B %Y}"

    assert page.status_code == 200
    assert page.columns == [BIOMED, ENERGY]
    assert "2 programmes side by side" in page.text
    assert page.row("School") == ["Faculty of Medicine", "Faculty of Law"]
    assert page.row("Degree") == ["Master of Science (MSc)", "Master of Laws (LLM)"]
    assert page.row("ECTS credits") == ["120", "60"]
    assert page.row("Duration") == ["24 months", "12 months"]
    assert page.row("Study mode") == ["On campus, full time", "On campus, full time"]
    assert page.row("Teaching language") == ["English, Dutch", "English"]
    assert page.row("Starts") == ["September February", "September"]
    assert page.row("Application deadlines") == [
        f"{shown(biomed_open)} Open All applicants {shown(biomed_closed)} Closed All applicants",
        f"{shown(energy_closed)} Closed All applicants",
    ]
    biomed_fees, energy_fees = page.row("Tuition fees")
    assert "€1,156.60 per year EEA students" in biomed_fees and "€7,000 per year Non-EEA students" in biomed_fees
    assert energy_fees == "€3,500 per year All students"
    assert page.row("Language test minimums") == ["TOEFL iBT: 94", "–"]
    assert page.row("Qualifying degrees") == [
        "4 degrees give direct access: Bachelor in de biomedische wetenschappen (Leuven) "
        "Bachelor in de geneeskunde (Leuven) B3 (Leuven) and 1 more",
        "–",
    ]
    links = [a["href"] for a in page.table.thead.find_all("a")]
    assert links == [tree.programmes[BIOMED].url, tree.programmes[ENERGY].url]


def test_four_programmes_in_the_order_chosen(tree):
    page = compare(tree, NURSING, BIOMED, PHD, ENERGY)
    assert page.status_code == 200
    assert page.columns == [NURSING, BIOMED, PHD, ENERGY]
    assert "4 programmes side by side" in page.text
    assert page.row("ECTS credits") == ["90", "120", "240", "60"]
    assert page.row("Study mode")[0] == "Online, full time"
    assert page.row("Teaching language")[0] == "English, French"


def test_the_comparison_has_a_shareable_url_that_shows_the_same_table(tree):
    page = compare(tree, PHD, BIOMED, NURSING)
    link = page.main.find("p", class_="compare__share").find("a")
    assert link.get_text() == link["href"]
    shared = urlsplit(link["href"])
    assert shared.path == COMPARE_URL
    assert shared.query == f"ids={ids(tree, PHD, BIOMED, NURSING)}"

    again = Comparison(shared.query)

    assert again.status_code == 200
    assert again.columns == page.columns
    assert again.row("Tuition fees") == page.row("Tuition fees")


def test_ids_as_separate_parameters_and_repeats_count_once(tree):
    biomed, energy = tree.programmes[BIOMED].pk, tree.programmes[ENERGY].pk
    page = Comparison(f"ids={biomed}&ids={energy}&ids={biomed}")
    assert page.status_code == 200
    assert page.columns == [BIOMED, ENERGY]


def test_the_finder_compare_button_leads_to_the_comparison(tree):
    """Without JavaScript, ticking "Compare" and pressing the button submits the whole finder form to compare."""
    biomed, energy = tree.programmes[BIOMED].pk, tree.programmes[ENERGY].pk
    finder = BeautifulSoup(Client().get(f"{tree.finder.url}?ids={biomed}&ids={energy}").content, "html.parser")
    button = finder.find("button", attrs={"data-shortlist-compare": True})
    assert button["formaction"] == COMPARE_URL
    ticked = [box["value"] for box in finder.select("input[name=ids][checked]")]
    assert ticked == [str(biomed), str(energy)]

    page = Comparison(f"q=&sort=name&language=en&ids={ticked[0]}&ids={ticked[1]}")

    assert page.columns == [BIOMED, ENERGY]


def test_one_programme_is_refused_with_a_clear_message(tree):
    page = compare(tree, BIOMED)
    assert page.status_code == 400
    assert page.table is None
    assert "Choose at least 2 programmes to compare (at most 4)." in page.text
    assert page.main.find("a", href=tree.programmes[BIOMED].url)  # the one chosen, to go back to
    assert page.main.find("a", href=tree.finder.url, string="Back to the programme finder")


def test_more_than_four_programmes_are_refused_with_a_clear_message(tree):
    page = compare(tree, BIOMED, ENERGY, NURSING, PHD, BACHELOR)
    assert page.status_code == 400
    assert page.table is None
    assert "You chose 5 programmes. You can compare at most 4 at a time." in page.text


def test_bogus_ids_alone_are_refused(tree):
    for bogus in ["abc", "999999", "-1", "1.5", "%00", "١٢", "99999999999999999999999"]:
        page = Comparison(f"ids={bogus},{bogus}x")
        assert page.status_code == 400, bogus
        assert page.table is None
        assert "Some of the programmes in this link are not available (any more)" in page.text


def test_bogus_ids_beside_two_real_ones_are_left_out_with_a_notice(tree):
    page = compare(tree, BIOMED, ENERGY, extra=",abc,999999")
    assert page.status_code == 200
    assert page.columns == [BIOMED, ENERGY]
    assert "2 programmes in this link are not available any more and are left out." in page.text


def test_no_choice_explains_how_to_compare(tree):
    page = Comparison("")
    assert page.status_code == 200
    assert page.table is None
    assert "Choose 2 to 4 programmes to compare" in page.text
    assert "tick “Compare” on the programmes you are interested in" in page.text


def test_drafts_unpublished_and_private_programmes_are_never_shown(tree):
    for hidden in HIDDEN_TITLES:
        page = compare(tree, BIOMED, hidden, ENERGY)
        assert page.status_code == 200
        assert page.columns == [BIOMED, ENERGY]
        assert hidden not in page.response.content.decode()
        assert "1 programme in this link is not available any more and is left out." in page.text
        assert ids(tree, hidden) not in page.main.find("p", class_="compare__share").get_text()


def test_a_hidden_programme_does_not_make_up_a_pair(tree):
    page = compare(tree, BIOMED, *HIDDEN_TITLES)
    assert page.status_code == 400
    assert page.table is None
    for title in HIDDEN_TITLES:
        assert title not in page.response.content.decode()
    assert "not enough to compare" in page.text


def test_an_unpublished_school_is_never_named(tree):
    tree.medicine.unpublish()  # its programme pages stay live, as elsewhere on the site
    page = compare(tree, BIOMED, ENERGY)
    assert page.status_code == 200
    assert page.row("School") == ["–", "Faculty of Law"]
    assert "Faculty of Medicine" not in page.text


def test_the_comparison_only_answers_reads(tree):
    response = Client().post(f"{COMPARE_URL}?ids={ids(tree, BIOMED, ENERGY)}")
    assert response.status_code == 405
