"""School lines in the admin: announcements, page choosers, the explorer and search show a user only what they may
edit or what is public; Wagtail's default groups give nothing away."""

import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Revision

from announcements.models import Announcement
from security.roles import setup_roles

from .role_tree import (  # noqa: F401 - fixtures
    SECRET,
    add_secret_pages,
    announcement_form_data,
    announcement_url,
    live_announcement,
    make_user,
    roles_fixture,
    tree_fixture,
)

SCHOOL_STAFF = ("a_editor", "a_moderator")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def announcements(tree, roles):
    return {
        "site": live_announcement(text="Site-wide scholarship news"),
        "school_a": live_announcement(text="KU Leuven library hours", audience="schools", schools=[tree.school_a]),
        "school_b": live_announcement(text="Ghent-only campus tour", audience="schools", schools=[tree.school_b]),
        "programme_a": live_announcement(
            text="Social security info session", audience="programmes", programmes=[tree.programme_a]
        ),
    }


# --- Announcements --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", SCHOOL_STAFF)
def test_a_school_editors_edit_of_marketings_site_wide_announcement_is_refused(roles, announcements, role):
    site_wide = announcements["site"]
    revisions = Revision.objects.for_instance(site_wide).count()
    data = announcement_form_data(site_wide, text="pwned")

    response = client_for(roles[role]).post(announcement_url("edit", site_wide), data)

    assert response.status_code in (403, 404)
    assert Revision.objects.for_instance(site_wide).count() == revisions
    assert Announcement.objects.get(pk=site_wide.pk).latest_revision.content["text"] == "Site-wide scholarship news"


@pytest.mark.parametrize(
    "action", ["edit", "delete", "history", "usage", "preview_on_edit", "copy", "workflow_history", "unpublish", "lock"]
)
def test_every_view_of_another_schools_announcement_is_refused(roles, announcements, action):
    name = Announcement.snippet_viewset.get_url_name(action)
    client = client_for(roles["a_editor"])
    for key in ("site", "school_b"):
        response = client.get(reverse(name, args=[announcements[key].pk]))
        assert response.status_code in (403, 404), (key, action)
        assert announcements[key].text not in response.content.decode()


def test_school_staff_list_only_their_own_schools_announcements(roles, announcements):
    for role in SCHOOL_STAFF:
        html = client_for(roles[role]).get(announcement_url("list")).content.decode()
        assert "KU Leuven library hours" in html and "Social security info session" in html, role
        assert "Site-wide scholarship news" not in html and "Ghent-only campus tour" not in html, role
    html = client_for(roles["marketing"]).get(announcement_url("list")).content.decode()
    assert all(item.text in html for item in announcements.values())


def test_school_staff_edit_their_own_schools_announcement(roles, announcements):
    own = announcements["school_a"]
    data = announcement_form_data(own, text="KU Leuven library opens on Sundays")
    response = client_for(roles["a_editor"]).post(announcement_url("edit", own), data)
    assert response.status_code == 302
    assert Announcement.objects.get(pk=own.pk).latest_revision.content["text"] == "KU Leuven library opens on Sundays"


def new_announcement(**fields):
    data = {"text": "Proposed banner", "level": "info", "link_url": "", "link_text": "", "link_page": ""}
    data.update(go_live_at="", expire_at="", **fields)
    return data


def test_school_staff_may_not_aim_an_announcement_at_the_site_or_another_school(roles, tree):
    client = client_for(roles["a_editor"])
    for fields in (
        {"audience": "site"},
        {"audience": "schools", "schools": [tree.school_b.pk]},
        {"audience": "programmes", "programmes": [tree.programme_b.pk]},
    ):
        response = client.post(announcement_url("add"), new_announcement(**fields))
        assert response.status_code == 200, fields  # the form again, with an error
        assert not Announcement.objects.filter(text="Proposed banner").exists(), fields

    response = client.post(announcement_url("add"), new_announcement(audience="schools", schools=[tree.school_a.pk]))
    assert response.status_code == 302
    assert Announcement.objects.get(text="Proposed banner").schools.get() == tree.school_a


