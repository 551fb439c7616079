"""The programme finder as a student uses it: the form on /programmes/ submitted without JavaScript, read back from
the rendered page (result count, result cards, facet counts, sort order, pagination, empty state)."""

from datetime import timedelta
from io import StringIO
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caching.memo import forget_all
from core.factories import publish
from programmes.finder import PER_PAGE, site_catalogue
from programmes.models import (
    ApplicationDeadline,
    Intake,
    ProgrammeIndexPage,
    ProgrammePage,
    SubjectArea,
    TeachingLanguage,
)

from .finder_tree import HIDDEN_TITLES, Level, Mode, add, add_programme, build_finder_tree, make_home, snippets

# Pinned: SQL queries for one finder request, the same whatever the number of programmes. Update knowingly.
FINDER_QUERIES = {
    "plain, after a change": 19,  # with the next expiry of a live page (caching/memo.py)
    "plain, repeated": 0,
    # A text query: the search index's three indexed look-ups (candidate words by trigram, the words, their postings);
    # the catalogue's rows decide which matches this visitor may see, without a query.
    "query, facets and sort, after a change": 22,
    "query, facets and sort, repeated": 3,
}
# The first finder request after one programme was published: the next expiry and that programme's row read again
# (its facts, subjects, languages, intakes, deadlines); no other row, and not the finder page itself (routing keeps it).
FINDER_QUERIES_AFTER_A_PUBLISH = 6

ADVM = "Advanced Master of European Social Security"
ENERGY = "Master of Laws in Energy Law"
EGOV = "Master of Public Sector Innovation and eGovernance"
BIOMED = "Master of Biomedical Sciences"
BACHELOR = "Bachelor of Medicine"
PHD = "Doctorate in Molecular Medicine"
NURSING = "Master of Nursing Online"
ALL = {ADVM, ENERGY, EGOV, BIOMED, BACHELOR, PHD, NURSING}
LAW_PROGRAMMES = {ADVM, ENERGY, EGOV}
MEDICINE_PROGRAMMES = {BIOMED, BACHELOR, PHD, NURSING}


@pytest.fixture
def tree(db):
    return build_finder_tree()


class FinderView:
    """The finder page as rendered for one query string."""

    def __init__(self, url, params=()):
        self.params = list(params)
        self.response = Client().get(f"{url}?{urlencode(self.params)}" if self.params else url)
        self.url = url
        self.status_code = self.response.status_code
        self.soup = BeautifulSoup(self.response.content.decode(), "html.parser")
        self.form = self.soup.find("form", class_="finder")
        main = self.soup.find("main")
        self.text = " ".join(main.get_text(" ").split())

    @property
    def total(self):
        """The number in the results heading, e.g. 3 in "3 programmes for “law”"."""
        return int(self.soup.find(class_="finder__count").get_text().split()[0])

    @property
    def titles(self):
        return [" ".join(link.get_text().split()) for link in self.soup.select("ol.finder__list .card__title a")]

    def options(self, key=None):
        """Every facet option as (facet, value, label, count text, checked)."""
        found = []
        for box in self.form.select("input[type=checkbox][data-finder-facet]"):
            if key and box["name"] != key:
                continue
            label = self.form.find("label", attrs={"for": box["id"]})
            count = label.find(class_="facet__count").contents[0].strip()
            name = label.contents[0].strip()
            found.append((box["name"], box["value"], name, count, box.has_attr("checked")))
        return found

    def option(self, key, label):
        matching = [option for option in self.options(key) if option[2] == label]
        assert len(matching) == 1, f"no single {key} option {label!r} in {self.options(key)}"
        return matching[0]

    def form_state(self):
        """What submitting the form sends: the search box, ticked checkboxes, the chosen sort."""
        state = [("q", self.form.find("input", attrs={"name": "q"}).get("value", ""))]
        state += [(box["name"], box["value"]) for box in self.form.select("input[type=checkbox][checked]")]
        state += [(hidden["name"], hidden["value"]) for hidden in self.form.select("input[type=hidden]")]
        selected_sort = self.form.select_one("select[name=sort] option[selected]")
        if selected_sort:
            state.append(("sort", selected_sort["value"]))
        return state

    def submit(self, add=(), remove=()):
        state = [pair for pair in self.form_state() if pair not in remove] + list(add)
        return FinderView(self.form["action"], state)

    def follow(self, link):
        href = link["href"]
        assert href.startswith("?"), href
        return FinderView(self.url, [tuple(part.split("=", 1)) for part in href[1:].split("&") if part])


