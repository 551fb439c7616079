"""Upcoming go-lives and expiries of pages and announcements, limited to what a given admin user may work on.

Feeds the dashboard panel. A fixed number of queries whatever the number of scheduled items.
"""

from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Revision
from wagtail.permissions import policy_registry

from announcements.models import Announcement

GO_LIVE = _("Goes live")
EXPIRY = _("Expires")
PAGE = _("Page")
ANNOUNCEMENT = _("Announcement")
# The page actions that make a page the user's own business (what "their pages" are in the explorer).
WORKING_ACTIONS = {"add", "change", "publish", "lock", "unlock"}
ANNOUNCEMENT_PERMISSIONS = [
    f"announcements.{action}_announcement" for action in ("view", "add", "change", "publish", "delete")
]


@dataclass
class ScheduledItem:
    when: datetime
    event: str  # GO_LIVE or EXPIRY
    kind: str  # "Page" or "Announcement"
    title: str
    edit_url: str


def _page_edit_url(object_id):
    return reverse("wagtailadmin_pages:edit", args=[object_id])


def _announcement_edit_url(object_id):
    meta = Announcement._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[quote(object_id)])


def _scheduled_revisions(content_type, object_ids):
    """Revisions approved to go live later, of the objects whose (string) ids `object_ids` yields."""
    return Revision.objects.filter(
        base_content_type=content_type, object_id__in=object_ids, approved_go_live_at__isnull=False
    ).only("object_id", "object_str", "approved_go_live_at")


def page_schedule(user):
    pages = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(user, WORKING_ACTIONS)
    page_ids = pages.annotate(str_id=Cast("pk", output_field=CharField())).values("str_id")
    revisions = list(_scheduled_revisions(ContentType.objects.get_for_model(Page), page_ids))
    scheduled_ids = [int(revision.object_id) for revision in revisions]
    expiring = pages.filter(Q(live=True) | Q(pk__in=scheduled_ids), expire_at__isnull=False).only("title", "expire_at")
    items = [
        ScheduledItem(rev.approved_go_live_at, GO_LIVE, PAGE, rev.object_str, _page_edit_url(rev.object_id))
        for rev in revisions
    ]
    items += [ScheduledItem(page.expire_at, EXPIRY, PAGE, page.title, _page_edit_url(page.pk)) for page in expiring]
    return items


def announcement_schedule(user):
    if not any(user.has_perm(permission) for permission in ANNOUNCEMENT_PERMISSIONS):
        return []
    content_type = ContentType.objects.get_for_model(Announcement)
    all_ids = Announcement.objects.annotate(str_id=Cast("pk", output_field=CharField())).values("str_id")
    revisions = list(_scheduled_revisions(content_type, all_ids))
    scheduled_ids = [int(revision.object_id) for revision in revisions]
    expiring = Announcement.objects.filter(Q(live=True) | Q(pk__in=scheduled_ids), expire_at__isnull=False).only(
        "text", "expire_at"
    )
    items = [
        ScheduledItem(
            rev.approved_go_live_at, GO_LIVE, ANNOUNCEMENT, rev.object_str, _announcement_edit_url(rev.object_id)
        )
        for rev in revisions
    ]
    items += [
        ScheduledItem(item.expire_at, EXPIRY, ANNOUNCEMENT, item.text, _announcement_edit_url(item.pk))
        for item in expiring
    ]
    return items


def upcoming_schedule(user, limit=20):
    """The next `limit` scheduled go-lives and expiries the user may see, soonest first."""
    if not user.is_active:
        return []
    items = page_schedule(user) + announcement_schedule(user)
    return sorted(items, key=attrgetter("when"))[:limit]
