"""The query parameters each endpoint accepts, checked the way the specification defines them.

Anything else is a 400 Problem naming the parameter: an unknown parameter (e.g. `sort`, which OOAPI 6.0 does not
define for these paths; lists come ordered by name), a value outside its enumeration, a page size the specification
does not list. `fields` and `consumer` are hints the specification lets a server ignore; they are accepted and ignored.
`filter_query` is optional in the specification and not supported here: the named filters cover our fields.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .problems import bad_request

PAGE_SIZES = (10, 20, 50, 100, 250)
LANGUAGE_TAG = re.compile(
    r"^([a-z]{2,3})(-([A-Z]{2}|[0-9]{3}))?(-([a-z]{4}))?(-([a-z]{2}|[0-9]{3}))*(-[a-z0-9]{2,8})*(-x(-[a-z0-9]{1,8})+)?$"
)
MAX_TEXT = 200  # a search or code longer than this matches nothing we publish


@dataclass(frozen=True)
class Page:
    size: int
    number: int

    @property
    def offset(self):
        return (self.number - 1) * self.size


def integer(name, raw):
    if not re.fullmatch(r"[0-9]{1,9}", raw):
        raise bad_request(_("The query parameter '%(name)s' must be a whole number.") % {"name": name})
    return int(raw)


def page_of(query):
    size = integer("pageSize", query["pageSize"]) if "pageSize" in query else 10
    if size not in PAGE_SIZES:
        raise bad_request(
            _("The query parameter 'pageSize' must be one of %(sizes)s.") % {"sizes": ", ".join(map(str, PAGE_SIZES))}
        )
    number = integer("pageNumber", query["pageNumber"]) if "pageNumber" in query else 1
    if number < 1:
        raise bad_request("The query parameter 'pageNumber' must be 1 or more.")
    return Page(size, number)


def text(name, raw):
    if len(raw) > MAX_TEXT:
        raise bad_request(
            _("The query parameter '%(name)s' is too long (at most %(count)d characters).")
            % {"name": name, "count": MAX_TEXT}
        )
    if "\x00" in raw:  # PostgreSQL text cannot hold it: a query with it could only fail
        raise bad_request(_("The query parameter '%(name)s' contains a NUL character.") % {"name": name})
    return raw


def choice(name, raw, choices):
    if raw not in choices:
        raise bad_request(
            _("The query parameter '%(name)s' must be one of: %(choices)s.")
            % {"name": name, "choices": ", ".join(choices)}
        )
    return raw


def language(name, raw):
    if not LANGUAGE_TAG.match(raw) or len(raw) > 35:
        raise bad_request(
            _("The query parameter '%(name)s' must be a language tag such as 'en' or 'nl-BE'.") % {"name": name}
        )
    return raw


def boolean(name, raw):
    return choice(name, raw, ("true", "false")) == "true"


def moment(name, raw):
    """An RFC 3339 date-time or full date, as an aware datetime."""
    parsed = None
    try:
        parsed = parse_datetime(raw)
        if parsed is None and parse_date(raw) is not None:
            parsed = datetime.combine(parse_date(raw), datetime.min.time())
    except ValueError:
        parsed = None
    if parsed is None:
        raise bad_request(
            _("The query parameter '%(name)s' must be a date-time such as 2027-09-01T00:00:00Z.") % {"name": name}
        )
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def identifier(name, raw):
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise bad_request(
            _("'%(value)s' is not a valid %(name)s (a UUID).") % {"value": raw[:60], "name": name}
        ) from None


def expansions(raw, allowed):
    """`expand=a,b` (form style, not exploded) as a set, each one of the values the path allows."""
    values = [value for value in raw.split(",")]
    for value in values:
        choice("expand", value, allowed)
    return set(values)


IGNORED = frozenset({"fields", "consumer"})


def parse(query, accepted):
    """The request's query parameters as {name: value}, parsed by `accepted` ({name: parser(name, raw)}).

    Pagination parameters go through `page_of` when the endpoint is a collection (it names "pageSize").
    """
    result = {}
    for name in query:
        if name.startswith("filter_query"):
            raise bad_request(_("The query parameter 'filter_query' is not supported here; use the named filters."))
        if name not in accepted and name not in IGNORED:
            known = ", ".join(sorted(set(accepted) | IGNORED))
            raise bad_request(
                _("Unknown query parameter '%(name)s'. This endpoint accepts: %(known)s.")
                % {"name": name[:60], "known": known}
            )
        values = query.getlist(name)
        if len(values) > 1:
            raise bad_request(_("The query parameter '%(name)s' is given more than once.") % {"name": name})
        if name in IGNORED or name in ("pageSize", "pageNumber"):
            continue
        result[name] = accepted[name](name, values[0])
    if "pageSize" in accepted:
        result["page"] = page_of(query)
    return result


def enumeration(choices):
    return lambda name, raw: choice(name, raw, choices)


def expand(allowed):
    return lambda name, raw: expansions(raw, allowed)


PAGINATION = {"pageSize": None, "pageNumber": None}