def finder(tree, *params):
    return FinderView(tree.finder.url, params)


def school_pk(tree, slug):
    return str({"law": tree.law, "medicine": tree.medicine}[slug].pk)


# --- Each facet narrows the results, and its count says by how much ------------------------------------------------

FACET_CASES = [
    ("school", "Faculty of Law", LAW_PROGRAMMES),
    ("school", "Faculty of Medicine", MEDICINE_PROGRAMMES),
    ("degree", "Master of Science (MSc)", {EGOV, BIOMED, NURSING}),
    ("level", "Master", {ENERGY, EGOV, BIOMED, NURSING}),
    ("subject", "Biomedical sciences", {BIOMED, PHD}),
    ("mode", "Blended (on campus and online)", {ADVM, EGOV}),
    ("language", "Dutch", {BIOMED, BACHELOR}),
    ("duration", "13 to 24 months", {EGOV, BIOMED, NURSING}),
    ("ects", "60 ECTS", {ADVM, ENERGY}),
    ("start", "February", {BIOMED, PHD, NURSING}),
    ("open", "Deadline still open", {ADVM, EGOV, BIOMED, PHD}),
]


def test_each_facet_narrows_the_results_to_what_its_count_says(tree):
    """One facet value at a time, from the unfiltered finder (one tree for all the cases)."""
    everything = finder(tree)
    assert everything.total == len(ALL)
    for key, label, expected in FACET_CASES:
        _key, value, _label, count, checked = everything.option(key, label)
        assert not checked

        narrowed = everything.submit(add=[(key, value)])

        assert narrowed.status_code == 200
        assert set(narrowed.titles) == expected, f"{key}={label}"
        assert narrowed.total == len(expected) == int(count), f"{key}={label}: the count shown was {count}"
        assert narrowed.option(key, label)[4], "the chosen option stays ticked"
        assert f"{FACET_LABELS[key]}: {label}" in narrowed.text  # shown as an active filter that can be removed


FACET_LABELS = {
    "school": "School",
    "degree": "Degree",
    "level": "Study level",
    "subject": "Subject area",
    "mode": "Study mode",
    "language": "Teaching language",
    "duration": "Duration",
    "ects": "ECTS credits",
    "start": "Start month",
    "open": "Application deadline",
}


def test_every_facet_is_offered_with_only_values_some_programme_has(tree):
    page = finder(tree)
    assert {key for key, *_rest in page.options()} == set(FACET_LABELS)
    assert [label for _k, _v, label, _c, _x in page.options("ects")] == ["60 ECTS", "90 ECTS", "120 ECTS",
                                                                         "180 ECTS", "240 ECTS"]  # fmt: skip
    assert [label for _k, _v, label, _c, _x in page.options("language")] == ["English", "Dutch", "French"]
    assert "German" not in page.text  # no programme is taught in German


STATES = {
    "nothing chosen": lambda tree: [],
    "a text query": lambda tree: [("q", "master")],
    "one facet": lambda tree: [("degree", "msc")],
    "two values of one facet and another facet": lambda tree: [
        ("language", "nl"),
        ("language", "fr"),
        ("school", school_pk(tree, "medicine")),
    ],  # fmt: skip
    "query, facets and a sort": lambda tree: [("q", "medicine"), ("open", "yes"), ("sort", "name")],
}


@pytest.mark.parametrize("state", STATES)
def test_every_count_shown_equals_the_results_its_option_leads_to(tree, state):
    """Unticked option without a choice in its facet: "n" = the results after ticking it. Unticked option in a facet
    with a choice: "+n" = how many more results ticking it gives. Ticked option: "n" = the results having it,
    i.e. what you get with only that option ticked in its facet."""
    current = finder(tree, *STATES[state](tree))
    assert current.status_code == 200
    assert len(current.titles) == current.total
    checked_followed = 0
    for key, value, label, count, checked in current.options():
        if checked:
            others = [(k, v) for k, v, *_rest, c in current.options(key) if c and v != value]
            followed = current.submit(remove=others)
            checked_followed += 1
            assert followed.total == int(count), f"{key}={label}: shows {count}, only it ticked gives {followed.total}"
        elif count.startswith("+"):
            followed = current.submit(add=[(key, value)])
            assert followed.total == current.total + int(count), f"{key}={label}: shows {count}"
        else:
            followed = current.submit(add=[(key, value)])
            assert followed.total == int(count), f"{key}={label}: shows {count}, ticking it gives {followed.total}"
        assert len(followed.titles) == followed.total
    assert checked_followed == len([pair for pair in current.params if pair[0] not in ("q", "sort")])


