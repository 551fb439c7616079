"""Editorial roles: who may do what in the admin.

Each school gets two groups, "<School> editors" and "<School> moderators", with page permissions on the school's
subtree, an image and document collection, and a moderation workflow in which the school's moderators approve
what its editors submit. One "Marketing" group edits and publishes the home page, the portal-wide events and the
announcements, whose changes by school staff go through a Marketing approval task.

Everything here is idempotent: `setup_roles` can run any number of times, and a signal keeps a new (or renamed)
school in step.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

MARKETING = "Marketing"
MARKETING_WORKFLOW = "Marketing approval"
EDITORS_SUFFIX = " editors"
MODERATORS_SUFFIX = " moderators"
NAME_ROOM = 150 - len(MODERATORS_SUFFIX)  # Group.name is at most 150 characters

EDITOR_PAGE_ACTIONS = ["add", "change", "lock"]
MODERATOR_PAGE_ACTIONS = ["add", "change", "publish", "lock", "unlock"]
MARKETING_HOME_ACTIONS = ["change", "publish", "lock", "unlock"]
MARKETING_EVENTS_ACTIONS = ["add", "change", "publish", "lock", "unlock"]

EDITOR_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
MODERATOR_MEDIA = EDITOR_MEDIA + ["wagtailimages.delete_image", "wagtaildocs.delete_document"]
CHOOSE_MEDIA = ["wagtailimages.choose_image", "wagtaildocs.choose_document"]

ADMIN_ACCESS = ["wagtailadmin.access_admin"]
# School staff draft announcements (Marketing approves them) and pick taxonomy snippets in programme pages.
SCHOOL_MODEL_PERMISSIONS = ADMIN_ACCESS + [
    "simple_translation.submit_translation",  # "Translate" a page of their school into the other language
    "announcements.add_announcement",
    "announcements.change_announcement",
    "announcements.view_announcement",
    "programmes.view_subjectarea",
    "programmes.view_degreetype",
    "programmes.view_languagetest",
    "programmes.view_partnerinstitution",
]
MARKETING_MODEL_PERMISSIONS = ADMIN_ACCESS + [
    "announcements.add_announcement",
    "announcements.change_announcement",
    "announcements.delete_announcement",
    "announcements.view_announcement",
    "announcements.publish_announcement",
    "announcements.lock_announcement",
    "announcements.unlock_announcement",
]


@dataclass
class SchoolRoles:
    editors: Group
    moderators: Group
    collection: Collection
    workflow: Workflow


# --- Permission lookups ----------------------------------------------------------------------------------------------


def permissions(names):
    """Permission objects for "app_label.codename" strings, in one query; an unknown name is an error."""
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted}, codename__in={code for _, code in wanted}
    ).select_related("content_type")
    by_name = {(perm.content_type.app_label, perm.codename): perm for perm in found}
    missing = wanted - by_name.keys()
    if missing:
        raise ImproperlyConfigured(f"Unknown permissions (are migrations applied?): {sorted(missing)}")
    return [by_name[key] for key in sorted(wanted)]


def page_permissions(actions):
    return permissions(f"wagtailcore.{action}_page" for action in actions)


def sync_page_permissions(group, page, actions):
    """Give `group` exactly `actions` on `page` (and so on its subtree): add what is missing, drop the rest."""
    wanted = page_permissions(actions)
    GroupPagePermission.objects.filter(group=group, page=page).exclude(permission__in=wanted).delete()
    for permission in wanted:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def sync_collection_permissions(group, collection, names):
    wanted = permissions(names)
    GroupCollectionPermission.objects.filter(group=group, collection=collection).exclude(permission__in=wanted).delete()
    for permission in wanted:
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def add_model_permissions(group, names):
    group.permissions.add(*permissions(names))


# --- Schools -------------------------------------------------------------------------------------------------------


def canonical_school(school):
    """The school whose groups, collection and workflow all its translations share: its page in the default language
    (the school itself when it has none)."""
    default = Locale.get_default()
    if school.locale_id == default.pk:
        return school
    return school.get_translation_or_none(default) or school


def school_translations(school):
    """The school's page in every language (itself included): each gets the same grants and workflow."""
    return list(type(school).objects.filter(translation_key=school.translation_key).order_by("path"))


