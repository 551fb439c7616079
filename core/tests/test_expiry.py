"""A page, an event or an announcement past its `expire_at` leaves every public output at that moment, before the
scheduler (`publish_scheduled`) has run; and the next save after an expiry is not refused over the passed date."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from announcements.models import Announcement
from core.factories import publish
from events.factories import EventPageFactory
from programmes.factories import ProgrammePageFactory

SOON = timedelta(seconds=2)
WARMING = timedelta(seconds=12)  # long enough to serve every output once before the expiry, on a slow machine


def text_of(url, allowed=(200,)):
    response = Client().get(url)
    assert response.status_code in allowed, url
    return response.content.decode()


def wait_until(moment):
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.1)


@pytest.fixture
def expiring(site_tree, page_cache_on):
    """The site's programme and event expire in a few seconds; another programme, and an event presenting the expiring
    programme, stay."""
    tree = site_tree
    staying = ProgrammePageFactory(parent=tree.school, title="Master of Lasting Law")
    presenter = EventPageFactory(parent=tree.school, title="Law info session", related_programmes=[tree.programme])
    publish(presenter)
    expire_at = timezone.now() + WARMING
    for page in (tree.programme, tree.event):  # scheduled as an editor does: published with an expiry
        page.expire_at = expire_at
        publish(page)
    return tree, staying, presenter, expire_at


def listing_urls(tree, staying):
    compare = reverse("programmes:compare") + f"?ids={tree.programme.pk},{staying.pk}"
    return [
        tree.school.url,
        tree.programme_index.url,
        tree.event_index.url,
        tree.home.url,
        "/en/search/?q=European",
        "/sitemap.xml",
        compare,
        "/en/events/feed.ics",
    ]


def test_expired_pages_leave_every_public_output_without_the_scheduler(expiring):
    tree, staying, presenter, expire_at = expiring
    urls = listing_urls(tree, staying)
    before = {url: text_of(url) for url in urls}  # served, kept in memory and in the page cache
    assert tree.programme.title in before[tree.school.url]
    assert tree.programme.title in before["/sitemap.xml"] or tree.programme.url in before["/sitemap.xml"]
    assert tree.event.title in before["/en/events/feed.ics"]
    assert tree.programme.title in text_of(presenter.url)  # in the event's text and its JSON-LD
    for page in (tree.programme, tree.event):
        assert Client().get(page.url).status_code == 200
    assert timezone.now() < expire_at, "the machine was too slow to see the outputs before the expiry"

    wait_until(expire_at)

    for page in (tree.programme, tree.event):
        assert Client().get(page.url).status_code == 404, page.title
    assert Client().get(f"/en/events/ics/{tree.event.pk}.ics").status_code == 404
    for url in urls:
        text = text_of(url, allowed=(200, 400))  # compare: one programme left is not enough to compare (400)
        assert tree.programme.title not in text, url
        assert tree.programme.url not in text, url
        assert tree.event.title not in text, url
    assert staying.title in text_of(tree.school.url)
    assert tree.programme.title not in text_of(presenter.url)
    assert Page.objects.get(pk=tree.programme.pk).live  # the scheduler has not run


def test_an_expired_announcement_leaves_the_pages_without_the_scheduler(site_tree, page_cache_on):
    expire_at = timezone.now() + SOON
    announcement = Announcement.objects.create(text="Applications close on Friday", live=True, expire_at=expire_at)
    assert announcement.text in text_of(site_tree.home.url)
    assert announcement.text in text_of(site_tree.home.url)

    wait_until(expire_at)

    assert announcement.text not in text_of(site_tree.home.url)


def edit_data(client, page):
    from core.tests.test_admin_editing import edit_form_data

    return edit_form_data(client, page)


@pytest.mark.parametrize("scheduler_ran", [False, True], ids=["before-the-scheduler", "after-the-scheduler"])
def test_the_next_save_after_an_expiry_is_not_refused(superuser_client, site_tree, scheduler_ran):
    from core.tests.test_admin_editing import save

    programme = site_tree.programme
    programme.expire_at = timezone.now() + SOON  # scheduled as an editor does, then the moment passes
    publish(programme)
    wait_until(programme.expire_at)
    if scheduler_ran:
        call_command("publish_scheduled", stdout=io.StringIO())
        programme.refresh_from_db()
        assert programme.expired and not programme.live

    save(superuser_client, programme, edit_data(superuser_client, programme))  # 302, not the form with an error

    programme.refresh_from_db()

    draft = programme.get_latest_revision_as_object()
    assert draft.expire_at is None


def test_a_past_expiry_typed_in_is_still_refused(superuser_client, site_tree):
    programme = site_tree.programme
    data = edit_data(superuser_client, programme)
    data["expire_at"] = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")

    response = superuser_client.post(reverse("wagtailadmin_pages:edit", args=[programme.id]), data)

    assert response.status_code == 200
    assert "Expiry date/time must be in the future." in response.content.decode()
