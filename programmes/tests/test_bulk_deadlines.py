"""A school editor changes application deadlines in bulk: export a CSV, import it back, see a preview and errors per
row and column, and each changed programme gets one revision awaiting moderation (programmes/bulk.py)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Revision

from programmes.factories import ApplicationDeadlineFactory, ProgrammePageFactory
from programmes.models import ProgrammePage
from schools.factories import SchoolPageFactory
from security.roles import ensure_school_roles

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def school(site_tree):
    site_tree.programme.deadlines.all().delete()
    ApplicationDeadlineFactory(page=site_tree.programme, date=date(2027, 3, 1), applicant_group="EEA students")
    site_tree.second = ProgrammePageFactory(parent=site_tree.school, title="Master of Tax Law", deadline=None)
    ApplicationDeadlineFactory(page=site_tree.second, date=date(2027, 5, 1), applicant_group="All applicants")
    site_tree.other_school = SchoolPageFactory(title="Faculty of Economics")
    site_tree.other = ProgrammePageFactory(parent=site_tree.other_school, title="Master of Econometrics")
    return site_tree


@pytest.fixture
def editor(school, client, django_user_model):
    user = django_user_model.objects.create_user("law-editor", "editor@example.org", PASSWORD)
    user.groups.add(ensure_school_roles(school.school).editors)
    assert client.login(username="law-editor", password=PASSWORD)
    return client


def export(client, school):
    response = client.get(reverse("programme_bulk_deadlines_export", args=[school.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    return response.content.decode()


def upload(client, school, text, **extra):
    data = {"file": SimpleUploadedFile("deadlines.csv", text.encode(), content_type="text/csv"), "preview": ""}
    return client.post(reverse("programme_bulk_deadlines", args=[school.pk]), data | extra)


def apply(client, school, text, **extra):
    return client.post(reverse("programme_bulk_deadlines", args=[school.pk]), {"content": text, "apply": ""} | extra)


def test_the_export_lists_every_deadline_of_the_school(editor, school):
    lines = export(editor, school.school).splitlines()
    assert lines[0] == "programme_id,programme,applicant_group,deadline"
    assert f"{school.programme.pk},Master of European Social Security,EEA students,2027-03-01" in lines
    assert f"{school.second.pk},Master of Tax Law,All applicants,2027-05-01" in lines
    assert "Econometrics" not in "\n".join(lines)


def test_importing_the_export_unchanged_changes_nothing(editor, school):
    text = export(editor, school.school)
    before = Revision.objects.count()
    assert "No programme would change." in upload(editor, school.school, text).content.decode()
    apply(editor, school.school, text)
    assert Revision.objects.count() == before


def test_one_changed_deadline_makes_one_revision_awaiting_moderation(editor, school):
    text = export(editor, school.school).replace("2027-03-01", "2027-03-15")
    preview = upload(editor, school.school, text).content.decode()
    assert "What importing would change" in preview and "2027-03-15 (EEA students)" in preview
    before = Revision.objects.count()
    response = apply(editor, school.school, text)
    assert "Saved a new revision of 1 programme." in response.content.decode()
    assert Revision.objects.count() == before + 1
    programme = school.programme.specific_class.objects.get(pk=school.programme.pk)
    assert programme.latest_revision.object_id == str(programme.pk)
    assert programme.workflow_in_progress  # awaiting the school's moderators
    assert [d.date for d in programme.get_latest_revision_as_object().deadlines.all()] == [date(2027, 3, 15)]
    assert [d.date for d in programme.deadlines.all()] == [date(2027, 3, 1)]  # the live page is unchanged


def test_rows_with_errors_are_named_by_row_and_column_and_nothing_is_written(editor, school):
    text = export(editor, school.school)
    text = text.replace("2027-03-01", "1 March").replace("2027-05-01", "2027-06-01")
    text += f"{school.other.pk},Master of Econometrics,All,2027-01-01\n"
    before = Revision.objects.count()
    response = upload(editor, school.school, text)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Not a date written as year-month-day" in page and "Not a programme of this school that you may edit." in page
    )
    assert apply(editor, school.school, text).status_code == 400
    assert Revision.objects.count() == before  # one row failed: nothing saved

    apply(editor, school.school, text, apply_valid="on")
    assert Revision.objects.count() == before + 1  # only the programme whose rows are all valid
    second = ProgrammePage.objects.get(pk=school.second.pk)
    assert second.get_latest_revision_as_object().deadlines.get().date == date(2027, 6, 1)


def test_an_editor_of_one_school_cannot_reach_another(editor, school):
    for name in ("programme_bulk_deadlines", "programme_bulk_deadlines_export"):
        response = editor.get(reverse(name, args=[school.other_school.pk]))
        assert response.status_code in (302, 403, 404)  # refused (by the admin scope or Wagtail's denial)
        assert "Econometrics" not in response.content.decode()
    index = editor.get(reverse("programme_bulk_index")).content.decode()
    assert "Faculty of Law" in index and "Faculty of Economics" not in index
