"""JSON-LD structured data and the meta tags in each page's <head>, read from the rendered pages."""

import json
import re
from datetime import date, timedelta
from html import unescape

import pytest
import wagtail_factories
from django.utils import timezone
from wagtail.models import Page

from core.models import StandardPage
from events.models import EventPage
from events.tests.tree import Status, add, build_tree, make_event, make_programme
from seo.vocabulary import validate

SCHEMA = "https://schema.org"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture
def tree(db):
    return build_tree()


def json_ld(client, page, language="en"):
    """The JSON-LD blocks of `page` at its URL under the prefix of `language`."""
    response = client.get(f"/{language}/" + page.url.removeprefix("/en/"))
    assert response.status_code == 200
    return [json.loads(block) for block in JSON_LD.findall(response.content.decode())]


def of_type(items, schema_type):
    found = [item for item in items if item["@type"] == schema_type]
    assert len(found) == 1, f"expected one {schema_type} in {[item['@type'] for item in items]}"
    assert found[0]["@context"] == SCHEMA
    return found[0]


def absolute(page):
    return f"http://testserver{page.url}"


def meta_content(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return unescape(match.group(1)) if match else None


# --- Programmes -------------------------------------------------------------------------------------------------


def test_programme_page_describes_the_programme(client, tree):
    programme = tree.social_security
    data = of_type(json_ld(client, programme), "EducationalOccupationalProgram")

    assert data["name"] == "Master of European Social Security"
    assert data["description"] == "Study Master of European Social Security in Leuven."
    assert data["url"] == absolute(programme)
    assert data["provider"] == {"@type": "CollegeOrUniversity", "name": "Faculty of Law", "url": absolute(tree.law)}
    assert data["educationalCredentialAwarded"] == {
        "@type": "EducationalOccupationalCredential",
        "name": "Advanced Master",
        "inLanguage": "en",
        "credentialCategory": "degree",
        "educationalLevel": programme.get_study_level_display(),
    }
    assert data["numberOfCredits"] == {"@type": "QuantitativeValue", "value": 60, "unitText": "ECTS"}
    assert data["timeToComplete"] == "P24M"
    assert data["educationalProgramMode"] == ["part-time"]
    assert "educationalLevel" not in data and "inLanguage" not in data  # not properties of a programme


def test_programme_dates_are_the_next_open_deadline_and_intake(client, tree):
    data = of_type(json_ld(client, tree.social_security), "EducationalOccupationalProgram")
    today = timezone.localdate()

    assert data["applicationDeadline"] == (today + timedelta(days=60)).isoformat()  # not last month's, closed one
    next_september = date(today.year if today.month < 9 else today.year + 1, 9, 1)
    assert data["startDate"] == next_september.isoformat()
    assert today <= date.fromisoformat(data["startDate"]) <= today + timedelta(days=366)


def test_programme_offers_one_per_tuition_fee(client, tree):
    data = of_type(json_ld(client, tree.social_security), "EducationalOccupationalProgram")
    offers = {offer["category"]: offer for offer in data["offers"]}

    assert set(offers) == {"EEA students", "Non-EEA students"}
    assert offers["EEA students"]["price"] == 1100
    assert offers["Non-EEA students"]["price"] == 7450.5
    assert {offer["@type"] for offer in data["offers"]} == {"Offer"}
    assert {offer["priceCurrency"] for offer in data["offers"]} == {"EUR"}


def test_unpublished_school_is_never_named_as_provider(client, tree):
    tree.law.unpublish()  # the programme page itself stays live
    data = of_type(json_ld(client, tree.social_security), "EducationalOccupationalProgram")
    assert "provider" not in data
    breadcrumb = of_type(json_ld(client, tree.social_security), "BreadcrumbList")
    assert "Faculty of Law" not in [item["name"] for item in breadcrumb["itemListElement"]]


def test_programme_breadcrumbs_follow_the_tree(client, tree):
    breadcrumb = of_type(json_ld(client, tree.social_security), "BreadcrumbList")
    items = breadcrumb["itemListElement"]

    assert [item["name"] for item in items] == ["Home", "Schools", "Faculty of Law", tree.social_security.title]
    assert [item["position"] for item in items] == [1, 2, 3, 4]
    assert [item["item"] for item in items] == [
        "http://testserver/en/",
        "http://testserver/en/schools/",
        "http://testserver/en/schools/law/",
        absolute(tree.social_security),
    ]
    assert {item["@type"] for item in items} == {"ListItem"}


def test_text_cannot_break_out_of_the_script_element(client, tree):
    sneaky = 'Fees & "costs" </script><script>alert(1)</script> <!-- end'
    programme = make_programme(tree.law, "Sneaky programme", tree.social_security.degree_type, summary=sneaky)
    html = client.get(programme.url).content.decode()

    assert "<script>alert(1)</script>" not in html
    data = of_type([json.loads(block) for block in JSON_LD.findall(html)], "EducationalOccupationalProgram")
    assert data["description"] == sneaky


# --- Events -----------------------------------------------------------------------------------------------------


def test_event_page_describes_the_event(client, tree):
    page = tree.event["law_open_day"]
    data = of_type(json_ld(client, page), "Event")

    assert data["name"] == "Law open day"
    assert data["description"] == "About Law open day."
    assert data["url"] == absolute(page)
    assert data["startDate"] == timezone.localtime(page.start).isoformat()
    assert data["startDate"].endswith(("+01:00", "+02:00"))
    assert data["endDate"] == timezone.localtime(page.end).isoformat()
    assert data["eventAttendanceMode"] == f"{SCHEMA}/OfflineEventAttendanceMode"
    assert data["eventStatus"] == f"{SCHEMA}/EventScheduled"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Aula Pieter De Somer"
    assert data["organizer"] == {"@type": "CollegeOrUniversity", "name": "Faculty of Law", "url": absolute(tree.law)}
    assert data["image"].startswith("http://testserver/")  # the event's share card


def test_unpublished_related_programme_never_appears(client, tree):
    page = tree.event["law_open_day"]
    assert tree.hidden_programme in page.related_programmes.all()
    html = client.get(page.url).content.decode()
    data = of_type([json.loads(block) for block in JSON_LD.findall(html)], "Event")

    assert [programme["name"] for programme in data["about"]] == ["Master of European Social Security"]
    assert "Unannounced" not in "".join(JSON_LD.findall(html))


def test_online_event_has_a_virtual_location(client, tree):
    data = of_type(json_ld(client, tree.event["law_webinar"]), "Event")
    assert data["eventAttendanceMode"] == f"{SCHEMA}/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://stream.example.org/live"}


