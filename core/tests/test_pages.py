"""Every page type renders for visitors with its content; hidden pages stay hidden."""

import re
from datetime import timedelta

import pytest
from wagtail.models import PageViewRestriction

from core.factories import StandardPageFactory
from events.factories import EventPageFactory, brussels
from programmes.factories import DegreeTypeFactory, ProgrammePageFactory
from programmes.models import ProgrammePage
from schools.factories import SchoolPageFactory


def make_private(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    return page


# --- Home, indexes and standard pages ------------------------------------------------------------------------------


def test_every_page_of_the_tree_renders(site_tree, visit):
    for name, page in vars(site_tree).items():
        response = visit(page)
        assert response.status_code == 200, name
        assert page.title in response.text, name


def test_home_page_shows_the_welcome_schools_and_next_events(site_tree, visit):
    page = visit("/en/")

    assert page.status_code == 200
    assert "Master's programmes, advanced masters and open days across our schools." in page.text
    assert "1 programme to choose from" in page.text
    assert page.links_to(site_tree.programme_index.url)
    assert page.links_to(site_tree.school.url)
    assert page.links_to(site_tree.event.url)


def test_programme_index_lists_the_programmes_of_every_school(site_tree, visit):
    other_school = SchoolPageFactory(parent=site_tree.school_index, title="Faculty of Medicine")
    biomedical = ProgrammePageFactory(parent=other_school, title="Master of Biomedical Sciences")

    page = visit(site_tree.programme_index)

    assert page.status_code == 200
    assert "2 programmes" in page.text
    assert page.links_to(site_tree.programme.url)
    assert page.links_to(biomedical.url)


def test_events_index_lists_upcoming_school_events(site_tree, visit):
    page = visit(site_tree.event_index)

    assert page.status_code == 200
    assert page.links_to(site_tree.event.url)


def test_school_index_lists_the_schools(site_tree, visit):
    SchoolPageFactory(parent=site_tree.school_index, title="Faculty of Medicine")

    page = visit(site_tree.school_index)

    assert page.status_code == 200
    assert "2 schools" in page.text
    assert "Faculty of Law" in page.text and "Faculty of Medicine" in page.text


def test_standard_page_shows_its_body(site_tree, visit):
    about = StandardPageFactory(parent=site_tree.home, title="About this portal")
    child = StandardPageFactory(parent=about, title="Accessibility statement")

    page = visit(about)

    assert page.status_code == 200
    assert "About this portal" in page.text
    assert "Who we are" in page.text
    assert "The portal lists the university's programmes and events." in page.text
    assert visit(child).status_code == 200


# --- School pages --------------------------------------------------------------------------------------------------


@pytest.fixture
def school(site_tree):
    """The Faculty of Law with two live programmes and three that visitors must never see."""
    school = site_tree.school
    ProgrammePageFactory(
        parent=school,
        title="Master of Tax Law",
        degree_type=DegreeTypeFactory(name="Master of Laws", abbreviation="LLM"),
    )
    ProgrammePageFactory(parent=school, title="Master of Draft Studies", live=False)
    ProgrammePageFactory(parent=school, title="Master of Withdrawn Studies").unpublish()
    make_private(ProgrammePageFactory(parent=school, title="Master of Secret Studies"))
    return school


def test_school_page_lists_its_live_programmes_with_their_count(school, visit):
    page = visit(school)

    assert page.status_code == 200
    assert "2 programmes" in page.text
    assert "Master of European Social Security" in page.text
    assert "Master of Tax Law" in page.text
    assert "LLM" in page.text


def test_a_school_pages_programme_card_shows_the_key_facts_and_links_to_the_programme(school, visit):
    tax_law = ProgrammePage.objects.get(title="Master of Tax Law")
    card = visit(school).soup.find("a", string="Master of Tax Law").find_parent("article")
    assert card.find("a")["href"] == tax_law.url
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in card.find_all("dt")}
    assert facts == {
        "Degree": "LLM",
        "ECTS": "120",
        "Duration": "24 months",
        "Mode": "On campus",
        "Language": "English",
        "Starts": "September",
    }
    assert card.find(class_="card__summary").get_text() == "Study Master of Tax Law in Leuven."


