"""Role × admin URL: every admin view and chooser, enumerated from the URL resolver, for the school editor, the school
moderator and Marketing. No response may show the title of a page the role may neither edit nor see in public
(another school's drafts, scheduled and private pages, the pending rename of a live page), nor, to school staff,
an announcement outside their school; a URL naming such a page or announcement is refused.

One tree per role; each request runs in a savepoint that is rolled back, so every view starts from the same data.
"""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Revision

from announcements.models import Announcement
from registrations.models import Registration, RegistrationSettings

from .role_tree import (  # noqa: F401 - fixtures
    SECRET,
    add,
    add_secret_pages,
    event,
    live_announcement,
    roles_fixture,
    tree_fixture,
)

ROLES = ("a_editor", "a_moderator", "marketing")
REFUSED = {302, 403, 404, 405}
PAGE_KWARGS = {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}
# Wagtail's deliberate-error view, and the admin's catch-all 404 (matched by every unknown admin path).
NOT_VIEWS = {"wagtailadmin_error_test"}
SEARCHING = ("search", "choose", "list", "index", "results", "report", "usage")
FIXED_VALUES = {
    "action_name": "approve",
    "action": "publish",
    "app_label": "wagtailcore",
    "model_name": "page",
    "content_type_app_name": "programmes",
    "content_type_model_name": "programmepage",
    "app_name": "programmes",
    "filter_spec": "original",
    "uidb64": "MQ",
    "token": "set-password",
}


def admin_routes():
    """(route, name) of every URL pattern under the admin, walking the resolver's public url_patterns."""
    prefix = reverse("wagtailadmin_home").lstrip("/")

    def walk(patterns, route=""):
        for item in patterns:
            if isinstance(item, URLResolver):
                yield from walk(item.url_patterns, route + str(item.pattern))
            elif isinstance(item, URLPattern):
                yield route + str(item.pattern), item.name

    return [(route, name) for route, name in walk(get_resolver().url_patterns) if route.startswith(prefix)]