def test_hybrid_event_has_a_place_and_a_virtual_location(client, tree):
    data = of_type(json_ld(client, tree.event["medicine_day"]), "Event")
    assert data["eventAttendanceMode"] == f"{SCHEMA}/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Herestraat 49",
        "postalCode": "3000",
        "addressLocality": "Leuven",
    }
    assert virtual == {"@type": "VirtualLocation", "url": "https://stream.example.org/live"}


@pytest.mark.parametrize(
    ("status", "schema_status"),
    [
        (Status.CANCELLED, "EventCancelled"),
        (Status.POSTPONED, "EventPostponed"),
        (Status.MOVED_ONLINE, "EventMovedOnline"),
    ],
)
def test_event_status(client, tree, status, schema_status):
    page = make_event(tree.law, f"Event {status}", 20, status=status, online_url="https://stream.example.org/x")
    data = of_type(json_ld(client, page), "Event")
    assert data["eventStatus"] == f"{SCHEMA}/{schema_status}"
    if status == Status.MOVED_ONLINE:
        assert data["eventAttendanceMode"] == f"{SCHEMA}/OnlineEventAttendanceMode"
        assert data["location"] == {"@type": "VirtualLocation", "url": "https://stream.example.org/x"}


def test_portal_wide_event_is_organised_by_the_university(client, tree):
    data = of_type(json_ld(client, tree.event["portal_day"]), "Event")
    assert data["organizer"] == {"@type": "CollegeOrUniversity", "name": "KU Leuven", "url": "http://testserver/"}


