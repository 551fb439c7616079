"""Keep the editorial roles in step with the page tree: a new or renamed school gets its groups, collection and
workflow; a new home page or events listing gets Marketing's grants."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_save


def _title_may_have_changed(created, update_fields):
    return created or update_fields is None or "title" in update_fields


def school_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not _title_may_have_changed(created, update_fields):
        return
    from security.roles import ensure_school_roles, school_groups

    # Every save of a page (draft, publish) lands here; the roles only need work when the name they carry is new.
    if not created and all(school_groups(instance)):
        return
    ensure_school_roles(instance)


def marketing_page_created(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    from security.roles import MARKETING, ensure_marketing_pages

    marketing = Group.objects.filter(name=MARKETING).first()
    if marketing is not None:  # before `setup_roles` has run there is no Marketing group to grant anything to
        ensure_marketing_pages(marketing)


def connect():
    from core.models import HomePage
    from events.models import EventIndexPage
    from schools.models import SchoolPage

    post_save.connect(school_saved, sender=SchoolPage, dispatch_uid="portal.school_roles")
    post_save.connect(marketing_page_created, sender=HomePage, dispatch_uid="portal.marketing_home")
    post_save.connect(marketing_page_created, sender=EventIndexPage, dispatch_uid="portal.marketing_events")
