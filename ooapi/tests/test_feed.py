"""The OOAPI 6.0 feed at /ooapi/v6/: what a registry reading it gets, every response checked against the official
specification (requests too), on a small portal with a nested faculty, a joint programme and full facts."""

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from django.test import Client
from django.utils import timezone

from ooapi import calendar
from programmes.factories import (
    ApplicationDeadlineFactory,
    IntakeFactory,
    LanguageMinimumFactory,
    PartnerInstitutionFactory,
    ProgrammePageFactory,
    QualifyingDegreeFactory,
    TeachingLanguageFactory,
    TuitionFeeFactory,
)
from programmes.models import ProgrammePage, TuitionFee
from schools.factories import SchoolPageFactory

from .conformance import BASE, assert_problem, assert_valid_request, assert_valid_response


def get(path, **query):
    response = Client().get(f"{BASE}{path}", query)
    assert_valid_response(response)
    return response


def ok(path, **query):
    response = get(path, **query)
    assert response.status_code == 200, response.content
    assert_valid_request(response)
    return response.json()


@pytest.fixture
def portal(site_tree):
    """The site tree plus a faculty inside the school, a joint programme there with every fact, and more programmes."""
    site_tree.faculty = SchoolPageFactory(parent=site_tree.school, title="Institute for Social Law", slug="social-law")
    joint = ProgrammePageFactory(
        parent=site_tree.faculty,
        title="Erasmus Mundus Master of Labour Law",
        ects_credits=120,
        duration_months=24,
        study_level=ProgrammePage.StudyLevel.ADVANCED_MASTER,
        pace=ProgrammePage.Pace.PART_TIME,
        admission_requirements="<p>A <b>law</b> degree.</p>",
        programme_url="https://www.kuleuven.be/programmes/labour-law",
        teaching_language=None,
        intake=None,
        deadline=None,
    )
    joint.partner_institutions = [PartnerInstitutionFactory(name="University of Tartu", city="Tartu")]
    joint.save()
    TeachingLanguageFactory(page=joint, language="fr")
    IntakeFactory(page=joint, start_month=9)
    IntakeFactory(page=joint, start_month=2)
    next_year = timezone.localdate().year + 1
    ApplicationDeadlineFactory(page=joint, date=date(next_year, 3, 1), applicant_group="EEA students")
    ApplicationDeadlineFactory(page=joint, date=date(next_year, 5, 1), applicant_group="Other students")
    TuitionFeeFactory(page=joint, applicant_group="EEA students", amount=Decimal("1156.60"))
    TuitionFeeFactory(
        page=joint, applicant_group="Other students", amount=Decimal("12000"), period=TuitionFee.Period.PROGRAMME
    )
    QualifyingDegreeFactory(page=joint, name="Bachelor in de rechten", campuses="Leuven")
    LanguageMinimumFactory(page=joint, minimum_score=Decimal("94"))
    site_tree.joint = joint
    site_tree.others = [
        ProgrammePageFactory(parent=site_tree.school, title=f"Master of Arts {n:02d}") for n in range(12)
    ]
    return site_tree


def test_the_service_names_its_contact_and_the_operations_it_supports(portal):
    service = ok("/")
    assert "@" in service["contactEmail"]
    assert {"verbs": ["GET"], "path": "/programmes"} in service["supportedOperations"]


def test_organisations_are_the_schools_with_their_faculties_and_the_partners_by_name(portal):
    found = ok("/organisations", pageSize=50)
    names = [item["name"][0]["value"] for item in found["items"]]
    assert names == ["Faculty of Law", "Institute for Social Law", "University of Tartu"]
    law, institute, tartu = found["items"]
    assert law["organisationType"] == "root" and law["childIds"] == [institute["organisationId"]]
    assert institute["organisationType"] == "faculty" and institute["parentId"] == law["organisationId"]
    assert tartu["organisationType"] == "x-partner"

    expanded = ok(f"/organisations/{institute['organisationId']}", expand="parent,children")
    assert expanded["parent"]["name"][0]["value"] == "Faculty of Law" and expanded["children"] == []


def test_a_school_offers_the_programmes_below_it_and_a_partner_its_joint_programmes(portal):
    law = str(portal.school.translation_key)
    tartu = str(portal.joint.partner_institutions.get().translation_key)
    all_law = ok(f"/organisations/{law}/programmes", pageSize=50)["items"]
    assert len(all_law) == 14  # 13 programmes of the school and the joint one of its faculty
    joint = ok(f"/organisations/{tartu}/programmes")["items"]
    assert [item["name"][0]["value"] for item in joint] == ["Erasmus Mundus Master of Labour Law"]