# --- Combining facets with each other and with a text query ---------------------------------------------------------


def test_values_of_one_facet_widen_and_different_facets_narrow(tree):
    dutch_or_french = finder(tree, ("language", "nl"), ("language", "fr"))
    assert set(dutch_or_french.titles) == {BIOMED, BACHELOR, NURSING}

    and_master = dutch_or_french.submit(add=[("level", "master")])
    assert set(and_master.titles) == {BIOMED, NURSING}

    and_open = and_master.submit(add=[("open", "yes")])
    assert and_open.titles == [BIOMED]
    assert and_open.total == 1


def test_facets_combine_with_a_text_query(tree):
    searched = finder(tree, ("q", "master"))
    law = finder(tree, ("school", school_pk(tree, "law")))
    both = searched.submit(add=[("school", school_pk(tree, "law"))])

    assert BIOMED in searched.titles and BACHELOR not in searched.titles
    assert set(both.titles) == set(searched.titles) & set(law.titles)
    assert set(both.titles) == {ADVM, ENERGY, EGOV}
    assert "3 programmes for “master”" in both.text


def test_a_text_query_with_a_facet_that_excludes_every_match(tree):
    page = finder(tree, ("q", "energy law"), ("school", school_pk(tree, "medicine")))
    assert page.total == 0
    assert page.titles == []


def test_removing_an_active_filter_keeps_the_others(tree):
    page = finder(tree, ("q", "master"), ("mode", "blended"), ("language", "en"))
    assert set(page.titles) == {ADVM, EGOV}
    chip = next(a for a in page.soup.select("a.finder__chip") if "Study mode" in a.get_text())

    without_mode = page.follow(chip)

    assert without_mode.params == [("q", "master"), ("language", "en")]
    assert without_mode.total == finder(tree, ("q", "master"), ("language", "en")).total > page.total


# --- Text search -------------------------------------------------------------------------------------------------------


def test_misspelled_biomedicl_finds_the_master_of_biomedical_sciences_first(tree):
    page = finder(tree, ("q", "biomedicl"))
    assert page.status_code == 200
    assert page.titles[0] == BIOMED
    assert not set(page.titles) & set(HIDDEN_TITLES)  # drafts, unpublished and private programmes stay out
    assert "for “biomedicl”" in page.text


def test_biomedicl_finds_the_seeded_master_of_biomedical_sciences(db):
    call_command("load_demo", stdout=StringIO())
    programmes = ProgrammeIndexPage.objects.live().get(locale__language_code="en")
    page = FinderView(programmes.url, [("q", "biomedicl")])
    assert page.status_code == 200
    assert "Master of Biomedical Sciences" in page.titles[0]


def test_a_query_matching_nothing_public_shows_the_empty_state(tree):
    page = finder(tree, ("q", "Withdrawn"))  # only the unpublished programme has this word
    assert page.total == 0
    assert "No programmes match “Withdrawn”." in page.text
    assert "Try fewer filters or other words." in page.text


# --- Sorting -------------------------------------------------------------------------------------------------------


def test_without_a_query_results_are_by_name_and_best_match_is_not_offered(tree):
    page = finder(tree)
    assert page.titles == sorted(ALL, key=str.casefold)
    sorts = [option.get_text() for option in page.form.select("select[name=sort] option")]
    assert sorts == ["Name (A to Z)", "Nearest open deadline", "Shortest first"]


def test_sort_by_name(tree):
    page = finder(tree, ("q", "master"), ("sort", "name"))
    assert page.titles == sorted(page.titles, key=str.casefold)
    assert len(page.titles) >= 4


def test_sort_by_nearest_open_deadline(tree):
    page = finder(tree, ("sort", "deadline"))
    # open deadlines in 10, 30, 100 and 160 days first, then those with none open (by name)
    assert page.titles == [PHD, EGOV, ADVM, BIOMED, BACHELOR, ENERGY, NURSING]


