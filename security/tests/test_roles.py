"""Roles: what `setup_roles` creates, that it keeps schools in step, and what each role may do in the admin."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
)

from announcements.models import Announcement
from schools.models import SchoolPage
from security.roles import create_role_users, school_groups

from .role_tree import (  # noqa: F401 - fixtures
    add,
    announcement_form_data,
    announcement_url,
    live_announcement,
    page_form_data,
    page_url,
    publish,
    roles_fixture,
    tree_fixture,
)


def role_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Group,
            GroupPagePermission,
            GroupCollectionPermission,
            Collection,
            Workflow,
            WorkflowPage,
            WorkflowContentType,
            Task,
        )
    }


def test_setup_roles_creates_the_groups_of_every_school_and_marketing(tree):
    out = io.StringIO()
    call_command("setup_roles", stdout=out)

    names = set(Group.objects.values_list("name", flat=True))
    for school in ("KU Leuven", "Faculty of Law", "Ghent University"):
        assert {f"{school} editors", f"{school} moderators"} <= names
        assert Collection.objects.filter(name=school).exists()
        assert WorkflowPage.objects.get(page__title=school).workflow.name == f"{school} approval"
    assert "Marketing" in names
    assert WorkflowContentType.objects.get().workflow.name == "Marketing approval"
    assert "Roles are set up for 3 school(s)" in out.getvalue()


def test_setup_roles_twice_changes_nothing(tree):
    call_command("setup_roles", stdout=io.StringIO())
    before = role_counts()
    call_command("setup_roles", stdout=io.StringIO())
    assert role_counts() == before


def test_a_new_school_gets_its_roles_without_running_setup_roles(tree):
    school = add(tree.school_index, SchoolPage(title="University of Antwerp", slug="antwerp"))

    editors, moderators = school_groups(school)
    assert editors and moderators
    granted = set(GroupPagePermission.objects.filter(page=school).values_list("group__name", "permission__codename"))
    assert ("University of Antwerp editors", "change_page") in granted
    assert ("University of Antwerp editors", "publish_page") not in granted
    assert ("University of Antwerp moderators", "publish_page") in granted
    workflow = WorkflowPage.objects.get(page=school).workflow
    assert [group.name for group in workflow.tasks.get().specific.groups.all()] == ["University of Antwerp moderators"]


def test_a_schools_roles_and_workflow_hold_for_its_translation(tree):
    from core.factories import translate

    call_command("setup_roles", stdout=io.StringIO())
    before = role_counts()
    dutch = translate(tree.school_a, title=tree.school_a.title)  # a Dutch tree: home, schools, the school

    granted = set(GroupPagePermission.objects.filter(page=dutch).values_list("group__name", "permission__codename"))
    assert ("KU Leuven editors", "change_page") in granted and ("KU Leuven moderators", "publish_page") in granted
    assert ("KU Leuven editors", "publish_page") not in granted
    assert WorkflowPage.objects.get(page=dutch).workflow == WorkflowPage.objects.get(page=tree.school_a).workflow
    call_command("setup_roles", stdout=io.StringIO())
    assert role_counts()["Group"] == before["Group"] and role_counts()["Workflow"] == before["Workflow"]


def test_renaming_a_school_renames_its_groups_and_collection(tree):
    call_command("setup_roles", stdout=io.StringIO())
    school = SchoolPage.objects.get(pk=tree.school_b.pk)
    school.title = "Universiteit Gent"
    publish(school)

    names = set(Group.objects.values_list("name", flat=True))
    assert {"Universiteit Gent editors", "Universiteit Gent moderators"} <= names
    assert not names & {"Ghent University editors", "Ghent University moderators"}
    assert Collection.objects.filter(name="Universiteit Gent").exists()


def png_upload(name="logo.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_school_images_stay_in_the_schools_own_collection(client, roles, tree):
    ghent = Collection.objects.get(name="Ghent University")
    client.force_login(roles["a_editor"])
    # Even a forged choice of another school's collection lands the image in the editor's own.
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Leuven campus", "file": png_upload(), "collection": ghent.pk}
    )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Leuven campus")
    assert image.collection.name == "KU Leuven"

    edit_link = reverse("wagtailimages:edit", args=[image.pk])
    for role, sees_it in (("b_editor", False), ("a_moderator", True)):
        other = Client()
        other.force_login(roles[role])
        assert (edit_link in other.get(reverse("wagtailimages:index")).content.decode()) == sees_it, role


# --- The permission matrix, through the admin's own views ---------------------------------------------------------

VIEW, EDIT, PUBLISH, DELETE = "view", "edit", "publish", "delete"
ACTIONS = (VIEW, EDIT, PUBLISH, DELETE)
TARGETS = (
    "own school page",
    "own programme page",
    "other school page",
    "home page",
    "portal event",
    "own school announcement",
    "site-wide announcement",
)

# What each role may do; everything not listed must be refused.
ALLOWED = {
    "a_editor": {
        "own school page": {VIEW, EDIT},
        "own programme page": {VIEW, EDIT},
        "own school announcement": {VIEW, EDIT},
    },
    "a_moderator": {
        # A school page with programmes below it is not deleted by a moderator (no bulk delete).
        "own school page": {VIEW, EDIT, PUBLISH},
        "own programme page": {VIEW, EDIT, PUBLISH, DELETE},
        "own school announcement": {VIEW, EDIT},
    },
    "marketing": {
        "own school page": {VIEW},
        "own programme page": {VIEW},
        "other school page": {VIEW},
        "home page": {VIEW, EDIT, PUBLISH},
        "portal event": {VIEW, EDIT, PUBLISH, DELETE},
        "own school announcement": {VIEW, EDIT, PUBLISH, DELETE},
        "site-wide announcement": {VIEW, EDIT, PUBLISH, DELETE},
    },
}
NEW_TEXT = "Changed through the admin"


def target_object(tree, name):
    pages = {
        "own school page": tree.school_a,
        "own programme page": tree.programme_a,
        "other school page": tree.school_b,
        "home page": tree.home,
        "portal event": tree.portal_event,
    }
    if name == "own school announcement":
        return live_announcement(text="KU Leuven scholarships are open", audience="schools", schools=[tree.school_a])
    return pages.get(name) or live_announcement(text="Scholarships for 2027 are open")


def try_page(client, action, page):
    """Attempt `action` on `page` in the admin; True when it took effect."""
    if action == VIEW:
        response = client.get(reverse("wagtailadmin_explore", args=[page.pk]))
        return response.status_code == 200 and response.context["parent_page"].pk == page.pk
    if action == DELETE:
        response = client.post(page_url("delete", page))
        assert response.status_code < 500
        return not Page.objects.filter(pk=page.pk).exists()
    extra = {"action-publish": "action-publish"} if action == PUBLISH else {}
    response = client.post(page_url("edit", page), page_form_data(page, title=NEW_TEXT, **extra))
    assert response.status_code < 500
    page = Page.objects.get(pk=page.pk)
    if action == EDIT:
        return page.get_latest_revision().content["title"] == NEW_TEXT
    return page.title == NEW_TEXT and page.live


def try_announcement(client, action, announcement):
    if action == VIEW:
        response = client.get(announcement_url("list"))
        return response.status_code == 200 and announcement.text in response.content.decode()
    if action == DELETE:
        response = client.post(announcement_url("delete", announcement))
        assert response.status_code < 500
        return not Announcement.objects.filter(pk=announcement.pk).exists()
    extra = {"action-publish": "action-publish"} if action == PUBLISH else {}
    data = announcement_form_data(announcement, text=NEW_TEXT, **extra)
    response = client.post(announcement_url("edit", announcement), data)
    assert response.status_code < 500
    announcement = Announcement.objects.get(pk=announcement.pk)
    if action == EDIT:
        return announcement.latest_revision.content["text"] == NEW_TEXT
    return announcement.text == NEW_TEXT and announcement.live


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_permission_matrix(client, roles, tree, role):
    """Every (target, action) cell for one role; each attempt is rolled back so the next starts from the same tree."""
    client.force_login(roles[role])
    mismatches = []
    for target in TARGETS:
        for action in ACTIONS:
            with transaction.atomic():
                obj = target_object(tree, target)
                attempt = try_announcement if isinstance(obj, Announcement) else try_page
                happened = attempt(client, action, obj)
                transaction.set_rollback(True)
            expected = action in ALLOWED[role].get(target, set())
            if happened != expected:
                mismatches.append(f"{action} {target}: expected {'allowed' if expected else 'refused'}")
    assert not mismatches, f"{role}: " + "; ".join(mismatches)


def test_a_school_editor_cannot_even_open_another_schools_edit_form(client, roles, tree):
    client.force_login(roles["a_editor"])
    response = client.get(page_url("edit", tree.school_b))
    assert response.status_code in (302, 403, 404)
    assert "Ghent University" not in response.content.decode()


def test_the_admin_explorer_shows_marketing_every_school_but_no_edit_link(client, roles, tree):
    client.force_login(roles["marketing"])
    response = client.get(reverse("wagtailadmin_explore", args=[tree.school_index.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "KU Leuven" in html and "Ghent University" in html
    assert page_url("edit", tree.school_a) not in html
    assert page_url("edit", tree.school_b) not in html


def test_bulk_publishing_from_the_explorer_respects_the_school_boundary(roles, tree):
    """The explorer's bulk actions work on plain Page objects: Marketing must not slip through them either."""
    school = SchoolPage.objects.get(pk=tree.school_a.pk)
    school.title = "KU Leuven (draft rename)"
    school.save_revision()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={school.pk}"

    for role, publishes in (("marketing", False), ("a_moderator", True)):
        client = Client()
        client.force_login(roles[role])
        client.post(url, {"include_descendants": ""})
        assert (Page.objects.get(pk=school.pk).title == "KU Leuven (draft rename)") == publishes, role


# --- Demo accounts ------------------------------------------------------------------------------------------------


def test_create_role_users_makes_one_account_per_role_and_prints_passwords(client, tree):
    out = io.StringIO()
    created = create_role_users(out)

    assert set(created) == {
        "marketing",
        "ku-leuven-editor",
        "ku-leuven-moderator",
        "law-editor",
        "law-moderator",
        "ghent-editor",
        "ghent-moderator",
    }
    for username, password in created.items():
        assert password in out.getvalue()
        assert client.login(username=username, password=password)
    user = get_user_model().objects.get(username="ghent-moderator")
    assert list(user.groups.values_list("name", flat=True)) == ["Ghent University moderators"]

    again = io.StringIO()
    assert create_role_users(again) == {}
    assert "password unchanged" in again.getvalue()


@override_settings(SETTINGS_MODULE="portal.settings.production")
def test_create_role_users_is_refused_under_production_settings(tree):
    with pytest.raises(ImproperlyConfigured):
        create_role_users(io.StringIO())
    assert not get_user_model().objects.exists()