def test_a_programme_maps_its_facts_to_the_specification_fields(portal):
    item = ok(f"/programmes/{portal.joint.translation_key}", expand="organisation")
    assert item["programmeId"] == str(portal.joint.translation_key)
    assert item["studyLoad"] == [{"studyLoadUnit": "ects", "value": 120}]
    assert item["duration"] == "P24M"
    assert item["teachingLanguages"] == ["fr"]
    assert item["modesOfDelivery"] == ["presential", "joint_delivery"]
    assert item["modeOfStudy"] == "part_time"
    assert (item["qualificationAwarded"], item["levelOfQualification"]) == ("master", "eqf_7")
    requirements = item["admissionRequirements"][0]["value"]
    assert "A law degree." in requirements and "Bachelor in de rechten (Leuven)" in requirements
    assert "TOEFL iBT 94" in requirements
    assert item["organisation"]["name"][0]["value"] == "Institute for Social Law"
    assert item["ext"]["partnerOrganisationIds"] == [str(portal.joint.partner_institutions.get().translation_key)]
    assert item["link"].endswith("/erasmus-mundus-master-of-labour-law/")


def test_programmes_come_by_name_a_page_at_a_time(portal):
    first = ok("/programmes", pageSize=10)
    second = ok("/programmes", pageSize=10, pageNumber=2)
    beyond = ok("/programmes", pageSize=10, pageNumber=9)
    assert (first["hasPreviousPage"], first["hasNextPage"], first["totalPages"]) == (False, True, 2)
    assert (second["hasPreviousPage"], second["hasNextPage"], len(second["items"])) == (True, False, 4)
    assert beyond["items"] == [] and beyond["hasPreviousPage"]
    names = [item["name"][0]["value"] for item in first["items"] + second["items"]]
    assert names == sorted(names) and len(set(names)) == 14


def test_programmes_filter_by_language_qualification_and_search(portal):
    assert [p["name"][0]["value"] for p in ok("/programmes", teachingLanguage="fr")["items"]] == [
        "Erasmus Mundus Master of Labour Law"
    ]
    assert len(ok("/programmes", q="arts 0", pageSize=50)["items"]) == 10
    assert ok("/programmes", qualificationAwarded="bachelor")["items"] == []
    assert ok("/programmes", programmeType="minor")["items"] == []
    assert len(ok("/programmes", levelOfQualification="eqf_7", pageSize=50)["items"]) == 14


def test_offerings_per_intake_with_enrolment_periods_and_costs_per_applicant_group(portal):
    offerings = ok(f"/programmes/{portal.joint.translation_key}/programme-offerings", since="2000-01-01T00:00:00Z")[
        "items"
    ]
    starts = [item["startDateTime"][:7] for item in offerings]
    assert starts == sorted(starts) and len(starts) == 4  # two intakes in this and next academic year
    next_year = timezone.localdate().year + 1
    september = next(item for item in offerings if item["startDateTime"].startswith(f"{next_year}-09"))
    periods = september["enrolmentPeriods"]
    assert [(p["targetGroups"], p["endDateTime"][:10]) for p in periods] == [
        (["EEA students"], f"{next_year}-03-01"),
        (["Other students"], f"{next_year}-05-01"),
    ]
    costs = {cost["ext"]["applicantGroup"]: cost for cost in september["priceInformation"]}
    assert costs["EEA students"]["amount"] == "1156.60" and costs["EEA students"]["currency"] == "EUR"
    assert costs["Other students"]["costType"] == "total_costs"

    detail = ok(f"/programme-offerings/{september['programmeOfferingId']}", expand="programme,academic_session")
    assert detail["programme"]["programmeId"] == str(portal.joint.translation_key)
    assert detail["academicSession"]["academicSessionId"] == detail["academicSessionId"]
    assert detail["academicSessionId"] in {s["academicSessionId"] for s in ok("/academic-sessions")["items"]}


def test_offerings_by_default_are_those_not_started(portal):
    today = timezone.localdate()
    offerings = ok(f"/programmes/{portal.joint.translation_key}/programme-offerings")["items"]
    assert offerings and all(item["startDateTime"][:10] >= today.isoformat() for item in offerings)


def test_identifiers_survive_a_rename_and_a_move(portal):
    key = str(portal.joint.translation_key)
    portal.joint.title = "Master of European Labour Law"
    portal.joint.save_revision().publish()
    portal.joint.move(portal.school, pos="last-child")
    item = ok(f"/programmes/{key}")
    assert item["name"][0]["value"] == "Master of European Labour Law"
    assert item["organisationId"] == str(portal.school.translation_key)


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("/programmes", {"pageSize": "7"}, 400),
        ("/programmes", {"pageSize": "ten"}, 400),
        ("/programmes", {"pageNumber": "0"}, 400),
        ("/programmes", {"sort": "name"}, 400),
        ("/programmes", {"teachingLanguage": "English"}, 400),
        ("/programmes", {"filter_query[name][like]": "*law*"}, 400),
        ("/programmes/not-a-uuid", {}, 400),
        ("/programmes/00000000-0000-4000-8000-000000000000", {}, 404),
        ("/programmes/00000000-0000-4000-8000-000000000000", {"expand": "everything"}, 400),
        ("/organisations/00000000-0000-4000-8000-000000000000", {}, 404),
        ("/programme-offerings/00000000-0000-4000-8000-000000000000", {}, 404),
        ("/programmes/00000000-0000-4000-8000-000000000000/programme-offerings", {}, 404),
        ("/programmes", {"q": "x" * 500}, 400),
        ("/no-such-thing", {}, 404),
    ],
)
def test_bad_requests_get_a_problem_never_a_server_error(portal, path, query, status):
    response = Client().get(f"{BASE}{path}", query)
    assert_problem(response)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_get_405_with_a_problem(portal, method):
    response = getattr(Client(), method)(f"{BASE}/programmes")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert_problem(response)
    assert response.json()["title"] == "Method Not Allowed"


