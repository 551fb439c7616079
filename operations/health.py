"""How the site behaves when a backing service fails, and `/healthz` for the load balancer.

PostgreSQL down: every request that needs the database fails with a `django.db` OperationalError or InterfaceError.
`server_error` (the 500 handler, see portal/urls.py) turns those into a styled 503 with Retry-After; every other
error stays a 500. A handler and not a middleware, because Django turns an exception into a response at every
middleware layer, so a middleware only sees the exceptions of the view below it, not those raised in other middleware
(the page cache, the redirects middleware) or while rendering an error page. Neither page touches the database.
Nothing is kept from a failed connection: Django discards it after the request, and the connection pool checks
a connection before lending it (CONN_HEALTH_CHECKS). In production the database backend's circuit breaker
(operations/database) makes the 503 immediate once a process has seen the database down, and brings pages back
within about a second of the database.

Redis down: the page cache (caching/page_cache.py) and the Django cache (caching/resilient_cache.py) log a warning and
carry on without caching.

`/healthz` is answered by `HealthCheckMiddleware`, near the top of MIDDLEWARE: before the page cache (never cached)
and before any middleware that may query the database (so it answers JSON, not the 503 page, while the database is
down), and only for a Host in ALLOWED_HOSTS, like every other URL: a foreign Host gets the styled 400 (a load balancer
that probes by address must send an allowed Host header, or the address must be listed). It answers JSON:
    200 {"status": "ok", "database": "ok", "cache": "ok"}
    200 {"status": "degraded", "database": "ok", "cache": "down"}   Redis down: pages are still served, uncached,
        so the instance stays in rotation (a shared Redis outage must not take every instance out at once).
    503 {"status": "down", "database": "down", "cache": ...}        no page that needs content can be served.
"cache" is "local" when no Redis is configured (each process caches in memory).
"""

import logging
import sys

import redis
from django.conf import settings
from django.db import Error as DatabaseError
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError)
REDIS_CHECK_TIMEOUT = 1.0
HEALTH_PATH = "/healthz"

_redis_clients = {}


def is_outage(error):
    return isinstance(error, OUTAGE_ERRORS)


def plain_error_page(request, template, status):
    """A page of templates/plain_error.html: no request context, so nothing that could need the database."""
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "request_id": getattr(request, "request_id", None)}
    response = HttpResponse(loader.get_template(template).render(context), status=status)
    response["Cache-Control"] = "no-store"
    return response


def service_unavailable(request):
    response = plain_error_page(request, "503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: the styled 500 page, or the 503 page when the error is the database being unreachable."""
    if is_outage(sys.exception()):
        return service_unavailable(request)
    return plain_error_page(request, "500.html", 500)


def bad_request(request, exception):
    """handler400 (also a disallowed Host header, so nothing here may look at the host: no site, no settings)."""
    return plain_error_page(request, "400.html", 400)


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError as error:
        logger.warning("Health check: database unavailable: %s", error)
        return "down"


def cache_state():
    location = settings.CACHES["default"].get("LOCATION", "")
    if not str(location).startswith(("redis://", "rediss://", "unix://")):
        return "local"
    if location not in _redis_clients:
        _redis_clients[location] = redis.Redis.from_url(
            location, socket_connect_timeout=REDIS_CHECK_TIMEOUT, socket_timeout=REDIS_CHECK_TIMEOUT
        )
    try:
        _redis_clients[location].ping()
        return "ok"
    except redis.RedisError as error:
        logger.warning("Health check: cache unavailable: %s", error)
        return "down"


@never_cache
@require_safe
def healthz(request):
    database, cache = database_state(), cache_state()
    if database != "ok":
        status, code = "down", 503
    elif cache == "down":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "database": database, "cache": cache}, status=code)


class HealthCheckMiddleware:
    """Answers `/healthz` itself; every other request goes on down the stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            request.get_host()  # DisallowedHost for a Host outside ALLOWED_HOSTS: Django answers the 400 page
            return healthz(request)
        return self.get_response(request)
