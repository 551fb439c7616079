"""On generated portals of 10 and 200 programmes (`generate_bench_portal`, with joint programmes and full facts):
every endpoint answers what the specification allows, and in the same pinned number of SQL queries at both sizes."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from programmes.models import PartnerInstitution, ProgrammePage
from schools.models import SchoolPage

from .conformance import BASE, assert_valid_request, assert_valid_response

# Pinned: a change here is a change in how much work an endpoint does; update it knowingly. Counted on a repeated
# request (the first one also builds the site lookups that `caching.memo` keeps).
EXPECTED = {
    "service": 0,
    "organisations": 2,  # schools, partners of public programmes
    "organisation": 3,  # schools and partners, then the schools to expand from
    "organisation's programmes": 4,  # schools and partners, the page's ids with the total, the programmes' facts
    "programmes": 2,  # the page's ids with the total (a window count), the programmes with all their facts
    "programme, expanded": 3,  # its id, the programme with its facts, the schools
    "offerings": 2,  # its id, the programme with its facts
    "offering, expanded": 3,  # its programme's id (by the key the id keeps), the programme with its facts, the schools
    "academic sessions": 0,
}


def targets():
    school = SchoolPage.objects.order_by("path").first()
    joint = ProgrammePage.objects.filter(partner_institutions__isnull=False).order_by("path").first()
    partner = PartnerInstitution.objects.filter(programmepage=joint).first()
    assert partner is not None
    offerings = Client().get(f"{BASE}/programmes/{joint.translation_key}/programme-offerings").json()["items"]
    return {
        "service": "/",
        "organisations": "/organisations?pageSize=100",
        "organisation": f"/organisations/{school.translation_key}?expand=parent,children",
        "organisation's programmes": f"/organisations/{partner.translation_key}/programmes?pageSize=100",
        "programmes": "/programmes?pageSize=100",
        "programme, expanded": f"/programmes/{joint.translation_key}?expand=organisation",
        "offerings": f"/programmes/{joint.translation_key}/programme-offerings?pageSize=100",
        "offering, expanded": (
            f"/programme-offerings/{offerings[0]['programmeOfferingId']}?expand=programme,organisation,academic_session"
        ),
        "academic sessions": "/academic-sessions",
    }


def count_queries(path):
    client = Client()
    client.get(BASE + path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BASE + path)
    assert response.status_code == 200, (path, response.content)
    assert_valid_response(response)
    assert_valid_request(response)
    return len(queries)


@pytest.mark.parametrize("programmes", [10, 200])
def test_every_endpoint_conforms_in_a_fixed_number_of_queries(db, settings, tmp_path, programmes):
    settings.MEDIA_ROOT = tmp_path
    call_command("generate_bench_portal", programmes=programmes, no_index=True, stdout=StringIO())
    measured = {name: count_queries(path) for name, path in targets().items()}
    assert measured == EXPECTED
