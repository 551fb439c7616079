"""A limit on sign-ups per client address and per e-mail address, counted in Django's cache (Redis when set)."""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from core.ports import client_address

PREFIX = "registrations:sign-ups"


def digest(value):
    """A keyed hash (with SECRET_KEY): unlike a plain hash, not checkable against a list of known addresses."""
    return salted_hmac(PREFIX, value, algorithm="sha256").hexdigest()[:32]


def keys(request, email):
    # Hashed: the cache holds no e-mail address or IP address in the clear.
    address = digest(f"address:{client_address(request)}")
    mailbox = digest(f"email:{email.lower()}")
    return [
        (f"{PREFIX}:address:{address}", settings.REGISTRATION_RATE_PER_ADDRESS),
        (f"{PREFIX}:email:{mailbox}", settings.REGISTRATION_RATE_PER_EMAIL),
    ]


def over_limit(request, email):
    """Count one more attempt; True when this address or e-mail has made too many within the window."""
    over = False
    for key, limit in keys(request, email):
        cache.add(key, 0, settings.REGISTRATION_RATE_WINDOW)
        try:
            count = cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, settings.REGISTRATION_RATE_WINDOW)
            count = 1
        over = over or count > limit
    return over
