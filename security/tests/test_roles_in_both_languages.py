"""A school's groups and moderation workflow cover its page in every language: its editors may edit and submit the
Dutch translation of their school's pages, and nobody else's."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, WorkflowPage

from core.factories import translate
from schools.factories import SchoolPageFactory
from security.roles import school_groups


@pytest.fixture
def roles_in_two_languages(bilingual_tree):
    call_command("setup_roles", stdout=StringIO())
    return bilingual_tree


def grants(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list("permission__codename", flat=True)
    )


def test_a_schools_groups_get_the_same_grants_on_its_dutch_page(roles_in_two_languages):
    tree = roles_in_two_languages
    editors, moderators = school_groups(tree.en.school)
    assert school_groups(tree.school) == (editors, moderators)  # one pair of groups, not one per language
    assert grants(editors, tree.school) == grants(editors, tree.en.school) == {"add_page", "change_page", "lock_page"}
    assert grants(moderators, tree.school) == grants(moderators, tree.en.school)
    assert not Group.objects.filter(name__startswith="Faculteit").exists()


def test_the_moderation_workflow_covers_both_languages(roles_in_two_languages):
    tree = roles_in_two_languages
    workflow = WorkflowPage.objects.get(page=tree.en.school).workflow
    assert WorkflowPage.objects.get(page=tree.school).workflow == workflow
    assert tree.programme.get_workflow() == workflow


def test_a_school_translated_after_setup_roles_gets_the_grants_at_once(roles_in_two_languages):
    tree = roles_in_two_languages
    economics = SchoolPageFactory(parent=tree.en.school_index, title="Faculty of Economics", slug="economics")
    dutch = translate(economics, title="Faculteit Economie")
    editors, _moderators = school_groups(economics)
    assert grants(editors, dutch) == grants(editors, economics)
    assert dutch.get_workflow() == economics.get_workflow()


def test_setup_roles_twice_changes_nothing_in_two_languages(roles_in_two_languages):
    before = set(GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename"))
    call_command("setup_roles", stdout=StringIO())
    assert set(GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename")) == before


def test_school_editors_may_translate_and_edit_only_their_schools_dutch_pages(roles_in_two_languages):
    tree = roles_in_two_languages
    editors, _moderators = school_groups(tree.en.school)
    editor = get_user_model().objects.create_user("law-editor", password="x" * 16)
    editor.groups.add(editors)
    assert editor.has_perm("simple_translation.submit_translation")
    assert tree.programme.permissions_for_user(editor).can_edit()
    assert not tree.programme.permissions_for_user(editor).can_publish()
    assert not tree.programme_index.permissions_for_user(editor).can_edit()
