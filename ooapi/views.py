"""The read-only OOAPI 6.0 endpoints under /ooapi/v6/: anonymous GET (and HEAD) only, JSON or a Problem.

Each response is public and carries an ETag; the page cache keeps it like any response that is not a page (it
depends on `pages`, so any published change to a page renews it; see README, "Invalidation by dependency").
"""

import hashlib
import json
import math
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import calendar, catalogue, params, resources
from .problems import Problem, not_found, problem_response

READ_METHODS = ("GET", "HEAD")
PROGRAMME_FILTERS = {
    **params.PAGINATION,
    "q": params.text,
    "teachingLanguage": params.language,
    "programmeType": params.enumeration(("programme", "minor", "honours", "specialisation", "track", "specification")),
    "qualificationAwarded": params.enumeration(
        ("diploma", "vocational_diploma", "certificate", "associate_degree", "bachelor", "master", "doctoral", "none")
    ),
    "levelOfQualification": params.enumeration(
        ("eqf_0", "eqf_1", "eqf_2", "eqf_3", "eqf_4", "nlqf_4plus", "eqf_5", "eqf_6", "eqf_7", "eqf_8")
    ),
    "fieldsOfStudy": params.text,
}


def endpoint(accepted, **identifiers):
    """A view answering GET/HEAD with `handler(context, options, **ids)`'s document, anything else with a Problem.

    `identifiers` names the URL's ids ({url kwarg: "programme id"}), each checked to be a UUID.
    """

    def wrap(handler):
        @csrf_exempt  # read-only: no request changes anything, so there is nothing to forge
        def view(request, **kwargs):
            if request.method not in READ_METHODS:
                response = problem_response(
                    request,
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    _("The method %(method)s is not supported: this API is read-only (GET).")
                    % {"method": request.method},
                )
                response["Allow"] = ", ".join(READ_METHODS)
                return response
            try:
                ids = {name: params.identifier(label, kwargs[name]) for name, label in identifiers.items()}
                options = params.parse(request.GET, accepted)
                context = resources.Context(request, catalogue.site_root(request), timezone.localdate())
                document = handler(context, options, **ids)
            except Problem as problem:
                return problem_response(request, problem.status, problem.detail)
            return json_response(request, document)

        return view

    return wrap


def json_response(request, document):
    content = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    response = HttpResponse(content, content_type="application/json")
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"  # public data, no credentials: any site's script may read it
    patch_cache_control(response, public=True, max_age=0)
    return get_conditional_response(request, etag=etag, response=response) or response


def paginated(items, page, build, page_of=None):
    """A page of `items` (a list, or a queryset with `page_of` giving its total and one page) in the Pagination
    envelope."""
    if page_of is None:
        total, shown = len(items), items[page.offset : page.offset + page.size]
    else:
        total, shown = page_of(items, page.offset, page.size)
    return {
        "pageSize": page.size,
        "pageNumber": page.number,
        "hasPreviousPage": page.number > 1,
        "hasNextPage": page.offset + page.size < total,
        "totalPages": max(1, math.ceil(total / page.size)),
        "items": [build(item) for item in shown],
    }


# --- The service ---------------------------------------------------------------------------------------------------

OPERATIONS = (
    "/",
    "/organisations",
    "/organisations/{organisationId}",
    "/organisations/{organisationId}/programmes",
    "/programmes",
    "/programmes/{programmeId}",
    "/programmes/{programmeId}/programme-offerings",
    "/programme-offerings/{programmeOfferingId}",
    "/academic-sessions",
    "/academic-sessions/{academicSessionId}",
)
EXPANDS = {
    "/organisations/{organisationId}": ["parent", "children"],
    "/programmes/{programmeId}": ["organisation", "parent", "children", "coordinators", "instructors"],
    "/programme-offerings/{programmeOfferingId}": ["academic_session", "organisation", "programme"],
}


@endpoint({})
def service(context, options):
    return {
        "contactEmail": settings.OOAPI_CONTACT_EMAIL,
        "specification": "https://github.com/open-education-api/specification/tree/master/v6",
        "documentation": "https://openonderwijsapi.nl/v6.0/",
        "supportedOperations": [{"verbs": ["GET"], "path": path} for path in OPERATIONS],
        "supportedExpands": [{"expandableObjects": objects, "path": path} for path, objects in EXPANDS.items()],
    }


# --- Organisations -------------------------------------------------------------------------------------------------


@endpoint({**params.PAGINATION, "primaryCode": params.text, "q": params.text, "organisationType": params.text})
def organisations(context, options):
    found = catalogue.organisations(context.root)
    documents = {item.key: resources.organisation(item, context) for item in found}

    def wanted(document):
        if "primaryCode" in options and document["primaryCode"]["code"] != options["primaryCode"]:
            return False
        if "organisationType" in options and document["organisationType"] != options["organisationType"]:
            return False
        names = " ".join(name["value"] for name in document["name"]).lower()
        return options.get("q", "").lower() in names

    return paginated([document for document in documents.values() if wanted(document)], options["page"], dict)


@endpoint({"expand": params.expand(("parent", "children"))}, organisation_id="organisation id")
def organisation(context, options, organisation_id):
    found = catalogue.organisation(context.root, organisation_id)
    by_key = {item.key: item for item in catalogue.schools(context.root)} if options.get("expand") else {}
    return resources.organisation(found, context, options.get("expand", ()), by_key)


