"""The WSGI application: page-cache hits are answered before Django's handler, everything else by Django.

A hit needs no middleware below the page cache (its headers are stored with the page) and no database, so it is
served with the request log around it and nothing else: no middleware chain, no request signals.
"""

import os

from django.core.handlers.wsgi import WSGIRequest
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

django_application = get_wsgi_application()

from portal import page_cache  # noqa: E402  (needs the settings configured above)
from portal.request_log import RequestLogMiddleware  # noqa: E402


def application(environ, start_response):
    request = WSGIRequest(environ)
    hit = page_cache.current_hit(request)
    if hit is None:
        return django_application(environ, start_response)
    response = RequestLogMiddleware(lambda _request: hit)(request)
    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return [response.content]
