"""The dashboard panel of upcoming go-lives and expiries: shows what the user works on, in Brussels time."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from announcements.models import Announcement
from operations.schedule import upcoming_schedule
from schools.models import SchoolPage
from security.tests.role_tree import (  # noqa: F401 - fixtures
    live_announcement,
    make_user,
    roles_fixture,
    tree_fixture,
)

BRUSSELS = ZoneInfo("Europe/Brussels")


def in_days(days, hour=9):
    """A whole minute `days` from now at `hour` o'clock Brussels time."""
    day = timezone.localtime(timezone.now(), BRUSSELS).date() + timedelta(days=days)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour, 0), BRUSSELS)


def schedule_page_change(page, title, go_live_at):
    page = Page.objects.get(pk=page.pk).specific
    page.title = title
    page.go_live_at = go_live_at
    page.save_revision().publish()  # on a live page this only schedules the new revision


def set_page_expiry(page, expire_at):
    page = Page.objects.get(pk=page.pk).specific
    page.expire_at = expire_at
    page.save_revision().publish()


def schedule_announcement(text, go_live_at, expire_at=None):
    announcement = Announcement(text=text, live=False, go_live_at=go_live_at, expire_at=expire_at)
    announcement.save()
    announcement.save_revision().publish()
    return announcement


def panel_rows(user):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    panel = BeautifulSoup(response.content, "html.parser").find(id="portal-scheduled-publishing-section")
    assert panel is not None
    return [
        " | ".join(cell.get_text(" ", strip=True) for cell in row.find_all("td"))
        for row in panel.select("tr[data-scheduled-item]")
    ]


def test_the_panel_lists_scheduled_items_and_omits_what_the_user_may_not_see(roles, tree):
    schedule_page_change(tree.programme_a, "European Social Security, new curriculum", in_days(3))
    set_page_expiry(tree.programme_b, in_days(5, hour=18))
    schedule_announcement("Winter school applications open", in_days(4), expire_at=in_days(30))
    live_announcement(text="Open day registrations", expire_at=in_days(8))

    a_editor = panel_rows(roles["a_editor"])
    b_moderator = panel_rows(roles["b_moderator"])
    marketing = panel_rows(roles["marketing"])

    def titles(rows):
        return [row.split(" | ")[3] for row in rows]

    assert titles(a_editor) == [
        "European Social Security, new curriculum",
        "Winter school applications open",
        "Open day registrations",
        "Winter school applications open",
    ]
    assert titles(b_moderator) == [
        "Winter school applications open",
        "Master of Marine Biology",
        "Open day registrations",
        "Winter school applications open",
    ]
    assert titles(marketing) == [
        "Winter school applications open",
        "Open day registrations",
        "Winter school applications open",
    ]


def test_the_panel_shows_brussels_time(roles, tree):
    go_live = in_days(3, hour=9)
    schedule_page_change(tree.programme_a, "European Social Security, new curriculum", go_live)

    (row,) = panel_rows(roles["a_moderator"])

    assert row.startswith(f"{go_live:%a} {go_live.day} {go_live:%b %Y}, 09:00 | Goes live | Page")


def test_a_group_without_announcement_rights_sees_only_its_pages(tree):
    group = Group.objects.create(name="Events helpers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=tree.event_index, permission_type="change")
    helper = make_user("events-helper", group)
    set_page_expiry(tree.portal_event, in_days(6))
    schedule_announcement("Winter school applications open", in_days(4))

    rows = panel_rows(helper)

    assert len(rows) == 1
    assert "Study in Flanders fair" in rows[0] and "Expires" in rows[0]


def test_the_panel_takes_a_fixed_number_of_queries(roles, tree):
    user = roles["a_moderator"]
    schedule_page_change(tree.programme_a, "Renamed programme", in_days(2))
    schedule_announcement("First", in_days(3))
    with CaptureQueriesContext(connection) as few:
        assert len(upcoming_schedule(user)) == 2

    for number in range(4):
        school = SchoolPage.objects.get(pk=tree.faculty_a.pk)
        schedule_page_change(school, f"Faculty of Law {number}", in_days(5 + number))
        schedule_announcement(f"Announcement {number}", in_days(3), expire_at=in_days(10))
    user = type(user).objects.get(pk=user.pk)  # drop the cached permissions
    with CaptureQueriesContext(connection) as many:
        assert len(upcoming_schedule(user)) == 2 + 1 + 8

    assert len(many) == len(few)


def test_the_dashboard_links_to_the_editor_guide(roles):
    client = Client()
    client.force_login(roles["a_editor"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    guide_url = reverse("portal_editor_guide")
    assert f'href="{guide_url}"' in dashboard

    guide = client.get(guide_url)
    assert guide.status_code == 200
    html = guide.content.decode()
    assert re.search(r"<h1[^>]*>.*editor guide", html, re.IGNORECASE | re.DOTALL)
    assert "Submit for moderation" in html
    assert "<strong>publish</strong>" in html and "**" not in html  # the Markdown was turned into HTML
    assert "<script" not in BeautifulSoup(html, "html.parser").find("article").decode()
