"""The whole feed over the demo content (the KU Leuven seeds): every resource reached by following the feed's own
identifiers, page by page, validates against the specification."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from .conformance import BASE, assert_valid_request, assert_valid_response

PSIE = "Erasmus Mundus Master of Science in Public Sector Innovation"


def ok(path, **query):
    response = Client().get(BASE + path, query)
    assert response.status_code == 200, (path, response.content)
    assert_valid_response(response)
    assert_valid_request(response)
    return response.json()


def every(path, **query):
    """All items of a collection, following hasNextPage."""
    items, number = [], 1
    while True:
        page = ok(path, pageSize=10, pageNumber=number, **query)
        items += page["items"]
        if not page["hasNextPage"]:
            return items
        number += 1


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())


def test_every_resource_of_the_demo_conforms(demo):
    ok("/")
    organisations = every("/organisations")
    for organisation in organisations:
        ok(f"/organisations/{organisation['organisationId']}", expand="parent,children")
        every(f"/organisations/{organisation['organisationId']}/programmes")
    programmes = every("/programmes")
    assert len(programmes) >= 3
    for programme in programmes:
        ok(f"/programmes/{programme['programmeId']}", expand="organisation,children")
        offerings = every(f"/programmes/{programme['programmeId']}/programme-offerings", since="2000-01-01T00:00:00Z")
        assert offerings, programme["name"]
        for offering in offerings:
            ok(
                f"/programme-offerings/{offering['programmeOfferingId']}",
                expand="programme,organisation,academic_session",
            )
    for session in every("/academic-sessions"):
        ok(f"/academic-sessions/{session['academicSessionId']}", expand="children")

    joint = next(item for item in programmes if item["name"][0]["value"].startswith(PSIE))
    assert "joint_delivery" in joint["modesOfDelivery"]
    partners = {item["organisationId"]: item for item in organisations if item["organisationType"] == "x-partner"}
    assert set(joint["ext"]["partnerOrganisationIds"]) <= set(partners) and joint["ext"]["partnerOrganisationIds"]
