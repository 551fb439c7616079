import logging
import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run Wagtail's publish_scheduled (and the registrations' reminders and retention, run_registration_jobs) every "
        "--interval seconds until stopped: the long-running alternative "
        "to a cron line or systemd timer, and what `make run` starts next to the server."
    )

    # Run in this order on every tick, each on its own: one that fails is logged and the others still run.
    commands = ("publish_scheduled", "run_registration_jobs")

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs (default 60).")

    def handle(self, *args, interval, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self.stop)
        self.stdout.write(f"Publishing scheduled pages and announcements every {interval} s. Ctrl+C stops.")
        try:
            while self.running:
                self.tick()
                self.sleep(interval)
        except KeyboardInterrupt:
            pass

    def tick(self):
        for name in self.commands:
            try:
                call_command(name)
            except Exception:
                logger.exception("Scheduled command %s failed; it runs again on the next tick", name)

    def stop(self, signum, frame):
        self.running = False

    def sleep(self, seconds):
        # Sleep in short steps so a stop request is honoured quickly.
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(1.0, deadline - time.monotonic()))
