"""Which announcements a staff member may see and edit in the admin, and what they may aim one at.

Marketing (anyone who may publish announcements) owns the site-wide announcements and sees all of them. School staff
see and edit only the announcements aimed wholly at pages they may edit: chosen schools or chosen programmes inside
their own school. They propose; Marketing approves through the announcement workflow.

The audience choosers offer school staff their own schools and programmes; Marketing gets the live, public ones
(and any page it may edit). Nobody is offered another school's drafts or private pages.
"""

from functools import wraps

from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.urls import URLPattern
from wagtail.models import Page
from wagtail.permissions import policy_registry

from announcements.models import Announcement
from core.visibility import restricted

EDIT_ACTIONS = ["add", "change", "publish"]


def owns_all_announcements(user):
    return user.is_superuser or user.has_perm("announcements.publish_announcement")


def editable_page_ids(user):
    """A subquery of the ids of the pages `user` may edit."""
    policy = policy_registry.get_by_type(Page)
    return policy.instances_user_has_any_permission_for(user, EDIT_ACTIONS).values("pk")


def public_unchanged():
    """Live, public pages whose admin title is their public title."""
    return Q(live=True, draft_title=F("title")) & ~Q(restricted())


def targetable(pages, user):
    """Of `pages`, those `user` may aim an announcement at (or link one to)."""
    if user.is_superuser:
        return pages
    mine = Q(pk__in=editable_page_ids(user))
    return pages.filter(mine | public_unchanged()) if owns_all_announcements(user) else pages.filter(mine)


def _links(through, target_column, editable=None):
    links = through.objects.filter(announcement=OuterRef("pk"))
    return links.exclude(**{f"{target_column}__in": editable}) if editable is not None else links


def announcements_for(user, announcements):
    """Of `announcements`, those `user` may see and edit in the admin."""
    if owns_all_announcements(user):
        return announcements
    editable = editable_page_ids(user)
    schools, programmes = Announcement.schools.through, Announcement.programmes.through
    scoped = (
        Announcement.objects.exclude(audience=Announcement.Audience.SITE)
        .exclude(Exists(_links(schools, "schoolpage_id", editable)))
        .exclude(Exists(_links(programmes, "programmepage_id", editable)))
        .filter(Exists(_links(schools, "schoolpage_id")) | Exists(_links(programmes, "programmepage_id")))
    )
    # By id, a filter the admin's search backend accepts.
    return announcements.filter(pk__in=scoped.values("pk"))


def may_open(user, pk):
    if not str(pk).isdigit():
        return False
    return announcements_for(user, Announcement.objects.filter(pk=int(pk))).exists()


def scoped_view(view):
    """`view`, answering 404 when the URL names an announcement the user may not see."""

    @wraps(view)
    def scoped(request, *args, **kwargs):
        if "pk" in kwargs and not may_open(request.user, kwargs["pk"]):
            raise Http404
        return view(request, *args, **kwargs)

    return scoped


def scoped_urlpatterns(urlpatterns):
    return [
        URLPattern(item.pattern, scoped_view(item.callback), item.default_args, item.name)
        if isinstance(item, URLPattern)
        else item
        for item in urlpatterns
    ]
