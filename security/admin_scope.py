"""What a staff member may see of the page tree in the admin: the pages they may edit, and pages anyone may see.

A page's title is shown to a user in the admin (explorer, page search, choosers, the announcement form) only when the
user may edit the page, or when the page is live, public (no view restriction on it or above it) and has no
unpublished title change (the admin shows a page's draft title). Another school's drafts, scheduled and private pages
and the pending rename of a live page stay out of sight. Superusers see everything.

Three public ways in: the page permission policy's `explorable_instances` (explorer and page search, see roles.py),
the `construct_page_chooser_queryset` and `construct_explorer_page_queryset` hooks (wagtail_hooks.py), and
`AdminPageScopeMiddleware`, which answers 404 for an admin URL naming a page the user may not see (the chooser's
parent page, the chooser's "chosen" answer, any page view) before Wagtail's view renders its title.
"""

from django.db.models import F, Q
from django.http import Http404
from django.urls import reverse
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core.visibility import restricted

EDIT_ACTIONS = ["add", "change", "publish"]
PAGE_KWARGS = ("page_id", "parent_page_id")
CHOSEN_MULTIPLE_URL = "wagtailadmin_choose_page_chosen_multiple"


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


def named_pages(request, view_kwargs):
    """The ids of the pages an admin request names in its URL (or, for the chooser's answer, in `?id=`)."""
    ids = [view_kwargs[name] for name in PAGE_KWARGS if name in view_kwargs]
    match = request.resolver_match
    if match is not None and match.url_name == CHOSEN_MULTIPLE_URL:
        ids += request.GET.getlist("id")
    return ids


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
        for page_id in named_pages(request, view_kwargs):
            if not str(page_id).isdigit() or not may_see_page(user, int(page_id)):
                raise Http404
        return None