def fill(route, values):
    """A concrete path for `route`, from `values` by parameter name (path converters and named regex groups)."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


def parameters(route):
    return set(re.findall(r"<(?:\w+:)?(\w+)>", route)) | set(re.findall(r"\(\?P<(\w+)>", route))


def names_a_page(route, params):
    page_pk = "pk" in params and re.search(r"(^|/)pages/", route.split("admin/", 1)[1]) is not None
    return bool(params & PAGE_KWARGS) or page_pk


def is_announcement_route(route):
    return "announcements/announcement" in route


class Scene:
    """The tree with its secrets, and what each request may and may not show."""

    def __init__(self, tree):
        self.secrets = add_secret_pages(tree)
        # Marketing's site-wide draft (a live one would rightly show in the public 404 page's banner) and a live one
        # of school B.
        site_wide_draft = Announcement(text="Site-wide scholarship news, draft", live=False)
        site_wide_draft.save()
        site_wide_draft.save_revision()
        self.foreign = [
            site_wide_draft,
            live_announcement(text="Ghent-only campus tour", audience="schools", schools=[tree.school_b]),
        ]
        # School B's registrations: nobody outside school B may see a registrant's name (the registrations views).
        self.ghent_day = ghent_day = add(tree.school_b, event("Ghent open day", "ghent-open-day", days_ahead=12))
        RegistrationSettings.objects.create(page=ghent_day)
        Registration.objects.create(event=ghent_day, name=f"{SECRET} Registrant", email="registrant@example.org")
        self.secret_pages = [self.secrets.draft, self.secrets.scheduled, self.secrets.private, self.secrets.renamed]
        self.revision = self.secrets.renamed.latest_revision

    def values(self, page, announcement):
        values = dict.fromkeys(["revision_id", "revision_id_a", "revision_id_b"], self.revision.pk)
        values.update(dict.fromkeys(PAGE_KWARGS, page.pk))
        values.update(FIXED_VALUES)
        for name in ("task_id", "task_state_id", "workflow_state_id", "workflow_pk", "session_id", "collection_id"):
            values[name] = 1
        for name in ("doc_id", "document_id", "image_id", "uploaded_file_id", "redirect_id", "object_id"):
            values[name] = 1
        values["pk"] = announcement.pk
        return values

    def requests(self, route, name):
        """(method, path, data, must_refuse) for one route."""
        params = parameters(route)
        if names_a_page(route, params):
            targets = [(page, self.foreign[1], True) for page in self.secret_pages]
        elif "pk" in params and is_announcement_route(route):
            targets = [(self.secret_pages[0], announcement, None) for announcement in self.foreign]
        else:
            targets = [(self.secret_pages[0], self.foreign[1], False)]
        for page, announcement, refuse in targets:
            values = self.values(page, announcement)
            if names_a_page(route, params) and "pk" in params:
                values["pk"] = page.pk
            path = fill(route, values)
            if name in ("wagtailadmin_choose_page_chosen_multiple", "wagtail_bulk_action"):
                path += "?" + "&".join(f"id={secret.pk}" for secret in self.secret_pages)
            if name == "wagtail_bulk_action":
                foreign = "&".join(f"id={item.pk}" for item in self.foreign)
                yield "get", reverse(name, args=["announcements", "announcement", "delete"]) + "?" + foreign, None
            elif any(word in (name or "") for word in SEARCHING):
                path += "?q=programme"
            yield "get", path, refuse
        if refuse is not False:  # one attempt to change a page or announcement the role may not edit
            yield "post", path, refuse


def secret_revisions(scene):
    return Revision.objects.filter(object_id__in=[str(page.pk) for page in scene.secret_pages]).count() + sum(
        Revision.objects.for_instance(announcement).count() for announcement in scene.foreign
    )


@pytest.mark.parametrize("role", ROLES)
def test_role_by_admin_url_matrix(roles, tree, role):
    scene = Scene(tree)
    user = roles[role]
    school_staff = role != "marketing"
    forbidden = [SECRET] + ([item.text for item in scene.foreign] if school_staff else [])
    before = secret_revisions(scene)
    client = Client(raise_request_exception=False)
    problems, seen = [], 0
    client.force_login(user)

    for route, name in admin_routes():
        if name in NOT_VIEWS or route.endswith("^.*/$"):
            continue
        for method, path, refuse in scene.requests(route, name):
            seen += 1
            with transaction.atomic():
                response = getattr(client, method)(path)
                body = response.content.decode(errors="replace") if not response.streaming else ""
                leaked = [text for text in forbidden if text in body]
                must_refuse = refuse or (refuse is None and school_staff)
                changed = secret_revisions(scene) != before
                transaction.set_rollback(True)
            if "_auth_user_id" not in client.session:  # signed out (logout) or its session rolled back
                client.force_login(user)
            if response.status_code >= 500:
                problems.append(f"{method.upper()} {path}: {response.status_code}")
            if leaked:
                problems.append(f"{method.upper()} {path}: shows {leaked}")
            if must_refuse and response.status_code not in REFUSED:
                problems.append(f"{method.upper()} {path}: {response.status_code}, expected a refusal")
            if must_refuse and changed:
                problems.append(f"{method.upper()} {path}: changed a page or announcement the role may not edit")

    # School B's registrations, named by their own event (a live public page the walk does not target).
    for name in ("registrations_admin:event", "registrations_admin:check_in", "registrations_admin:export"):
        for method in ("get", "post"):
            path = reverse(name, args=[scene.ghent_day.pk])
            response = getattr(client, method)(path, {"attended": ["1"]} if method == "post" else None)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.status_code not in REFUSED or SECRET.encode() in body:
                problems.append(f"{method.upper()} {path}: {response.status_code}, shows school B's registrations")

    assert seen > 300, "the walk found the admin's URL patterns"
    assert client.get(reverse("wagtailadmin_explore", args=[tree.school_a.pk])).status_code == 200, "still signed in"
    assert not problems, f"{role}:\n" + "\n".join(problems)
