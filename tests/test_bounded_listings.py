"""School listings stay the same size however many schools and programmes there are: the home page shows the first
schools, the school directory is paged, and a school page shows its first programmes with a link to all of them."""

import pytest
from django.test import Client

from programmes.factories import ProgrammePageFactory
from programmes.wagtail_hooks import SCHOOL_PROGRAMMES
from schools.factories import SchoolPageFactory
from schools.models import SchoolIndexPage
from schools.wagtail_hooks import HOME_SCHOOLS


def school_titles(visit, page):
    return [link.get_text(strip=True) for link in visit(page).soup.select(".card--school .card__title a")]


@pytest.fixture
def many_schools(site_tree):
    for number in range(SchoolIndexPage.SCHOOLS_PER_PAGE + 1):
        SchoolPageFactory(parent=site_tree.school_index, title=f"School {number:02d}", slug=f"school-{number:02d}")
    return SchoolIndexPage.SCHOOLS_PER_PAGE + 2  # with the tree's own school


def test_the_home_page_shows_the_first_schools_by_name_and_links_to_all_of_them(site_tree, many_schools, visit):
    home = visit(site_tree.home)
    shown = ["Faculty of Law"] + [f"School {number:02d}" for number in range(HOME_SCHOOLS - 1)]  # by name
    assert school_titles(visit, site_tree.home) == shown
    link = home.soup.find("a", href=site_tree.school_index.url)
    assert link is not None and link.get_text(strip=True) == f"All {many_schools} schools"


def test_the_home_page_has_no_link_to_more_schools_when_it_shows_them_all(site_tree, visit):
    home = visit(site_tree.home)
    assert school_titles(visit, site_tree.home) == ["Faculty of Law"]
    assert "All 1 school" not in home.text


def test_the_school_directory_is_paged_with_links_between_pages(site_tree, many_schools, visit):
    first = visit(site_tree.school_index)
    assert f"{many_schools} schools" in first.text
    assert len(school_titles(visit, site_tree.school_index)) == SchoolIndexPage.SCHOOLS_PER_PAGE
    next_link = first.soup.find("a", rel="next")
    assert next_link["href"] == "?page=2"

    second = visit(site_tree.school_index.url + "?page=2")
    titles = [link.get_text(strip=True) for link in second.soup.select(".card--school .card__title a")]
    assert titles == ["School 23", "School 24"]
    assert second.soup.find("a", rel="prev") is not None


def test_a_page_number_past_the_end_shows_the_last_page_rather_than_an_error(site_tree, many_schools):
    response = Client().get(site_tree.school_index.url + "?page=99")
    assert response.status_code == 200
    assert "Page 2 of 2" in response.content.decode()


def test_a_school_page_shows_its_first_programmes_and_links_to_all_of_them_in_the_finder(site_tree, visit):
    school = site_tree.school
    for number in range(SCHOOL_PROGRAMMES):
        ProgrammePageFactory(parent=school, title=f"Master of Law {number:02d}", slug=f"law-{number:02d}")
    total = SCHOOL_PROGRAMMES + 1  # with the tree's own programme

    page = visit(school)
    titles = [link.get_text(strip=True) for link in page.soup.select(".card--programme .card__title a")]
    assert f"{total} programmes" in page.text
    # by name: "Master of European Social Security" first, then Master of Law 00 to 10; 11 is the thirteenth
    assert titles == [site_tree.programme.title] + [f"Master of Law {number:02d}" for number in range(11)]
    finder_url = f"{site_tree.programme_index.url}?school={school.pk}"
    link = page.soup.find("a", href=finder_url)
    assert link is not None
    assert link.get_text(strip=True) == f"All {total} programmes of Faculty of Law in the programme finder"
    finder = visit(finder_url)
    assert finder.soup.select_one(".finder__count").get_text(strip=True) == f"{total} programmes"


def test_a_school_with_few_programmes_lists_them_all_without_a_finder_link(site_tree, visit):
    page = visit(site_tree.school)
    assert site_tree.programme.title in page.text
    assert page.soup.find("a", href=f"{site_tree.programme_index.url}?school={site_tree.school.pk}") is None