def school_label(school):
    """The name a school's groups, collection and workflow carry: its title, plus its parent's when ambiguous."""
    from schools.models import SchoolPage

    school = canonical_school(school)
    label = school.title.strip()
    others = SchoolPage.objects.filter(title=school.title).exclude(translation_key=school.translation_key)
    if others.exists():
        parent = school.get_parent()
        label = f"{label} ({parent.title.strip()})" if parent else f"{label} ({school.pk})"
    return label[:NAME_ROOM]


def _group_for_school(school, label, suffix, publishes):
    """The school's editors or moderators group: the one already granted on the school, else found by name."""
    name = label + suffix
    publishers = Group.objects.filter(
        page_permissions__page=school, page_permissions__permission__codename="publish_page"
    )
    granted = Group.objects.filter(name__endswith=suffix, page_permissions__page=school)
    granted = granted.filter(pk__in=publishers) if publishes else granted.exclude(pk__in=publishers)
    group = granted.distinct().order_by("pk").first()
    if group is None:
        group, _ = Group.objects.get_or_create(name=name)
    elif group.name != name and not Group.objects.filter(name=name).exists():
        # The school was renamed: its groups follow.
        group.name = name
        group.save(update_fields=["name"])
    return group


def _collection_for_school(label, editors):
    name = label
    held = GroupCollectionPermission.objects.filter(group=editors).select_related("collection").first()
    collection = held.collection if held else None
    if collection is None:
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
    elif collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    return collection


def _workflow_for_school(school, label, moderators, pages):
    """The school's moderation workflow, on its page in every language (`pages`)."""
    name = f"{label} approval"
    link = WorkflowPage.objects.filter(page=school).select_related("workflow").first()
    workflow = link.workflow if link else Workflow.objects.create(name=name)
    if workflow.name != name:
        workflow.name = name
        workflow.save(update_fields=["name"])
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    _ensure_single_approval_task(workflow, f"{label} moderators approval", moderators)
    return workflow


