"""Moderation: a school editor's change waits for a moderator of that school; announcements wait for Marketing."""

from django.test import Client
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState

from announcements.models import Announcement

from .role_tree import (  # noqa: F401 - fixtures
    announcement_url,
    page_form_data,
    page_url,
    roles_fixture,
    tree_fixture,
)

NEW_TITLE = "Master of European Social Security (2027 edition)"
SUBMIT = {"action-submit": "action-submit"}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def public_html(page):
    response = Client().get(Page.objects.get(pk=page.pk).url)
    assert response.status_code == 200
    return response.content.decode()


def submit_programme_change(editor, programme):
    response = client_for(editor).post(
        page_url("edit", programme), page_form_data(programme, title=NEW_TITLE, **SUBMIT)
    )
    assert response.status_code == 302
    return Page.objects.get(pk=programme.pk).current_workflow_task_state


def page_workflow_action(user, page, action, task_state, comment=""):
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client_for(user).post(url, {"comment": comment})


def test_an_editors_change_is_invisible_until_a_moderator_of_that_school_approves_it(roles, tree):
    task_state = submit_programme_change(roles["a_editor"], tree.programme_a)

    assert task_state.task.name == "KU Leuven moderators approval"
    assert NEW_TITLE not in public_html(tree.programme_a)

    # Neither the editor, nor another school's moderator, nor Marketing can approve it.
    for outsider in ("a_editor", "b_moderator", "marketing"):
        page_workflow_action(roles[outsider], tree.programme_a, "approve", task_state)
        assert NEW_TITLE not in public_html(tree.programme_a), outsider
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    response = page_workflow_action(roles["a_moderator"], tree.programme_a, "approve", task_state)

    assert response.status_code == 302
    assert NEW_TITLE in public_html(tree.programme_a)
    assert Page.objects.get(pk=tree.programme_a.pk).current_workflow_state is None


def test_a_rejection_with_a_comment_goes_back_to_the_editor(roles, tree):
    task_state = submit_programme_change(roles["a_editor"], tree.programme_a)

    page_workflow_action(roles["a_moderator"], tree.programme_a, "reject", task_state, "Please add the 2027 fees.")

    state = WorkflowState.objects.get(object_id=str(tree.programme_a.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert NEW_TITLE not in public_html(tree.programme_a)
    editor_view = client_for(roles["a_editor"]).get(page_url("edit", tree.programme_a)).content.decode()
    assert "Please add the 2027 fees." in editor_view
    assert "Changes requested" in editor_view


def test_a_school_moderator_publishes_directly_without_a_workflow(roles, tree):
    data = page_form_data(tree.programme_a, title=NEW_TITLE, **{"action-publish": "action-publish"})
    client_for(roles["a_moderator"]).post(page_url("edit", tree.programme_a), data)
    assert NEW_TITLE in public_html(tree.programme_a)


def announcement_post(text, **extra):
    return {
        "text": text,
        "level": "info",
        "audience": "site",
        "link_page": "",
        "link_url": "",
        "link_text": "",
        "go_live_at": "",
        "expire_at": "",
        **extra,
    }


def test_an_announcement_from_school_staff_waits_for_marketings_approval(roles, tree):
    text = "Our library opens on Sundays during the exam period"
    own_school = {"audience": "schools", "schools": [tree.school_a.pk]}
    response = client_for(roles["a_moderator"]).post(
        announcement_url("add"), announcement_post(text, **own_school, **SUBMIT)
    )
    assert response.status_code == 302

    announcement = Announcement.objects.get(text=text)
    task_state = announcement.current_workflow_task_state
    assert task_state.task.name == "Marketing approval"
    assert not announcement.live
    assert text not in public_html(tree.school_a)

    name = Announcement.snippet_viewset.get_url_name("workflow_action")
    url = reverse(name, args=[announcement.pk, "approve", task_state.pk])
    client_for(roles["b_moderator"]).post(url, {"comment": ""})
    assert not Announcement.objects.get(pk=announcement.pk).live

    client_for(roles["marketing"]).post(url, {"comment": ""})

    assert Announcement.objects.get(pk=announcement.pk).live
    assert text in public_html(tree.school_a)
