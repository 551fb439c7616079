import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run Wagtail's publish_scheduled (and the registrations' reminders and retention, run_registration_jobs) every "
        "--interval seconds until stopped: the long-running alternative "
        "to a cron line or systemd timer, and what `make run` starts next to the server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs (default 60).")

    def handle(self, *args, interval, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self.stop)
        self.stdout.write(f"Publishing scheduled pages and announcements every {interval} s. Ctrl+C stops.")
        try:
            while self.running:
                call_command("publish_scheduled")
                call_command("run_registration_jobs")
                self.sleep(interval)
        except KeyboardInterrupt:
            pass

    def stop(self, signum, frame):
        self.running = False

    def sleep(self, seconds):
        # Sleep in short steps so a stop request is honoured quickly.
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(1.0, deadline - time.monotonic()))