def _ensure_single_approval_task(workflow, task_name, group):
    """A workflow of one group-approval task, approved by `group`."""
    link = WorkflowTask.objects.filter(workflow=workflow).select_related("task").first()
    if link is None:
        task = GroupApprovalTask.objects.create(name=task_name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    else:
        task = link.task.specific
        if task.name != task_name:
            task.name = task_name
            task.save(update_fields=["name"])
    task.groups.set([group])
    return task


@transaction.atomic
def ensure_school_roles(school):
    """Create or update the groups, collection and workflow of one school, the same on its page in every language.
    Safe to call again and again, with the school in any language."""
    school = canonical_school(school)
    pages = school_translations(school)
    label = school_label(school)
    editors = _group_for_school(school, label, EDITORS_SUFFIX, publishes=False)
    moderators = _group_for_school(school, label, MODERATORS_SUFFIX, publishes=True)
    for page in pages:
        sync_page_permissions(editors, page, EDITOR_PAGE_ACTIONS)
        sync_page_permissions(moderators, page, MODERATOR_PAGE_ACTIONS)
    for group in (editors, moderators):
        add_model_permissions(group, SCHOOL_MODEL_PERMISSIONS)
    collection = _collection_for_school(label, editors)
    sync_collection_permissions(editors, collection, EDITOR_MEDIA)
    sync_collection_permissions(moderators, collection, MODERATOR_MEDIA)
    workflow = _workflow_for_school(school, label, moderators, pages)
    return SchoolRoles(editors=editors, moderators=moderators, collection=collection, workflow=workflow)


def school_groups(school):
    """The (editors, moderators) groups of a school, or None for each that does not exist (yet)."""
    label = school_label(school)
    groups = {
        group.name: group
        for group in Group.objects.filter(name__in=[label + EDITORS_SUFFIX, label + MODERATORS_SUFFIX])
    }
    return groups.get(label + EDITORS_SUFFIX), groups.get(label + MODERATORS_SUFFIX)


# --- Marketing ------------------------------------------------------------------------------------------------------


def _marketing_pages():
    from core.models import HomePage
    from events.models import EventIndexPage

    return HomePage.objects.all(), EventIndexPage.objects.all()


@transaction.atomic
def ensure_marketing_pages(group):
    """Marketing's grants on the home page(s) and the portal-wide events listing(s)."""
    homes, event_indexes = _marketing_pages()
    for home in homes:
        sync_page_permissions(group, home, MARKETING_HOME_ACTIONS)
    for index in event_indexes:
        sync_page_permissions(group, index, MARKETING_EVENTS_ACTIONS)


@transaction.atomic
def ensure_marketing_role():
    group, _ = Group.objects.get_or_create(name=MARKETING)
    add_model_permissions(group, MARKETING_MODEL_PERMISSIONS)
    ensure_marketing_pages(group)
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MARKETING).first() or root.add_child(name=MARKETING)
    sync_collection_permissions(group, collection, MODERATOR_MEDIA)
    # Marketing may pick any school's images for the home page, without changing them.
    sync_collection_permissions(group, root, CHOOSE_MEDIA)
    ensure_announcement_workflow(group)
    return group


def ensure_announcement_workflow(marketing):
    """Announcements submitted for moderation wait for Marketing's approval."""
    from announcements.models import Announcement

    content_type = ContentType.objects.get_for_model(Announcement)
    link = WorkflowContentType.objects.filter(content_type=content_type).select_related("workflow").first()
    workflow = link.workflow if link else Workflow.objects.create(name=MARKETING_WORKFLOW)
    if not link:
        WorkflowContentType.objects.create(content_type=content_type, workflow=workflow)
    _ensure_single_approval_task(workflow, MARKETING_WORKFLOW, marketing)
    return workflow


# --- Wagtail's default groups --------------------------------------------------------------------------------------

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


@transaction.atomic
def neutralise_wagtail_default_groups():
    """Wagtail's migrations create "Editors" and "Moderators" with rights on the whole tree: putting a staff member in
    one would give away every school. Their rights are taken away; a group nobody is in is deleted.
    Returns the names of the groups deleted."""
    deleted = []
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        group.permissions.clear()
        if not group.user_set.exists():
            deleted.append(group.name)
            group.delete()
    return deleted


# --- Everything at once -----------------------------------------------------------------------------------------------


def setup_roles(stdout=None):
    """Create or update every role. Returns the Marketing group and the SchoolRoles of each school."""
    from schools.models import SchoolPage

    for name in neutralise_wagtail_default_groups():
        if stdout:
            stdout.write(f"Removed Wagtail's default group “{name}” (it had rights on the whole tree).")
    marketing = ensure_marketing_role()
    schools = {}
    for school in SchoolPage.objects.order_by("path"):
        school = canonical_school(school)
        if school.pk in schools:
            continue  # a translation of a school done already
        schools[school.pk] = roles = ensure_school_roles(school)
        if stdout:
            stdout.write(f"{school.title}: “{roles.editors.name}”, “{roles.moderators.name}”, collection and workflow.")
    if stdout:
        stdout.write(f"“{marketing.name}”: home page, events, announcements and the announcement approval workflow.")
    return marketing, schools


# --- Demo accounts --------------------------------------------------------------------------------------------------


def running_production_settings():
    return (getattr(settings, "SETTINGS_MODULE", "") or "").endswith(".production")