@endpoint(PROGRAMME_FILTERS, organisation_id="organisation id")
def organisation_programmes(context, options, organisation_id):
    found = catalogue.organisation(context.root, organisation_id)
    queryset = catalogue.filter_programmes(catalogue.programmes_of(context.root, found), options)
    return paginated(queryset, options["page"], lambda page: resources.programme(page, context), catalogue.page_of)


# --- Programmes and their offerings --------------------------------------------------------------------------------


@endpoint({**PROGRAMME_FILTERS, "primaryCode": params.text})
def programmes(context, options):
    queryset = catalogue.filter_programmes(catalogue.programmes(context.root), options)
    return paginated(queryset, options["page"], lambda page: resources.programme(page, context), catalogue.page_of)


@endpoint(
    {
        "expand": params.expand(("parent", "children", "coordinators", "instructors", "organisation")),
        "returnTimelineOverrides": params.boolean,
    },
    programme_id="programme id",
)
def programme(context, options, programme_id):
    page = catalogue.programme(context.root, programme_id)
    expanded = options.get("expand", set())
    schools = {item.key: item for item in catalogue.schools(context.root)} if "organisation" in expanded else {}
    document = resources.programme(page, context, expanded, schools)
    if options.get("returnTimelineOverrides"):
        document["timelineOverrides"] = []  # no programme has versions that differ over time
    return document


OFFERING_FILTERS = {
    **params.PAGINATION,
    "q": params.text,
    "teachingLanguage": params.language,
    "state": params.enumeration(("concept", "cancelled", "active", "inactive")),
    "modeOfStudy": params.enumeration(("full_time", "part_time", "dual_training", "self_paced")),
    "resultExpected": params.boolean,
    "since": params.moment,
    "until": params.moment,
}


@endpoint(OFFERING_FILTERS, programme_id="programme id")
def programme_offerings(context, options, programme_id):
    page = catalogue.programme(context.root, programme_id)
    found = calendar.offerings(page.translation_key, [intake.start_month for intake in page.intakes], context.today)
    deadlines = calendar.deadlines_by_offering(found, page.deadlines)
    shown = [offering for offering in found if offering_matches(page, offering, options, context.today)]
    return paginated(
        shown,
        options["page"],
        lambda offering: resources.programme_offering(page, offering, deadlines[offering], context),
    )


def offering_matches(page, offering, options, today):
    """The offering filters; by default only offerings that have not started (the specification's `since`)."""
    document_start = calendar.local_moment(offering.start)
    since = options.get("since") or calendar.local_moment(today)
    if document_start < since:
        return False
    if "until" in options and calendar.local_moment(offering.end(page.duration_months), True) > options["until"]:
        return False
    if options.get("state", "active") != "active" or options.get("resultExpected", True) is not True:
        return False
    if "modeOfStudy" in options and resources.STUDY_MODE.get(page.pace) != options["modeOfStudy"]:
        return False
    if "teachingLanguage" in options:
        languages = resources.teaching_languages(page) or []
        if options["teachingLanguage"].split("-")[0] not in languages:
            return False
    return options.get("q", "").lower() in page.title.lower()


@endpoint(
    {
        "expand": params.expand(
            (
                "academic_session",
                "course",
                "course_offering",
                "learning_component",
                "organisation",
                "programme",
                "programme_offering",
                "test_component",
            )
        )
    },
    offering_id="programme offering id",
)
def programme_offering(context, options, offering_id):
    page, offering = catalogue.offering(context.root, offering_id, context.today)
    found = calendar.offerings(page.translation_key, [intake.start_month for intake in page.intakes], context.today)
    deadlines = calendar.deadlines_by_offering(found, page.deadlines)
    expanded = options.get("expand", set())
    schools = {item.key: item for item in catalogue.schools(context.root)} if "organisation" in expanded else {}
    return resources.programme_offering(page, offering, deadlines[offering], context, expanded, schools)


# --- Academic sessions ---------------------------------------------------------------------------------------------


@endpoint(
    {
        **params.PAGINATION,
        "primaryCode": params.text,
        "academicSessionType": params.text,
        "parent": lambda name, raw: params.identifier(name, raw),
        "year": lambda name, raw: params.identifier(name, raw),
    }
)
def academic_sessions(context, options):
    documents = [resources.academic_session(year) for year in calendar.current_years(context.today)]

    def wanted(document):
        if "primaryCode" in options and document["primaryCode"]["code"] != options["primaryCode"]:
            return False
        if options.get("academicSessionType", "academic_year") != "academic_year" or "parent" in options:
            return False  # academic years are the only sessions, and have no parent
        return "year" not in options or str(options["year"]) == document["academicSessionId"]

    return paginated([document for document in documents if wanted(document)], options["page"], dict)


@endpoint({"expand": params.expand(("parent", "children", "year"))}, session_id="academic session id")
def academic_session(context, options, session_id):
    for year in calendar.current_years(context.today):
        if calendar.academic_year_id(year) == session_id:
            document = resources.academic_session(year)
            if "children" in options.get("expand", ()):
                document["children"] = None  # an academic year has no terms here; nor a parent or year above it
            return document
    raise not_found(_("There is no academic session with id '%(id)s'.") % {"id": session_id})


@csrf_exempt
def unknown(request, **kwargs):
    return problem_response(
        request, HTTPStatus.NOT_FOUND, _("There is no such endpoint here; see the service at /ooapi/v6/.")
    )