def test_school_page_omits_draft_unpublished_and_private_programmes(school, visit):
    html = visit(school).html

    for title in ("Master of Draft Studies", "Master of Withdrawn Studies", "Master of Secret Studies"):
        assert title not in html


def test_a_nested_facultys_programmes_count_for_its_school(school, visit):
    faculty = SchoolPageFactory(parent=school, title="Leuven Centre for Public Law")
    ProgrammePageFactory(parent=faculty, title="Master of Constitutional Law")

    page = visit(school)

    assert "3 programmes" in page.text
    assert "Master of Constitutional Law" in page.text


def test_school_page_lists_upcoming_events_and_not_past_ones(site_tree, visit):
    school = site_tree.school
    EventPageFactory(parent=school, title="Moot court final", start=brussels(3))
    EventPageFactory(parent=school, title="Last month's info session", start=brussels(-30))
    EventPageFactory(parent=school, title="Unannounced reception", live=False)
    make_private(EventPageFactory(parent=school, title="Staff briefing"))

    page = visit(school)

    assert "Upcoming events" in page.text
    assert "Moot court final" in page.text
    assert "Law open day" in page.text
    assert "Last month's info session" not in page.html
    assert "Unannounced reception" not in page.html
    assert "Staff briefing" not in page.html


def test_an_event_still_running_counts_as_upcoming(site_tree, visit):
    start = brussels(0, hour=0) - timedelta(days=1)
    EventPageFactory(parent=site_tree.school, title="Summer school", start=start, end=brussels(2))

    assert "Summer school" in visit(site_tree.school).text


def test_a_school_without_programmes_or_events_says_so(site_tree, visit):
    empty = SchoolPageFactory(parent=site_tree.school_index, title="Faculty of Theology")

    page = visit(empty)

    assert re.search(r"\b0 programmes\b", page.text)
    assert "Faculty of Theology has no upcoming events at the moment." in page.text


# --- Hidden pages --------------------------------------------------------------------------------------------------


def test_draft_pages_are_not_found(site_tree, visit):
    assert visit(StandardPageFactory(parent=site_tree.home, live=False)).status_code == 404
    assert visit(SchoolPageFactory(parent=site_tree.school_index, live=False)).status_code == 404


def test_an_unpublished_school_is_not_found_and_leaves_the_directory(site_tree, visit):
    site_tree.school.unpublish()

    assert visit(site_tree.school).status_code == 404
    assert site_tree.school.title not in visit(site_tree.school_index).html


def test_a_private_page_shows_only_the_password_form_to_visitors(site_tree, visit):
    secret = make_private(StandardPageFactory(parent=site_tree.home, title="Internal procedures"))

    page = visit(secret)

    assert page.soup.find("input", attrs={"type": "password"}) is not None
    assert "The portal lists the university's programmes and events." not in page.html


def test_a_private_school_is_not_in_the_directory_nor_on_the_home_page(site_tree, visit):
    make_private(SchoolPageFactory(parent=site_tree.school_index, title="Faculty of Secrets"))

    assert "Faculty of Secrets" not in visit(site_tree.school_index).html
    assert "Faculty of Secrets" not in visit(site_tree.home).html


def test_factories_alone_build_a_served_site(visit):
    """With no tree at all, the factories make a home page the site's root and the sections a page needs."""
    programme = ProgrammePageFactory()
    event = EventPageFactory()

    assert programme.url.startswith("/en/schools/")
    assert visit(programme).status_code == 200
    assert visit(event).status_code == 200
    assert visit("/en/").status_code == 200
    assert "Welcome to your new Wagtail site!" not in visit("/en/").html