def test_sort_by_duration(tree):
    page = finder(tree, ("sort", "duration"))
    assert page.titles == [ADVM, ENERGY, NURSING, BIOMED, EGOV, BACHELOR, PHD]  # 12, 12, 18, 24, 24, 36, 48 months
    months = [
        int(dd.get_text().split()[0]) for dd in page.soup.select("ol.finder__list dt:-soup-contains('Duration') + dd")
    ]
    assert months == sorted(months)


def test_sort_by_relevance_puts_the_best_match_first(tree):
    page = finder(tree, ("q", "biomedicl"), ("sort", "relevance"))
    assert page.titles[0] == BIOMED
    assert len(page.titles) > 1
    by_name = page.submit(remove=[("sort", "relevance")], add=[("sort", "name")])
    assert by_name.titles == sorted(page.titles, key=str.casefold) != page.titles
    assert page.form.select_one("select[name=sort] option[selected]").get_text() == "Best match"


def test_changing_the_sort_keeps_the_filters(tree):
    page = finder(tree, ("school", school_pk(tree, "medicine")), ("sort", "name"))
    resorted = page.submit(remove=[("sort", "name")], add=[("sort", "duration")])
    assert resorted.titles == [NURSING, BIOMED, BACHELOR, PHD]


def test_an_unknown_sort_falls_back_to_name(tree):
    page = finder(tree, ("sort", "cheapest"))
    assert page.status_code == 200
    assert page.titles == sorted(ALL, key=str.casefold)


# --- Pagination ----------------------------------------------------------------------------------------------------


@pytest.fixture
def big_tree(tree):
    """Ten more law programmes (17 in all), so the results take two pages."""
    degree, subject = tree.degrees["llm"], [tree.subjects["law"]]
    today = timezone.localdate()
    for n in range(10):
        add_programme(tree.law, f"Master of Laws {n:02d}", degree, Level.MASTER, subject, 60, 12, Mode.ON_CAMPUS,
                      ["en"], [9], [], today)  # fmt: skip
    return tree


def test_results_are_paginated_and_the_pages_keep_the_filters(big_tree):
    first = finder(big_tree, ("language", "en"))
    assert first.total == 16  # all 17 programmes but the Dutch-only bachelor
    assert len(first.titles) == PER_PAGE
    assert "Page 1 of 2" in first.text

    second = first.follow(first.soup.find("a", rel="next"))

    assert ("language", "en") in second.params
    assert "Page 2 of 2" in second.text
    assert second.total == 16
    assert len(second.titles) == 16 - PER_PAGE
    assert not set(first.titles) & set(second.titles)
    assert second.soup.find("ol", class_="finder__list")["start"] == str(PER_PAGE + 1)
    back = second.follow(second.soup.find("a", rel="prev"))
    assert back.titles == first.titles


def test_an_impossible_page_number_shows_a_real_page(big_tree):
    for page, shown in [("0", "Page 2 of 2"), ("99", "Page 2 of 2"), ("abc", "Page 1 of 2"), ("-1", "Page 2 of 2"),
                        ("", "Page 1 of 2"), ("1.5", "Page 1 of 2"), ("9" * 40, "Page 2 of 2")]:  # fmt: skip
        view = finder(big_tree, ("page", page))
        assert view.status_code == 200, page
        assert shown in view.text, page
        assert view.titles


def test_no_pagination_when_everything_fits_on_one_page(tree):
    page = finder(tree)
    assert page.soup.find("nav", class_="pagination") is None
    assert len(page.titles) == len(ALL)


# --- Empty state, unknown values, key facts --------------------------------------------------------------------------


def test_the_empty_state_offers_a_way_back(tree):
    page = finder(tree, ("degree", "phd"), ("mode", "online"))
    assert page.total == 0
    assert page.titles == []
    assert "No programmes match these filters." in page.text
    clear = page.soup.find("div", class_="finder__empty").find("a", string="Clear all filters")

    back = page.follow(clear)

    assert back.total == len(ALL)
    assert back.params == []


def test_the_empty_state_with_a_query_can_keep_only_the_search(tree):
    page = finder(tree, ("q", "biomedical"), ("mode", "online"))
    assert page.total == 0
    assert "No programmes match “biomedical” with these filters." in page.text
    keep = page.soup.find("a", string="Keep only your search")

    searched = page.follow(keep)

    assert searched.params == [("q", "biomedical")]
    assert BIOMED in searched.titles


