"""Errors as RFC 7807 Problem documents (`application/problem+json`), the only error shape the OOAPI allows."""

import json
from http import HTTPStatus

from django.http import HttpResponse


class Problem(Exception):
    """Raised by the endpoints for anything a client did wrong; answered as a Problem document."""

    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def bad_request(detail):
    return Problem(HTTPStatus.BAD_REQUEST, detail)


def not_found(detail):
    return Problem(HTTPStatus.NOT_FOUND, detail)


def problem_response(request, status, detail):
    status = HTTPStatus(status)
    body = {
        "type": "about:blank",  # RFC 7807: the status code says it all; `title` is then its phrase
        "title": status.phrase,
        "status": status.value,
        "detail": detail,
        "instance": request.build_absolute_uri(),
    }
    response = HttpResponse(json.dumps(body), status=status.value, content_type="application/problem+json")
    response["Cache-Control"] = "no-store"
    return response
