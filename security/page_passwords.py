"""Page-view passwords (Wagtail's PageViewRestriction with a password) are throttled like staff sign-in.

Wagtail checks the password in `wagtail.views.authenticate_with_password`; portal/urls.py routes its URL to
`authenticate_with_password` below, which counts the wrong guesses per protected page and client address in Django's
cache. After LOGIN_FAILURE_LIMIT of them (AXES_FAILURE_LIMIT) the address gets a styled 429 for that page, even with
the right password, until LOGIN_LOCKOUT_MINUTES (AXES_COOLOFF_TIME) after the last wrong guess.
"""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from wagtail import views as wagtail_views

from security.sign_in import client_ip

KEY_PREFIX = "page-password-failures"


def failure_key(request, restriction_id):
    return f"{KEY_PREFIX}:{restriction_id}:{client_ip(request)}"


def lockout_seconds():
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def failures(key):
    return cache.get(key, 0)


def count_failure(key):
    """One more wrong guess; the lockout runs from the last one."""
    cache.add(key, 0, lockout_seconds())
    try:
        cache.incr(key)
    except ValueError:  # the entry vanished in between (or the cache is unavailable)
        cache.set(key, 1, lockout_seconds())
    cache.touch(key, lockout_seconds())


def locked_response(request):
    context = {"lockout_minutes": max(1, lockout_seconds() // 60)}
    response = render(request, "security/page_password_locked.html", context, status=429)
    response["Retry-After"] = str(lockout_seconds())
    response["Cache-Control"] = "no-store"
    return response


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form view, refused once this address has guessed wrong too often for this page."""
    key = failure_key(request, page_view_restriction_id)
    if request.method == "POST" and failures(key) >= settings.AXES_FAILURE_LIMIT:
        return locked_response(request)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if request.method == "POST" and response.status_code != 302:  # Wagtail shows the form again: a wrong password
        count_failure(key)
    return response