def test_event_breadcrumbs(client, tree):
    breadcrumb = of_type(json_ld(client, tree.event["portal_day"]), "BreadcrumbList")
    assert [item["name"] for item in breadcrumb["itemListElement"]] == ["Home", "Events", "University open day"]


# --- Schools and other pages ------------------------------------------------------------------------------------


def test_school_page_describes_the_school(client, tree):
    school = tree.law
    school.logo = wagtail_factories.ImageFactory(title="Law logo")
    school.save_revision().publish()
    data = of_type(json_ld(client, school), "CollegeOrUniversity")

    assert data["name"] == "Faculty of Law"
    assert data["url"] == absolute(school)
    assert data["logo"].startswith("http://testserver/") and data["logo"].endswith(school.logo.file.name.split("/")[-1])
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Tiensestraat 41",
        "postalCode": "3000",
        "addressLocality": "Leuven",
        "addressCountry": "Belgium",
    }
    assert data["email"] == "law@example.org"
    assert data["telephone"] == "+32 16 32 51 11"
    assert data["sameAs"] == ["https://www.law.kuleuven.be"]


def test_school_without_contact_details_announces_none(client, tree):
    data = of_type(json_ld(client, tree.medicine), "CollegeOrUniversity")
    assert set(data) == {"@context", "@type", "name", "description", "url"}


@pytest.mark.parametrize("attribute", ["events", "schools", "programme_index", "law", "biomedical"])
def test_every_page_below_home_has_breadcrumbs_and_home_has_none(client, tree, attribute):
    page = getattr(tree, attribute)
    items = of_type(json_ld(client, page), "BreadcrumbList")["itemListElement"]
    assert items[0] == {"@type": "ListItem", "position": 1, "name": "Home", "item": "http://testserver/en/"}
    assert items[-1]["item"] == absolute(page)

    home_types = [item["@type"] for item in json_ld(client, tree.home)]
    assert "BreadcrumbList" not in home_types
    assert "WebSite" in home_types


# --- Meta tags --------------------------------------------------------------------------------------------------


def assert_page_meta(html, page, description):
    """The canonical URL, meta description and OpenGraph title, description and URL of `page`."""
    assert f'<link rel="canonical" href="{absolute(page)}">' in html
    assert meta_content(html, "name", "description") == description
    assert meta_content(html, "property", "og:title") == page.title
    assert meta_content(html, "property", "og:description") == description
    assert meta_content(html, "property", "og:url") == absolute(page)


@pytest.mark.parametrize(
    ("attribute", "description"),
    [
        ("home", "Find your programme."),
        ("events", "Open days and information sessions."),
        ("law", "Law and social security in Leuven."),
        ("social_security", "Study Master of European Social Security in Leuven."),
    ],
)
def test_canonical_description_and_opengraph_on_every_page(client, tree, attribute, description):
    page = getattr(tree, attribute)
    html = client.get(page.url).content.decode()

    assert_page_meta(html, page, description)
    assert meta_content(html, "property", "og:type") == "website"
    assert meta_content(html, "property", "og:site_name") == "Leuven programme portal"


def test_search_description_wins_over_the_summary(client, tree):
    page = tree.event["law_open_day"]
    page.search_description = "Come to Leuven & meet our law professors."
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert meta_content(html, "name", "description") == "Come to Leuven & meet our law professors."
    assert of_type(json_ld(client, page), "Event")["description"] == "Come to Leuven & meet our law professors."


def test_filtered_listing_is_canonical_to_the_listing(client, tree):
    html = client.get(f"{tree.events.url}?mode=online").content.decode()
    assert f'<link rel="canonical" href="{absolute(tree.events)}">' in html


def test_draft_event_has_no_public_page(client, tree):
    assert client.get(f"/en/schools/law/{tree.event['draft'].slug}/").status_code == 404
    assert not EventPage.objects.filter(pk=tree.event["draft"].pk, live=True).exists()


# --- Every page type, and what must never be described ----------------------------------------------------------

