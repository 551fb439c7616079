"""What a staff member may see of the page tree in the admin: the pages they may edit, and pages anyone may see.

A page's title is shown to a user in the admin (explorer, page search, choosers, the announcement form) only when the
user may edit the page, or when the page is live, public (no view restriction on it or above it) and has no
unpublished title change (the admin shows a page's draft title). Another school's drafts, scheduled and private pages
and the pending rename of a live page stay out of sight. Superusers see everything.

The site history and page types reports list titles from the whole site without such a check, so they are for
superusers only. Public ways in: the page permission policy's `explorable_instances` (explorer and page search, see roles.py),
the `construct_page_chooser_queryset` and `construct_explorer_page_queryset` hooks (wagtail_hooks.py), and
`AdminPageScopeMiddleware`, which answers 404 before Wagtail's view runs when an admin URL names a page to browse
(explorer, chooser, the chooser's "chosen" answer) that the user may not see, or a page to act on or read about (edit,
history, revisions, preview, usage, workflow…) that the user may not edit.
"""

from django.db.models import F, Q
from django.http import Http404
from django.urls import reverse
from wagtail.models import Page
from wagtail.permissions import policy_registry

from announcements.scope import may_open
from core.visibility import restricted

EDIT_ACTIONS = ["add", "change", "publish"]
BROWSE_KWARGS = ("parent_page_id", "destination_id")  # explorer, chooser, move destination
ACT_KWARGS = ("page_id", "page_to_move_id", "page_pk")  # edit, history, revisions, preview, workflow, usage, …
CHOSEN_MULTIPLE_URL = "wagtailadmin_choose_page_chosen_multiple"
BULK_ACTION_URL = "wagtail_bulk_action"  # /admin/bulk/<app_label>/<model_name>/<action>/?id=…: lists each item's title
# Site-wide reports whose rows carry titles from the whole site (log entry labels, each page type's last edited page)
# without a per-page check: administrators only.
ADMIN_ONLY_VIEWS = {
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
}
ADMIN_ONLY_MENU_ITEMS = {"site-history", "page-types-usage"}


def page_policy():
    return policy_registry.get_by_type(Page)


def editable_pages(user):
    """Pages the user may change (a grant on a page covers its subtree; a home-page grant only the home page)."""
    return page_policy().instances_user_has_any_permission_for(user, EDIT_ACTIONS)


def public_unchanged():
    """Live, public pages whose admin title is their public title."""
    return Q(live=True, draft_title=F("title")) & ~Q(restricted())


def visible_to(user):
    """A filter for the pages whose title `user` may see in the admin."""
    return Q(pk__in=editable_pages(user).values("pk")) | public_unchanged()


def visible_pages(pages, user):
    """`pages` narrowed to those visible to `user`, by id (a filter a search backend accepts)."""
    if user.is_superuser:
        return pages
    return pages.filter(pk__in=Page.objects.filter(visible_to(user)).values("pk"))


def may_see_page(user, page_id):
    return visible_pages(Page.objects.filter(pk=page_id), user).exists()


def may_edit_page(user, page_id):
    return editable_pages(user).filter(pk=page_id).exists()


def admin_prefix():
    return reverse("wagtailadmin_home").lstrip("/")


def page_pk_check(route):
    """How to check a URL's `pk` when it is a page's: the page views (revision comparison) act on a page, the admin
    pages API (the explorer's menu) browses one. None for every other `pk`."""
    if route.startswith(admin_prefix() + "pages/"):
        return may_edit_page
    if route.startswith(admin_prefix() + "api/main/^pages/"):
        return may_see_page
    return None


def named_pages(request, view_kwargs):
    """(page id, check) for every page an admin URL names: a page to browse must be visible, a page to act on or
    read the history of must be editable."""
    match = request.resolver_match
    named = [(view_kwargs[name], may_see_page) for name in BROWSE_KWARGS if name in view_kwargs]
    named += [(view_kwargs[name], may_edit_page) for name in ACT_KWARGS if name in view_kwargs]
    check = page_pk_check(match.route) if match is not None and "pk" in view_kwargs else None
    if check is not None:
        named.append((view_kwargs["pk"], check))
    if match is not None and match.url_name == CHOSEN_MULTIPLE_URL:
        named += [(page_id, may_see_page) for page_id in request.GET.getlist("id")]
    if match is not None and match.url_name == BULK_ACTION_URL and view_kwargs.get("app_label") == "wagtailcore":
        # Every page of a bulk action must be the user's to act on ("all" included: it cannot be checked here).
        named += [(page_id, may_edit_page) for page_id in request.GET.getlist("id")]
    return named


def named_announcements(request, view_kwargs):
    """The announcement ids of a bulk action on announcements (their own views check themselves)."""
    match = request.resolver_match
    if match is None or match.url_name != BULK_ACTION_URL or view_kwargs.get("app_label") != "announcements":
        return []
    return request.GET.getlist("id")


def is_admin_view(request):
    return request.path.startswith(reverse("wagtailadmin_home"))


class AdminPageScopeMiddleware:
    """404 for an admin URL that names a page the signed-in user may not see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser:
            return None
        if not is_admin_view(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ADMIN_ONLY_VIEWS:
            raise Http404
        for page_id, allowed in named_pages(request, view_kwargs):
            if not str(page_id).isdigit() or not allowed(user, int(page_id)):
                raise Http404
        for pk in named_announcements(request, view_kwargs):
            if not may_open(user, pk):
                raise Http404
        return None
