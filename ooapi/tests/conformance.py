"""Checks responses (and the requests that got them) against the official OOAPI 6.0 specification with openapi-core.

The specification is read from ../shared/specs/ beside the project (CI always has it); without it the tests that
need it are skipped with that reason. Three adjustments, made in memory only:
- `servers` points at the test server's /ooapi/v6 (the published file names SURF's demo server);
- the `filter_query[__or][]` parameter is left out: openapi-core cannot deserialise a deepObject parameter whose name
  has brackets and fails every request with it, even one that does not use it (we do not support filter_query);
- `application/problem+json` bodies are read as JSON (openapi-core only knows `application/json` by name).
"""

import json
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator
from openapi_core import Config, OpenAPI
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest, MockResponse

SPEC = Path(settings.BASE_DIR).parent / "shared" / "specs" / "oeapi-6.0.json"
BASE = "/ooapi/v6"


def spec_or_skip():
    if not SPEC.exists():
        pytest.skip(f"the OOAPI specification is not at {SPEC} (CI copies ../shared/specs beside the project)")


@cache
def api():
    document = json.loads(SPEC.read_text())
    document["servers"] = [{"url": f"http://testserver{BASE}"}]
    for operation in (method for item in document["paths"].values() for method in item.values()):
        operation["parameters"] = [
            parameter
            for parameter in operation.get("parameters", [])
            if parameter.get("$ref") != "#/components/parameters/filterQueryOr"
        ]
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_dict(document, config=config)


def as_openapi(response):
    request = response.wsgi_request
    args = {name: request.GET[name] for name in request.GET}
    mock_request = MockRequest("http://testserver", request.method.lower(), request.path, args=args)
    mock_response = MockResponse(
        response.content, status_code=response.status_code, content_type=response["Content-Type"].split(";")[0]
    )
    return mock_request, mock_response


def assert_valid_response(response):
    """The response is one the specification allows for its request (status, media type and body schema)."""
    spec_or_skip()
    request, openapi_response = as_openapi(response)
    api().validate_response(request, openapi_response)


def assert_problem(response):
    """A Problem document the specification allows: for its request where the specification has the operation (an
    error it lists), else (a path or method it does not have) against its Problem schema."""
    spec_or_skip()
    assert response["Content-Type"] == "application/problem+json"
    request, openapi_response = as_openapi(response)
    try:
        api().validate_response(request, openapi_response)
    except (PathNotFound, OperationNotFound):
        problem = json.loads(SPEC.read_text())["components"]["schemas"]["Problem"]
        Draft202012Validator(problem, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(response.json())


def assert_valid_request(response):
    """The request's path and query parameters are ones the specification allows."""
    spec_or_skip()
    request, _ = as_openapi(response)
    api().validate_request(request)
