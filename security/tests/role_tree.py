"""Shared setup for the roles, moderation, announcement and dashboard tests: a small page tree with two schools,
the roles of `setup_roles`, one user per role, and helpers that drive the admin's own forms."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.forms import CheckboxInput
from django.urls import reverse
from django.utils import timezone
from wagtail.blocks.base import BlockWidget
from wagtail.models import Page, Site

from announcements.models import Announcement
from core.models import HomePage
from events.models import EventIndexPage, EventPage
from programmes.models import DegreeType, Intake, ProgrammeIndexPage, ProgrammePage, TeachingLanguage
from schools.models import SchoolIndexPage, SchoolPage
from security.roles import setup_roles

PASSWORD = "correct-horse-battery-staple"


@dataclass
class Tree:
    home: HomePage
    programme_index: ProgrammeIndexPage
    event_index: EventIndexPage
    school_index: SchoolIndexPage
    school_a: SchoolPage
    faculty_a: SchoolPage
    programme_a: ProgrammePage
    event_a: EventPage
    school_b: SchoolPage
    programme_b: ProgrammePage
    portal_event: EventPage


def publish(page):
    page.save_revision().publish()
    return page


def add(parent, page):
    parent.add_child(instance=page)
    return publish(page)


def programme(title, slug, degree_type):
    page = ProgrammePage(
        title=title,
        slug=slug,
        degree_type=degree_type,
        ects_credits=60,
        duration_months=12,
        summary=f"About {title}.",
    )
    page.teaching_languages = [TeachingLanguage(language="en")]
    page.intakes = [Intake(start_month=9)]
    return page


def event(title, slug, days_ahead):
    start = timezone.now().replace(microsecond=0) + timedelta(days=days_ahead)
    return EventPage(
        title=title,
        slug=slug,
        start=start,
        end=start + timedelta(hours=3),
        attendance_mode=EventPage.AttendanceMode.ONLINE,
        online_url="https://example.org/stream",
    )


def build_tree():
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Portal home", slug="portal-home"))
    publish(home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Portal"}
    )
    programme_index = add(home, ProgrammeIndexPage(title="Programmes", slug="programmes"))
    event_index = add(home, EventIndexPage(title="Events", slug="events"))
    school_index = add(home, SchoolIndexPage(title="Schools", slug="schools"))
    school_a = add(school_index, SchoolPage(title="KU Leuven", slug="ku-leuven", about="<p>Leuven.</p>"))
    faculty_a = add(school_a, SchoolPage(title="Faculty of Law", slug="law"))
    master, _ = DegreeType.objects.get_or_create(slug="ma", defaults={"name": "Master of Arts", "abbreviation": "MA"})
    programme_a = add(school_a, programme("Master of European Social Security", "social-security", master))
    event_a = add(school_a, event("Online open day", "open-day", days_ahead=9))
    school_b = add(school_index, SchoolPage(title="Ghent University", slug="ghent"))
    programme_b = add(school_b, programme("Master of Marine Biology", "marine-biology", master))
    portal_event = add(event_index, event("Study in Flanders fair", "fair", days_ahead=20))
    return Tree(
        home=home,
        programme_index=programme_index,
        event_index=event_index,
        school_index=school_index,
        school_a=school_a,
        faculty_a=faculty_a,
        programme_a=programme_a,
        event_a=event_a,
        school_b=school_b,
        programme_b=programme_b,
        portal_event=portal_event,
    )


@pytest.fixture(name="tree")
def tree_fixture(db):
    return build_tree()


def make_user(username, *groups, **extra):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    user.groups.add(*groups)
    return user


@pytest.fixture(name="roles")
def roles_fixture(tree):
    """Runs setup_roles over the tree and returns {role name: user}."""
    marketing, schools = setup_roles()
    a, b = schools[tree.school_a.pk], schools[tree.school_b.pk]
    return {
        "a_editor": make_user("a-editor", a.editors),
        "a_moderator": make_user("a-moderator", a.moderators),
        "b_editor": make_user("b-editor", b.editors),
        "b_moderator": make_user("b-moderator", b.moderators),
        "marketing": make_user("marketing", marketing),
        "admin": make_user("admin", is_superuser=True),
    }


def live_announcement(text="Applications for 2027 are open", schools=(), programmes=(), **fields):
    """An announcement published the way the admin does it: saved as a draft, then its revision published."""
    announcement = Announcement(text=text, live=False, **fields)
    announcement.schools = list(schools)
    announcement.programmes = list(programmes)
    announcement.save()
    announcement.save_revision().publish()
    announcement.refresh_from_db()
    return announcement


# --- Driving the admin's forms -----------------------------------------------------------------------------------


def _field_value(bound_field):
    widget = bound_field.field.widget
    value = bound_field.value()
    if isinstance(widget, CheckboxInput):
        return "on" if value else None
    if isinstance(value, datetime):
        # ISO input is accepted whatever the admin's display format (which varies with the locale).
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else f"{value:%Y-%m-%d %H:%M}"
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, QuerySet | list | tuple):
        return [str(item.pk if isinstance(item, Model) else item) for item in value]
    formatted = widget.format_value(value)
    return "" if formatted is None else formatted


def _form_fields(form, data):
    for name in form.fields:
        if isinstance(form[name].field.widget, BlockWidget):
            # The test pages' StreamFields are empty: the browser then sends only the block count.
            assert not form[name].value(), "page_form_data only handles empty StreamFields"
            data[f"{form[name].html_name}-count"] = "0"
            continue
        value = _field_value(form[name])
        if value is not None:
            data[form[name].html_name] = value


def form_data(form):
    """The POST data a browser would send for `form` unchanged: its fields and every nested formset."""
    data = {}
    _form_fields(form, data)
    for formset in getattr(form, "formsets", {}).values():
        _form_fields(formset.management_form, data)
        for child in formset.forms:
            _form_fields(child, data)
    return data


def page_form_data(page, **changes):
    page = page.specific.get_latest_revision_as_object()
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, parent_page=page.get_parent(), for_user=get_user_model()(is_superuser=True))
    data = form_data(form)
    data.update(changes)
    return data


def announcement_form_data(announcement, **changes):
    viewset = Announcement.snippet_viewset
    form_class = viewset.get_form_class(for_update=True)
    form = form_class(
        instance=announcement.get_latest_revision_as_object(), for_user=get_user_model()(is_superuser=True)
    )
    data = form_data(form)
    data.update(changes)
    return data


def announcement_url(action, announcement=None):
    name = Announcement.snippet_viewset.get_url_name(action)
    return reverse(name, args=[announcement.pk]) if announcement else reverse(name)


def page_url(action, page):
    return reverse(f"wagtailadmin_pages:{action}", args=[page.pk])


# --- Pages and announcements a role must never see ------------------------------------------------------------------

SECRET = "Secret"  # every title below carries it; no response to a user outside school B may contain it


@dataclass
class Secrets:
    draft: ProgrammePage
    scheduled: ProgrammePage
    private: ProgrammePage
    renamed: ProgrammePage  # live, with an unpublished new title


def add_secret_pages(tree):
    """School B's pages whose titles nobody outside school B (Marketing included) may see in the admin."""
    from wagtail.models import PageViewRestriction

    master = tree.programme_b.degree_type
    draft = programme("Secret draft programme", "secret-draft", master)
    draft.live = False
    tree.school_b.add_child(instance=draft)
    draft.save_revision()
    scheduled = programme("Secret scheduled programme", "secret-scheduled", master)
    scheduled.live = False
    tree.school_b.add_child(instance=scheduled)
    scheduled.save_revision(approved_go_live_at=timezone.now() + timedelta(days=3))
    private = add(tree.school_b, programme("Secret private programme", "secret-private", master))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="ghent")
    renamed = add(tree.school_b, programme("Master of Oceanography", "oceanography", master))
    renamed.title = "Secret pending rename"
    renamed.save_revision()
    return Secrets(draft=draft, scheduled=scheduled, private=private, renamed=renamed)
