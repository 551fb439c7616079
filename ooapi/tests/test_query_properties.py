"""Property: whatever query a client sends to a collection or an instance, the answer is one the specification
allows for it (a 200 with a valid body, or a 400/404 Problem), never a server error."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conformance import BASE, assert_problem, assert_valid_response

NAMES = [
    "pageSize",
    "pageNumber",
    "q",
    "primaryCode",
    "teachingLanguage",
    "programmeType",
    "qualificationAwarded",
    "levelOfQualification",
    "fieldsOfStudy",
    "expand",
    "fields",
    "consumer",
    "state",
    "modeOfStudy",
    "resultExpected",
    "since",
    "until",
    "organisationType",
    "academicSessionType",
    "year",
    "parent",
    "sort",
    "filter_query[name][like]",
]
VALUES = st.one_of(
    st.sampled_from(
        [
            "10",
            "20",
            "250",
            "0",
            "-1",
            "2",
            "99999999999",
            "en",
            "nl-BE",
            "master",
            "eqf_7",
            "programme",
            "active",
            "full_time",
            "true",
            "false",
            "2027-09-01T00:00:00Z",
            "2027-02-30",
            "organisation,parent",
            "academic_session",
            "00000000-0000-4000-8000-000000000000",
            "root",
            "",
            "a\x00b",
        ]
    ),
    st.text(max_size=40),
)
QUERIES = st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=4)


@pytest.fixture
def paths(site_tree):
    offerings = Client().get(f"{BASE}/programmes/{site_tree.programme.translation_key}/programme-offerings").json()
    return [
        "/",
        "/organisations",
        f"/organisations/{site_tree.school.translation_key}",
        f"/organisations/{site_tree.school.translation_key}/programmes",
        "/programmes",
        f"/programmes/{site_tree.programme.translation_key}",
        f"/programmes/{site_tree.programme.translation_key}/programme-offerings",
        f"/programme-offerings/{offerings['items'][0]['programmeOfferingId']}",
        "/academic-sessions",
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), query=QUERIES)
def test_any_query_gets_an_answer_the_specification_allows(paths, data, query):
    path = data.draw(st.sampled_from(paths))
    response = Client().get(BASE + path, query)
    assert response.status_code in (200, 400, 404), (path, query, response.status_code)
    if response.status_code == 200:
        assert_valid_response(response)
    else:
        assert_problem(response)