def test_the_audience_choosers_offer_only_what_the_user_may_target(roles, tree):
    secrets = add_secret_pages(tree)
    html = client_for(roles["a_editor"]).get(announcement_url("add")).content.decode()
    assert "Master of European Social Security" in html and "KU Leuven" in html
    assert "Master of Marine Biology" not in html and "Ghent University" not in html
    assert 'value="site"' not in html
    assert SECRET not in html

    html = client_for(roles["marketing"]).get(announcement_url("add")).content.decode()
    assert "Master of Marine Biology" in html and "Ghent University" in html and 'value="site"' in html
    assert SECRET not in html, "Marketing is offered no school's drafts, scheduled or private pages"
    assert "Master of Oceanography" not in html, "nor a live page with a pending rename"
    assert secrets.draft.title not in html


# --- Page choosers, explorer and search ---------------------------------------------------------------------------


def chooser_urls(tree, secrets):
    return [
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[tree.school_b.pk]),
        reverse("wagtailadmin_choose_page_child", args=[tree.school_b.pk]) + "?page_type=programmes.programmepage",
        reverse("wagtailadmin_choose_page_search") + "?q=draft",
        reverse("wagtailadmin_choose_page_search") + "?q=rename",
        reverse("wagtailadmin_choose_page_search") + "?q=programme",
        reverse("wagtailadmin_choose_page_search") + "?q=Oceanography",
        reverse("wagtailadmin_choose_page_child", args=[secrets.draft.pk]),
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={secrets.draft.pk}&id={secrets.private.pk}",
        reverse("wagtailadmin_explore", args=[tree.school_b.pk]),
        reverse("wagtailadmin_explore", args=[secrets.draft.pk]),
        reverse("wagtailadmin_pages:search") + "?q=private",
        reverse("wagtailadmin_pages:search") + "?q=scheduled",
        reverse("wagtailadmin_pages:search") + "?q=programme",
        reverse("wagtailadmin_pages:history", args=[secrets.renamed.pk]),
        reverse("wagtailadmin_pages:usage", args=[secrets.draft.pk]),
    ]


@pytest.mark.parametrize("role", ["a_editor", "a_moderator", "marketing"])
def test_choosers_explorer_and_search_show_no_foreign_draft_titles(roles, tree, role):
    secrets = add_secret_pages(tree)
    client = client_for(roles[role])
    for url in chooser_urls(tree, secrets):
        response = client.get(url)
        assert response.status_code < 500, url
        assert SECRET not in response.content.decode(), url


def test_choosers_still_offer_live_public_pages_and_the_users_own_drafts(roles, tree):
    add_secret_pages(tree)
    html = client_for(roles["marketing"]).get(reverse("wagtailadmin_choose_page_search") + "?q=Marine").content
    assert b"Master of Marine Biology" in html
    own_draft = Page.objects.get(pk=tree.programme_a.pk).specific
    own_draft.title = "Social security, draft rename"
    own_draft.save_revision()
    html = client_for(roles["a_editor"]).get(reverse("wagtailadmin_choose_page_child", args=[tree.school_a.pk]))
    assert b"Social security, draft rename" in html.content


# --- Wagtail's default groups --------------------------------------------------------------------------------------


def test_setup_roles_neutralises_wagtails_default_groups(tree):
    # Wagtail's migrations created "Editors" and "Moderators" with rights on the root; the test database may not have
    # them any more, so make sure they exist, one with a member.
    root = Page.get_first_root_node()
    editors, _ = Group.objects.get_or_create(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    for group in (editors, moderators):
        if not GroupPagePermission.objects.filter(group=group, page=root).exists():
            GroupPagePermission.objects.create(group=group, page=root, permission_type="change")
    member = make_user("careless-admins-pick", editors)

    setup_roles(stdout=io.StringIO())

    assert not Group.objects.filter(name="Moderators").exists()
    assert not GroupPagePermission.objects.filter(group__name__in=["Editors", "Moderators"]).exists()
    assert not Group.objects.get(name="Editors").permissions.exists()
    client = client_for(member)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[tree.school_b.pk])).status_code in (302, 403, 404)