def test_unknown_facet_values_are_left_out_with_a_notice(tree):
    page = finder(tree, ("degree", "msc"), ("degree", "no-such-degree"), ("school", "999999"))
    assert page.status_code == 200
    assert set(page.titles) == {EGOV, BIOMED, NURSING}
    assert "Some filters in this link are no longer offered and were left out." in page.text


def test_a_far_too_long_query_is_refused_with_a_message(tree):
    page = finder(tree, ("q", "law " * 100))
    assert page.status_code == 400
    assert "Your search is too long. Please use at most 200 characters." in page.text


def test_each_result_shows_the_programmes_key_facts(tree):
    page = finder(tree, ("q", "biomedical sciences"))
    card = page.soup.select_one("ol.finder__list article")
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in card.find_all("dt")}
    today = timezone.localdate()
    deadline = today + timedelta(days=160)

    assert " ".join(card.find(class_="card__title").get_text().split()) == BIOMED
    assert "Faculty of Medicine" in card.get_text()
    assert facts["Degree"] == "MSc"
    assert facts["ECTS"] == "120"
    assert facts["Duration"] == "24 months"
    assert facts["Mode"] == "On campus"
    assert facts["Language"] == "English, Dutch"
    assert facts["Starts"] == "September, February"
    assert facts["Next deadline"] == f"{deadline.day} {deadline:%B %Y} Open"
    assert card.find("mark") is not None  # the search words are marked in the title


def test_hidden_programmes_are_never_listed_or_counted(tree):
    page = finder(tree, ("subject", "biomedical-sciences"))
    assert set(page.titles) == {BIOMED, PHD}
    for title in HIDDEN_TITLES:
        assert title not in page.text
    assert page.option("subject", "Biomedical sciences")[3] == "2"


# --- A fixed number of SQL queries whatever the number of programmes ------------------------------------------------


class BulkFinderSite:
    """A finder over two schools, filled with programmes in bulk: languages, intakes, deadlines, subject areas."""

    def __init__(self):
        from schools.models import SchoolIndexPage, SchoolPage

        home = make_home()
        self.finder = add(home, ProgrammeIndexPage(title="Programmes", slug="programmes"))
        schools_index = add(home, SchoolIndexPage(title="Schools", slug="schools"))
        self.schools = [add(schools_index, SchoolPage(title=f"School {n}", slug=f"school-{n}")) for n in range(2)]
        degrees, subjects = snippets()
        self.degrees, self.subjects = list(degrees.values()), list(subjects.values())
        self.count = 0

    def grow(self, to):
        today = timezone.localdate()
        languages, intakes, deadlines, links = [], [], [], []
        through = ProgrammePage.subject_areas.through
        for n in range(self.count, to):
            page = add(
                self.schools[n % 2],
                ProgrammePage(
                    title=f"Master of Bulk Studies {n:03d}", slug=f"bulk-{n}", summary="A master.",
                    degree_type=self.degrees[n % 5], study_level=list(Level)[n % 4], study_mode=list(Mode)[n % 3],
                    ects_credits=60 * (1 + n % 3), duration_months=12 * (1 + n % 4),
                ),
            )  # fmt: skip
            languages += [TeachingLanguage(page=page, language=lang) for lang in ["en", "nl", "fr"][: 1 + n % 3]]
            intakes.append(Intake(page=page, start_month=1 + n % 12))
            deadlines.append(ApplicationDeadline(page=page, date=today + timedelta(days=n % 7 - 3)))
            links += [through(programmepage_id=page.pk, subjectarea_id=s.pk) for s in self.subjects[: 1 + n % 3]]
        TeachingLanguage.objects.bulk_create(languages)
        Intake.objects.bulk_create(intakes)
        ApplicationDeadline.objects.bulk_create(deadlines)
        through.objects.bulk_create(links)
        self.count = to
        return self

    def query_counts(self):
        """{state: SQL queries} for one finder request, both right after a content change (nothing remembered)
        and for a repeated request (whatever the process keeps between requests reused)."""
        states = {
            "plain": [],
            "query, facets and sort": [("q", "master bulk"), ("language", "en"), ("language", "nl"),
                                       ("school", str(self.schools[0].pk)), ("open", "yes"), ("sort", "deadline")],
        }  # fmt: skip
        assert Client().get(self.finder.url).status_code == 200  # what a running process has cached anyway
        counts = {}
        for name, params in states.items():
            forget_all()
            for moment in ("after a change", "repeated"):
                with CaptureQueriesContext(connection) as queries:
                    page = FinderView(self.finder.url, params)
                assert page.status_code == 200
                assert page.titles and page.titles[0].startswith("Master of Bulk Studies")
                counts[f"{name}, {moment}"] = len(queries)
        return counts


