"""The benchmark's floor: the cheapest possible WSGI app, returning a 30 KB HTML body."""

BODY = b"<!DOCTYPE html><title>floor</title>" + b"<p>" + b"x" * (30 * 1024 - 42) + b"</p>"
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
