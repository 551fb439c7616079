"""A real SMTP server (aiosmtpd) in a thread of the test process, for the tests that send e-mail."""

import email
import os
import threading
import time
from contextlib import contextmanager
from email import policy

from aiosmtpd.controller import Controller

# One port per xdist worker (gw0, gw1, ...), so parallel workers each run their own server.
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
SMTP_PORT = int(os.environ.get("REGISTRATIONS_TEST_SMTP_PORT", "18301")) + WORKER


class Inbox:
    """Every message the SMTP server accepted, parsed."""

    def __init__(self):
        self.messages = []
        self.changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.changed:
            self.messages.append(message)
            self.changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count, timeout=20):
        """The messages once at least `count` have arrived (bounded by count, with a generous timeout)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while len(self.messages) < count and time.monotonic() < deadline:
                self.changed.wait(deadline - time.monotonic())
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} e-mails arrived"
        return list(self.messages)

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]


@contextmanager
def smtp_server(settings):
    """Start the server and point Django's default mailer at it; yields the Inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": SMTP_PORT, "timeout": 10},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()


def parts(message):
    """(plain text, HTML, [attachments]) of a parsed message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html, list(message.iter_attachments())