def test_the_finder_runs_as_many_queries_for_200_programmes_as_for_10(db):
    site = BulkFinderSite()
    small = site.grow(10).query_counts()
    large = site.grow(200).query_counts()
    assert site.count == 200
    assert large == small, "the finder's query count grows with the number of programmes"


def test_the_finder_query_count_is_pinned(db):
    assert BulkFinderSite().grow(10).query_counts() == FINDER_QUERIES


# --- A publish reads one row again, not the whole catalogue ----------------------------------------------------------


def kept_catalogue(site):
    return site_catalogue(site.finder.get_parent(), timezone.localdate())


def publish_a_new_title_and_ects(site):
    """Publish programme 3 as "Master of Applied Bulk Studies" (first by name) with 90 ECTS credits, which no other
    programme has; returns (SQL queries of the next finder request, that request's page, catalogue before, after)."""
    assert Client().get(site.finder.url).status_code == 200
    before = kept_catalogue(site)
    page = ProgrammePage.objects.get(slug="bulk-3")
    page.title, page.ects_credits = "Master of Applied Bulk Studies", 90
    publish(page)
    with CaptureQueriesContext(connection) as queries:
        view = FinderView(site.finder.url)
    return len(queries), view, before, kept_catalogue(site), page


def assert_only_that_row_changed(before, after, page):
    assert after is not before
    assert after.schools is before.schools, "the catalogue was updated, not rebuilt"
    others = [pk for pk in before.position if pk != page.pk]
    assert all(after.rows[after.position[pk]] is before.rows[before.position[pk]] for pk in others)
    assert before.rows[before.position[page.pk]].title == "Master of Bulk Studies 003", "the old one is left as it was"


def test_publishing_one_programme_reads_only_its_row_again_at_10_and_at_200_programmes(db):
    site = BulkFinderSite().grow(10)
    small, view, before, after, page = publish_a_new_title_and_ects(site)
    assert view.titles[0] == "Master of Applied Bulk Studies"
    assert view.option("ects", "90 ECTS")[3] == "1"
    assert view.total == 10
    assert_only_that_row_changed(before, after, page)

    site.grow(200)
    forget_all()
    page.title, page.ects_credits = "Master of Bulk Studies 003", 60
    publish(page)
    large, view, before, after, page = publish_a_new_title_and_ects(site)
    assert view.titles[0] == "Master of Applied Bulk Studies"
    assert view.option("ects", "90 ECTS")[3] == "1"
    assert view.total == 200
    assert_only_that_row_changed(before, after, page)
    assert small == large == FINDER_QUERIES_AFTER_A_PUBLISH


def test_unpublishing_and_republishing_a_programme_updates_its_row_and_every_count(db):
    site = BulkFinderSite().grow(10)
    first = FinderView(site.finder.url)
    counts = {option[1]: option[3] for option in first.options("language")}
    page = ProgrammePage.objects.get(slug="bulk-2")  # taught in English, Dutch and French
    page.unpublish()
    gone = FinderView(site.finder.url)
    assert page.title not in gone.titles and gone.total == 9
    assert {option[1]: option[3] for option in gone.options("language")} == {
        value: str(int(count) - 1) for value, count in counts.items()
    }
    publish(page)
    back = FinderView(site.finder.url)
    assert page.title in back.titles and back.total == 10
    assert {option[1]: option[3] for option in back.options("language")} == counts
    assert back.titles == first.titles, "name order kept"


def test_a_taxonomy_change_rebuilds_the_whole_catalogue(db):
    site = BulkFinderSite().grow(10)
    assert Client().get(site.finder.url).status_code == 200
    before = kept_catalogue(site)
    subject = SubjectArea.objects.get(slug="biomedical-sciences")
    subject.name = "Biomedicine"
    subject.save()
    view = FinderView(site.finder.url)
    assert ("subject", "biomedical-sciences", "Biomedicine") in [option[:3] for option in view.options("subject")]
    assert kept_catalogue(site).schools is not before.schools, "rebuilt: every row names its subjects"
