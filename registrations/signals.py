"""Sent when an event's registrations change (a sign-up, a cancellation, a promotion), inside the transaction.

The caching layer listens and drops the event's cached page, whose "places left" and structured data depend on them.
"""

from django.dispatch import Signal

# Arguments: event (the EventPage).
registrations_changed = Signal()
