"""The WSGI application: page-cache hits are answered before Django's handler, everything else by Django.

A hit needs no middleware below the page cache (its headers are stored with the page) and no database, so it is
served with its request id and log line and nothing else: no middleware chain, no request signals, no HttpResponse.
"""

import os
import time
from http import HTTPStatus

from django.core.handlers.wsgi import WSGIRequest
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

django_application = get_wsgi_application()

from caching import page_cache  # noqa: E402  (needs the settings configured above)
from operations import request_log  # noqa: E402

request_log.install_record_factory()


def application(environ, start_response):
    started = time.perf_counter()
    request = WSGIRequest(environ)
    entry = page_cache.current_entry(request)
    if entry is None:
        return django_application(environ, start_response)
    status, headers, body = page_cache.hit(entry, environ)
    request.request_id = request_log.request_id_from(request)
    start_response(f"{status} {HTTPStatus(status).phrase}", [*headers, (request_log.HEADER, request.request_id)])
    request_log.log_request(request, status, "hit", started)
    return [body]
