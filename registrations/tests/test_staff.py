"""Staff: each role sees, exports and checks in only the registrations of the events it may edit."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from registrations.factories import RegistrationFactory, RegistrationSettingsFactory
from registrations.models import Registration
from security.tests.role_tree import add, event, roles_fixture, tree_fixture  # noqa: F401 - fixtures


@pytest.fixture
def scene(tree):
    """School A's open day and a school B event, each with registrations."""
    event_b = add(tree.school_b, event("Ghent open day", "ghent-open-day", days_ahead=12))
    for page in (tree.event_a, event_b, tree.portal_event):
        RegistrationSettingsFactory(page=page, capacity=2)
    ada = RegistrationFactory(event=tree.event_a, name="Ada Lovelace", email="ada@example.org")
    ada.programmes.add(tree.programme_a)
    RegistrationFactory(event=tree.event_a, name="=HYPERLINK(1)", email="formula@example.org")
    RegistrationFactory(event=tree.event_a, name="Wanda Waiting", status=Registration.Status.WAITING)
    RegistrationFactory(event=event_b, name="Gunnar Ghent", email="gunnar@example.org")
    RegistrationFactory(event=tree.portal_event, name="Fiona Fair", email="fiona@example.org")
    return tree, event_b


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


URLS = ("registrations_admin:event", "registrations_admin:check_in", "registrations_admin:export")


@pytest.mark.parametrize(
    ("role", "own", "foreign"),
    [
        ("a_editor", "event_a", "event_b"),
        ("a_moderator", "event_a", "event_b"),
        ("b_editor", "event_b", "event_a"),
        ("marketing", "portal_event", "event_a"),
    ],
)
def test_each_role_sees_and_exports_only_its_own_events(scene, roles, role, own, foreign):
    tree, event_b = scene
    pages = {"event_a": tree.event_a, "event_b": event_b, "portal_event": tree.portal_event}
    names = {"event_a": "Ada Lovelace", "event_b": "Gunnar Ghent", "portal_event": "Fiona Fair"}
    client = signed_in(roles[role])

    index = client.get(reverse("registrations_admin:index")).content.decode()
    assert pages[own].title in index and names[own] not in index
    assert pages[foreign].title not in index
    for name in URLS:
        assert client.get(reverse(name, args=[pages[own].pk])).status_code == 200
        refused = client.get(reverse(name, args=[pages[foreign].pk]))
        assert refused.status_code == 404, name
        assert names[foreign] not in refused.content.decode() if not refused.streaming else True
    assert names[own] in client.get(reverse("registrations_admin:event", args=[pages[own].pk])).content.decode()
    before = Registration.objects.filter(attended_at__isnull=False).count()
    client.post(reverse("registrations_admin:check_in", args=[pages[foreign].pk]), {"attended": ["1", "2", "3"]})
    assert Registration.objects.filter(attended_at__isnull=False).count() == before


def test_superuser_sees_every_event(scene, roles):
    index = signed_in(roles["admin"]).get(reverse("registrations_admin:index")).content.decode()
    assert "Online open day" in index and "Ghent open day" in index and "Study in Flanders fair" in index


def test_export_is_a_streamed_csv_with_formulas_neutralised(scene, roles):
    tree, _event_b = scene
    response = signed_in(roles["a_editor"]).get(reverse("registrations_admin:export", args=[tree.event_a.pk]))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Name", "E-mail", "Status"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Ada Lovelace"][1] == "ada@example.org"
    assert by_name["Ada Lovelace"][4] == tree.programme_a.title
    assert "'=HYPERLINK(1)" in by_name  # a spreadsheet shows it as text, never runs it
    assert "Gunnar Ghent" not in by_name
    assert by_name["Wanda Waiting"][2] == "Waiting list"


def test_check_in_marks_attendance_and_counts_follow(scene, roles):
    tree, _event_b = scene
    client = signed_in(roles["a_editor"])
    url = reverse("registrations_admin:check_in", args=[tree.event_a.pk])
    page = client.get(url).content.decode()
    assert "Ada Lovelace" in page and "Wanda Waiting" not in page  # the waiting list does not come in
    ada = Registration.objects.get(email="ada@example.org")
    assert client.post(url, {"attended": [str(ada.pk)]}).status_code == 302
    ada.refresh_from_db()
    assert ada.attended
    overview = client.get(reverse("registrations_admin:event", args=[tree.event_a.pk])).content.decode()
    assert "Per programme of interest" in overview and tree.programme_a.title in overview
    counts = signed_in(roles["a_editor"]).get(reverse("registrations_admin:index"))
    assert counts.context["events"][0].attended == 1
    assert counts.context["events"][0].confirmed == 2
    assert counts.context["events"][0].waiting == 1
    client.post(url, {})  # every box unticked
    ada.refresh_from_db()
    assert not ada.attended
