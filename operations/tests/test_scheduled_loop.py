"""The long-running scheduler (`run_scheduled_publishing`) keeps publishing when one of its commands fails."""

import logging
from datetime import timedelta

from django.utils import timezone

from events.factories import EventPageFactory
from operations.management.commands.run_scheduled_publishing import Command


class TwoTicks(Command):
    """The real command, stopped after its second tick; between the ticks an editor's page reaches its expiry."""

    def __init__(self, between):
        super().__init__()
        self.between = between
        self.ticks = 0

    def sleep(self, seconds):
        self.ticks += 1
        if self.ticks == 1:
            self.between()
        else:
            self.running = False


def test_a_failing_registration_job_is_logged_and_publishing_goes_on(db, site_tree, settings, caplog):
    settings.REGISTRATION_RETENTION_DAYS = None  # a broken setting: run_registration_jobs fails on every tick
    expired = []

    def expire_a_page():
        page = EventPageFactory(parent=site_tree.school, title="Old info session")
        page.expire_at = timezone.now() - timedelta(minutes=1)
        page.save()
        expired.append(page)

    command = TwoTicks(expire_a_page)
    with caplog.at_level(logging.ERROR):
        command.handle(interval=0)

    assert command.ticks == 2
    [page] = expired
    page.refresh_from_db()
    assert not page.live and page.expired  # the second tick still unpublished it
    failures = [r for r in caplog.records if "run_registration_jobs failed" in r.getMessage()]
    assert len(failures) == 2