MAIN_TYPES = {
    "HomePage": "WebSite",
    "ProgrammePage": "EducationalOccupationalProgram",
    "EventPage": "Event",
    "SchoolPage": "CollegeOrUniversity",
}


@pytest.fixture
def full_tree(tree):
    tree.about = add(tree.home, StandardPage(title="About the portal", slug="about", summary="Who we are."))
    return tree


def public_pages():
    return [page.specific for page in Page.objects.live().public().filter(depth__gte=2).order_by("path")]


def test_the_json_ld_of_every_public_page_parses_and_describes_its_type(client, full_tree):
    pages = public_pages()
    assert {type(page).__name__ for page in pages} >= {*MAIN_TYPES, "StandardPage", "SchoolIndexPage",
                                                       "EventIndexPage", "ProgrammeIndexPage"}  # fmt: skip
    for page in pages:
        items = json_ld(client, page)  # every block is valid JSON
        assert items, page.url
        assert {item["@context"] for item in items} == {SCHEMA}
        types = [item["@type"] for item in items]
        main_type = MAIN_TYPES.get(type(page).__name__)
        if main_type:
            assert types[0] == main_type, page.url
        if page.depth > 2:
            breadcrumb = of_type(items, "BreadcrumbList")["itemListElement"]
            assert breadcrumb[-1] == {"@type": "ListItem", "position": len(breadcrumb), "name": page.title,
                                      "item": absolute(page)}  # fmt: skip


def test_every_page_type_validates_against_the_shipped_vocabulary(client, full_tree):
    pages = public_pages()
    assert {type(page).__name__ for page in pages} >= set(MAIN_TYPES)
    for page in pages:
        assert validate(json_ld(client, page)) == [], page.url
    programme = of_type(json_ld(client, full_tree.social_security), "EducationalOccupationalProgram")
    assert programme["applicationDeadline"] and programme["offers"]  # the deadline and tuition the page shows
    assert of_type(json_ld(client, full_tree.home), "WebSite")["name"]


def test_dutch_pages_name_their_language_where_the_type_allows_it(client, full_tree):
    """inLanguage on Event, WebSite and the credential (CreativeWork); never on a programme or a school, whose types
    have no such property."""
    event = of_type(json_ld(client, full_tree.event["law_open_day"], "nl"), "Event")
    website = of_type(json_ld(client, full_tree.home, "nl"), "WebSite")
    items = json_ld(client, full_tree.social_security, "nl")
    breadcrumb = of_type(items, "BreadcrumbList")["itemListElement"]
    programme = of_type(items, "EducationalOccupationalProgram")
    assert event["inLanguage"] == website["inLanguage"] == programme["educationalCredentialAwarded"]["inLanguage"]
    assert event["inLanguage"] == "nl-BE"
    assert "inLanguage" not in programme
    assert programme["offers"][0]["description"].startswith("Studiegeld ")
    assert breadcrumb[0]["name"] == "Home"
    assert validate([event, website, *items]) == []
    assert of_type(json_ld(client, full_tree.home), "WebSite")["inLanguage"] == "en"


def test_the_validator_finds_the_errors_validators_reported():
    old_programme = {
        "@type": "EducationalOccupationalProgram",
        "name": "Master",
        "url": "http://testserver/m/",
        "provider": {"@type": "CollegeOrUniversity", "name": "KU Leuven"},
        "educationalLevel": "Master",
        "inLanguage": ["en"],
        "numberOfCredits": {"@type": "StructuredValue", "value": 60, "unitText": "ECTS"},
    }
    errors = validate([old_programme, {"@type": "WebSite", "url": "http://testserver/"}, {"@type": "Cours"}])
    assert errors == [
        "$[0]: educationalLevel is not a property of EducationalOccupationalProgram",
        "$[0]: inLanguage is not a property of EducationalOccupationalProgram",
        "$[0].numberOfCredits: value is not a property of StructuredValue",
        "$[0].numberOfCredits: unitText is not a property of StructuredValue",
        "$[1]: WebSite needs name",
        "$[2]: unknown type Cours",
    ]


