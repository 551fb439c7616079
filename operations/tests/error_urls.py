"""The site's URLs plus views that fail on purpose, for the error page and request log tests (ROOT_URLCONF)."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.urls import path

from portal import urls as portal_urls
from portal.urls import handler400, handler500  # noqa: F401 - the handlers are looked up in ROOT_URLCONF


def crash(request):
    raise ZeroDivisionError("a bug")


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def connection_gone(request):
    raise InterfaceError("connection already closed")


def refuse(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a tampered request")


failing = [
    path("test-errors/crash/", crash),
    path("test-errors/database-down/", database_down),
    path("test-errors/connection-gone/", connection_gone),
    path("test-errors/refuse/", refuse),
    path("test-errors/suspicious/", suspicious),
]

urlpatterns = [
    *failing,  # unprefixed: served in the default language
    *i18n_patterns(*failing),  # /nl/test-errors/...: the error pages in Dutch
    *portal_urls.urlpatterns,  # not include(): the site's language-prefixed patterns must be at the top level
]