def create_role_users(stdout):
    """One demo account per role, passwords printed once. Refused under production settings.

    Accounts that exist already are left alone (their password is not shown again), so running it twice changes
    nothing. Returns {username: password} for the accounts created now.
    """
    if running_production_settings():
        raise ImproperlyConfigured("Demo accounts are never created under production settings.")
    marketing, schools = setup_roles()
    from schools.models import SchoolPage

    wanted = [("marketing", marketing)]
    for school in SchoolPage.objects.filter(pk__in=schools).order_by("path"):
        roles = schools[school.pk]
        slug = slugify(school.slug or school.title)[:100]
        wanted += [(f"{slug}-editor", roles.editors), (f"{slug}-moderator", roles.moderators)]

    User = get_user_model()
    created = {}
    for username, group in wanted:
        user, is_new = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org", "first_name": group.name}
        )
        if is_new:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
            created[username] = password
            stdout.write(f"{username:<40} {password}   ({group.name})")
        else:
            stdout.write(f"{username:<40} (exists, password unchanged)   ({group.name})")
        user.groups.add(group)
    return created


# --- Page permission policy -------------------------------------------------------------------------------------------


def _home_content_type_id():
    from core.models import HomePage

    return ContentType.objects.get_for_model(HomePage).pk


class PortalPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, except that a grant on the home page covers the home page alone.

    In Wagtail a grant flows down to every page below the one it is made on. Marketing must edit and publish the
    home page without gaining the schools beneath it, so this policy (registered for every page class) holds back
    grants made on a HomePage; the HomePage class itself keeps Wagtail's own policy. A home-page grant still lets
    its holder browse the whole tree in the explorer, read-only wherever no other grant applies.
    """

    permission_cache_name = "_portal_page_permission_cache"

    def __init__(self, full_policy):
        super().__init__()
        self.full_policy = full_policy

    def all_grants(self, user):
        return self.full_policy.get_cached_permissions_for_user(user)

    def home_grants(self, user):
        home_type = _home_content_type_id()
        return [perm for perm in self.all_grants(user) if perm.page.content_type_id == home_type]

    def get_all_permissions_for_user(self, user):
        home_type = _home_content_type_id()
        return [perm for perm in self.all_grants(user) if perm.page.content_type_id != home_type]

    def user_has_any_permission(self, user, actions):
        # Whether the user may do this anywhere at all: home-page grants count.
        return self.full_policy.user_has_any_permission(user, actions)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if instance.content_type_id == _home_content_type_id():
            return self.full_policy.user_has_any_permission_for_instance(user, actions, instance)
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        if self._base_queryset_for_user(user) is not None:
            return pages
        codenames = self._get_permission_codenames(actions)
        home_ids = [perm.page_id for perm in self.home_grants(user) if perm.permission.codename in codenames]
        if home_ids:
            pages = pages | self.model._default_manager.filter(pk__in=home_ids)
        return pages

    def instances_with_direct_explore_permission(self, user):
        pages = super().instances_with_direct_explore_permission(user)
        if user.is_superuser:
            return pages
        return list(pages) + [perm.page for perm in self.home_grants(user)]

    def explorable_instances(self, user):
        from security.admin_scope import visible_pages

        pages = super().explorable_instances(user)
        if self._base_queryset_for_user(user) is not None:
            return pages
        for perm in self.home_grants(user):
            pages = pages | self.model._default_manager.descendant_of(perm.page, inclusive=True)
        # Of those, only the pages whose titles the user may see (security/admin_scope.py).
        return visible_pages(pages, user)


def register_page_permission_policy():
    """Called from PortalConfig.ready(), before any request looks a policy up."""
    from wagtail.models import Page
    from wagtail.permissions import page_permission_policy, register_permission_policy

    from core.models import HomePage

    register_permission_policy(Page, PortalPagePermissionPolicy(page_permission_policy))
    register_permission_policy(HomePage, page_permission_policy, exact_class=True)
