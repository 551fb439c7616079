"""Public visibility of pages in one SQL query: not in a private section, and not past their expiry.

Wagtail's `.public()` first loads every view restriction with a query of its own, then filters in Python-built SQL;
on a page that lists several things that is one extra query per listing. `public(queryset)` does the same check as
a subquery, so each listing stays one query.

A page past its `expire_at` is hidden at that moment, whether or not the scheduler (`publish_scheduled`) has run
yet to unpublish it: `public()` leaves it out, and `BasePage.serve` answers 404 for it.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import PageViewRestriction


def restricted():
    """True in SQL when the outer page or one of its ancestors has a view restriction (password, login, groups)."""
    restriction_paths = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return Exists(restriction_paths)


def unexpired(now=None):
    """True in SQL when the page (or announcement) has no expiry or has not reached it."""
    return Q(expire_at__isnull=True) | Q(expire_at__gt=now or timezone.now())


def has_expired(item, now=None):
    """True when `item` (a page or an announcement) is past its `expire_at`."""
    return item.expire_at is not None and item.expire_at <= (now or timezone.now())


def public(pages):
    """`pages` without those in a private section or past their expiry: Wagtail's `.public()` without its extra
    query, and without waiting for the scheduler."""
    return pages.exclude(restricted()).filter(unexpired())


# What Wagtail writes to a live page's row when an editor saves a draft or locks it: nothing a visitor sees.
DRAFT_BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def changes_nothing_public(update_fields):
    """Whether a save with these `update_fields` only records a draft or a lock (the public page is unchanged)."""
    return update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING_FIELDS