def test_responses_are_public_with_an_etag_and_answer_304_when_unchanged(portal):
    response = get("/programmes")
    assert "public" in response["Cache-Control"] and response["ETag"]
    assert response["Access-Control-Allow-Origin"] == "*"
    again = Client().get(f"{BASE}/programmes", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_draft_private_or_expired_programme_never_appears(portal):
    from wagtail.models import PageViewRestriction

    draft = ProgrammePageFactory(parent=portal.school, title="Secret draft programme", live=False)
    private = ProgrammePageFactory(parent=portal.faculty, title="Private programme")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    expired = ProgrammePageFactory(
        parent=portal.school, title="Expired programme", expire_at=timezone.now() - timedelta(minutes=1)
    )
    hidden = [draft, private, expired]
    everything = [
        ok("/programmes", pageSize=250),
        ok(f"/organisations/{portal.school.translation_key}/programmes", pageSize=250),
        ok("/organisations", pageSize=250),
    ]
    text = str(everything)
    for page in hidden:
        assert page.title not in text and str(page.translation_key) not in text
        assert get(f"/programmes/{page.translation_key}").status_code == 404
        assert get(f"/programmes/{page.translation_key}/programme-offerings").status_code == 404
    # nor does any offering of theirs resolve
    for page in hidden:
        for year in calendar.current_years():
            offering_id = calendar.offering_id(page.translation_key, year, 9)  # the factories' September intake
            assert get(f"/programme-offerings/{offering_id}").status_code == 404


def test_programme_and_school_pages_link_their_ooapi_resource(portal):
    for page, path in ((portal.joint, "programmes"), (portal.school, "organisations")):
        html = Client().get(page.url).content.decode()
        href = f"http://testserver{BASE}/{path}/{page.translation_key}"
        assert f'<link rel="alternate" type="application/json" href="{href}">' in html
        assert ok(f"/{path}/{page.translation_key}")["name"][0]["value"] == page.title


def test_no_programme_names_an_organisation_that_is_not_published(portal):
    from wagtail.models import PageViewRestriction

    index = portal.school.get_parent()
    closed = SchoolPageFactory(parent=index, title="Closed school", slug="closed-school")
    below_closed = ProgrammePageFactory(parent=closed, title="Master of Closing")
    closed.expire_at = timezone.now() - timedelta(minutes=1)
    closed.save()
    private = SchoolPageFactory(parent=index, title="Private school", slug="private-school")
    below_private = ProgrammePageFactory(parent=private, title="Master of Secrets")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    # `public()` leaves out everything below a private page: the programme is not published at all ...
    assert get(f"/programmes/{below_private.translation_key}").status_code == 404
    # ... but checks each page's own expiry: the expired school's programme is still public, naming no organisation.
    assert get(f"/organisations/{closed.translation_key}").status_code == 404
    assert "organisationId" not in ok(f"/programmes/{below_closed.translation_key}")
    offerings = ok(f"/programmes/{below_closed.translation_key}/programme-offerings")["items"]
    assert offerings and all("organisationId" not in item for item in offerings)
    named = {item.get("organisationId") for item in ok("/programmes", pageSize=250)["items"]} - {None}
    assert named and all(get(f"/organisations/{key}").status_code == 200 for key in named)


def test_an_offering_id_leads_to_its_programme_and_a_forged_one_to_404(portal):
    offering = ok(f"/programmes/{portal.joint.translation_key}/programme-offerings")["items"][0]
    key = offering["programmeOfferingId"]
    assert UUID(key).bytes[:12] == portal.joint.translation_key.bytes[:12]  # the key's first bytes, then the intake
    assert ok(f"/programme-offerings/{key}")["programmeId"] == str(portal.joint.translation_key)
    year = int(offering["startDateTime"][:4]) - (0 if int(offering["startDateTime"][5:7]) >= 9 else 1)
    unknown_intake = calendar.offering_id(portal.joint.translation_key, year, 7)  # July: not one of its intakes
    assert get(f"/programme-offerings/{unknown_intake}").status_code == 404