def test_no_draft_private_or_unpublished_content_in_any_json_ld(client, full_tree):
    tree = full_tree
    never = ["Master of Unannounced Studies", "Draft open evening", "Staff-only briefing", "Renamed in a draft"]
    programme = tree.social_security
    programme.title = "Renamed in a draft"
    programme.save_revision()  # a draft revision; the live page keeps its published title

    blocks = []
    for page in public_pages():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        blocks += JSON_LD.findall(response.content.decode())
    everything = "\n".join(blocks)

    for title in never:
        assert title not in everything
    data = of_type(json_ld(client, tree.social_security), "EducationalOccupationalProgram")
    assert data["name"] == "Master of European Social Security"


def test_a_private_page_serves_no_json_ld(client, tree):
    response = client.get(f"/en/schools/medicine/{tree.event['private'].slug}/")
    html = response.content.decode()
    assert "Staff-only briefing" not in "".join(JSON_LD.findall(html))
    assert '"@type": "Event"' not in html


def test_an_event_of_an_unpublished_school_is_organised_by_the_university(client, tree):
    tree.medicine.unpublish()  # its event pages stay live
    data = of_type(json_ld(client, tree.event["medicine_day"]), "Event")
    assert data["organizer"] == {"@type": "CollegeOrUniversity", "name": "KU Leuven", "url": "http://testserver/"}
    assert "Faculty of Medicine" not in json.dumps(json_ld(client, tree.event["medicine_day"]))


def test_a_programme_without_open_deadlines_or_fees_announces_neither(client, tree):
    data = of_type(json_ld(client, tree.biomedical), "EducationalOccupationalProgram")
    assert "applicationDeadline" not in data
    assert "offers" not in data
    assert data["provider"]["name"] == "Faculty of Medicine"
    assert data["educationalCredentialAwarded"]["name"] == "Master of Science"
    assert data["educationalProgramMode"] == ["full-time"]


@pytest.mark.parametrize(
    ("attribute", "description"),
    [
        ("biomedical", "Study Master of Biomedical Sciences in Leuven."),
        ("medicine", "Medicine."),
        ("about", "Who we are."),
    ],
)
def test_canonical_description_and_opengraph_on_the_other_page_types(client, full_tree, attribute, description):
    page = getattr(full_tree, attribute)
    html = client.get(page.url).content.decode()

    assert_page_meta(html, page, description)


def test_event_page_meta_tags(client, tree):
    page = tree.event["law_webinar"]
    html = client.get(page.url).content.decode()
    assert f'<link rel="canonical" href="{absolute(page)}">' in html
    assert meta_content(html, "name", "description") == "About Social security webinar."
    assert meta_content(html, "property", "og:url") == absolute(page)


@pytest.mark.parametrize("attribute", ["schools", "programme_index"])
def test_index_pages_without_a_summary_have_no_empty_description(client, tree, attribute):
    page = getattr(tree, attribute)
    page.search_description = f"All {page.title.lower()} of the portal."
    html = client.get(page.url).content.decode()
    assert '<meta name="description" content="">' not in html
    assert f'<link rel="canonical" href="{absolute(page)}">' in html
    assert meta_content(html, "property", "og:title") == page.title

    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert meta_content(html, "name", "description") == f"All {page.title.lower()} of the portal."


@pytest.mark.parametrize(
    ("url", "title"),
    [("/en/search/?q=law", "Search results for “law”"), ("/en/programmes/compare/", "Compare programmes")],
)
def test_search_and_compare_have_a_canonical_url_description_and_opengraph(client, tree, url, title):
    html = client.get(url).content.decode()
    path = url.split("?")[0]

    assert f'<link rel="canonical" href="http://testserver{path}">' in html  # the site's host, without the query
    assert meta_content(html, "name", "description")
    assert meta_content(html, "property", "og:description") == meta_content(html, "name", "description")
    assert meta_content(html, "property", "og:title") == title
    assert meta_content(html, "property", "og:url") == f"http://testserver{path}"
    assert JSON_LD.findall(html) == []  # not pages: nothing to describe
