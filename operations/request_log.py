"""One structured log line per request, and a request id on every log record written while the request runs.

The line is JSON (`JsonFormatter`), for example:

    {"time": "2026-12-02T16:59:01.123+00:00", "level": "INFO", "logger": "portal.request", "message": "request",
     "request_id": "3f2a...", "method": "GET", "path": "/programmes/", "query_keys": ["page", "q"],
     "status": 200, "duration_ms": 12.4, "cache": "hit"}

What it leaves out, on purpose: query string *values* (a search term or a filter can be a name or an email address;
only the parameter names are kept), cookies, request and response bodies, headers other than the request id, the
client's IP address and user agent, and who is logged in. A path is capped at `MAX_PATH_LENGTH` characters.

The request id is the incoming `X-Request-ID` when it is a sane token (what a load balancer or proxy in front sets),
otherwise a fresh one; it is sent back in the `X-Request-ID` response header, so a visitor reporting an error page can
quote it, and every record logged during the request (a 500's traceback from `django.request` included) carries it.
"""

import contextvars
import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

logger = logging.getLogger("portal.request")

HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
MAX_PATH_LENGTH = 300
MAX_QUERY_KEYS = 20
MAX_MESSAGE_LENGTH = 1000  # a 404 for a 100 kB path is one short line, not 100 kB of log

current_request_id = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra=` and belongs in the JSON line.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def _record_factory_with_request_id(base_factory):
    def factory(*args, **kwargs):
        record = base_factory(*args, **kwargs)
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return record

    factory.adds_request_id = True
    return factory


def install_record_factory():
    """Give every log record a `request_id` attribute (None outside a request). Idempotent."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "adds_request_id", False):
        logging.setLogRecordFactory(_record_factory_with_request_id(current))


def fill_request_id(record):
    """Django logs a 4xx (`Not Found: /path`) after the middleware has returned, but it passes the request along."""
    if getattr(record, "request_id", None) is None:
        record.request_id = getattr(getattr(record, "request", None), "request_id", None)
    return record


def request_id_from(request):
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def query_keys(request):
    """The names of the query parameters, never their values; at most MAX_QUERY_KEYS, each cut to 40 characters."""
    return sorted({key[:40] for key in request.GET})[:MAX_QUERY_KEYS]


def log_request(request, status, cache, started):
    """The request's one line: method, path (capped), query parameter names, status, duration, page-cache outcome."""
    if not logger.isEnabledFor(logging.INFO):
        return
    path = request.path
    token = current_request_id.set(request.request_id)
    try:
        logger.info(
            "request",
            extra={
                "method": request.method[:10],
                "path": path if len(path) <= MAX_PATH_LENGTH else path[:MAX_PATH_LENGTH] + "…",
                "query_keys": query_keys(request),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "cache": cache,
            },
        )
    finally:
        current_request_id.reset(token)


class RequestLogMiddleware:
    """Put it first in MIDDLEWARE: it times and logs every request. (Page-cache hits answered in `portal.wsgi` are
    logged there, with the same `log_request`.)"""

    def __init__(self, get_response):
        self.get_response = get_response
        install_record_factory()

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_from(request)
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            log_request(request, response.status_code, response.get("X-Page-Cache"), started)
            return response
        finally:
            current_request_id.reset(token)


class TextFormatter(logging.Formatter):
    """Plain lines (LOG_FORMAT=text): time, level, logger, [request id], message."""

    def __init__(self, fmt="%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s", *args, **kwargs):
        install_record_factory()  # records logged before the first request need the attribute too
        super().__init__(fmt, *args, **kwargs)

    def format(self, record):
        return super().format(fill_request_id(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, any `extra=` fields, the exception."""

    def __init__(self, *args, **kwargs):
        install_record_factory()
        super().__init__(*args, **kwargs)

    def format(self, record):
        fill_request_id(record)
        message = record.getMessage()
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message if len(message) <= MAX_MESSAGE_LENGTH else message[:MAX_MESSAGE_LENGTH] + "…",
            "request_id": getattr(record, "request_id", None),
        }
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRIBUTES and name not in line and not name.startswith("_"):
                line[name] = value
        # Django's request loggers attach the request object itself: never serialised (cookies, headers, body).
        line.pop("request", None)
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return json.dumps(line, default=str, ensure_ascii=False)
