"""What the feed publishes, read from the domain: live, public, unexpired pages of the request's site only.

Every query goes through `core.visibility.public()` (no private section, not past expiry) on `live()` pages: the
same rule as the finder, search and the sitemap. Identifiers are Wagtail's `translation_key`: a UUID kept through
moves, renames and republishing, and shared by a page's translations.
"""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from types import SimpleNamespace

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    Func,
    JSONField,
    OuterRef,
    Subquery,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Cast, Length, Now, Substr
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from core.visibility import public, unexpired
from programmes.models import (
    ApplicationDeadline,
    Intake,
    LanguageMinimum,
    PartnerInstitution,
    ProgrammePage,
    QualifyingDegree,
    TeachingLanguage,
    TuitionFee,
)
from schools.models import SchoolPage

from . import calendar
from .problems import not_found

LEVELS = {  # our study level: (qualificationAwarded, levelOfQualification, level)
    ProgrammePage.StudyLevel.BACHELOR: ("bachelor", "eqf_6", "bachelor"),
    ProgrammePage.StudyLevel.MASTER: ("master", "eqf_7", "master"),
    ProgrammePage.StudyLevel.ADVANCED_MASTER: ("master", "eqf_7", "master"),
    ProgrammePage.StudyLevel.DOCTORATE: ("doctoral", "eqf_8", "doctoral"),
}


def site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


# --- Organisations: the schools (nested schools are faculties) and the partner institutions of joint programmes ----


@dataclass
class School:
    key: object
    path: str
    slug: str
    title: str
    summary: str
    about: str
    website: str
    address: str
    logo: str
    parent_key: object = None
    root_key: object = None
    child_keys: tuple = ()
    kind = "school"


@dataclass
class Partner:
    pk: int
    key: object
    name: str
    city: str
    country: str
    website: str
    kind = "partner"


def schools(root):
    """Every live public school of the site, by path, with its parent, root and children worked out from the paths."""
    if root is None:
        return []
    rows = (
        public(SchoolPage.objects.live().descendant_of(root))
        .order_by("path")
        .values("translation_key", "path", "slug", "title", "summary", "about", "website", "address", "logo__file")
    )
    found = []
    for row in rows:
        school = School(
            key=row["translation_key"],
            path=row["path"],
            slug=row["slug"],
            title=row["title"],
            summary=row["summary"],
            about=row["about"],
            website=row["website"],
            address=row["address"],
            logo=default_storage.url(row["logo__file"]) if row["logo__file"] else "",
        )
        above = [other for other in found if school.path.startswith(other.path)]
        if above:
            school.parent_key, school.root_key = above[-1].key, above[0].key
            above[-1].child_keys += (school.key,)
        found.append(school)
    return found


def partners(root):
    """The partner institutions of the site's live public programmes."""
    if root is None:
        return []
    through = ProgrammePage.partner_institutions.through
    shown = through.objects.filter(
        partnerinstitution=OuterRef("pk"), programmepage__in=programmes(root).order_by().values("pk")
    )
    rows = PartnerInstitution.objects.filter(Exists(shown)).order_by("name", "pk")
    return [Partner(row.pk, row.translation_key, row.name, row.city, row.country, row.website) for row in rows]


def organisations(root):
    """Schools and partners, by name (the order the specification asks for)."""
    return sorted([*schools(root), *partners(root)], key=lambda item: (name_of(item).lower(), str(item.key)))


def name_of(organisation):
    return organisation.title if organisation.kind == "school" else organisation.name


def organisation(root, key):
    found = next((item for item in organisations(root) if item.key == key), None)
    if found is None:
        raise not_found(_("There is no organisation with id '%(id)s'.") % {"id": key})
    return found


# --- Programmes ----------------------------------------------------------------------------------------------------

FIELDS = (
    "translation_key",
    "slug",
    "title",
    "summary",
    "url_path",
    "expire_at",
    "study_level",
    "ects_credits",
    "duration_months",
    "study_mode",
    "pace",
    "location",
    "admission_requirements",
    "qualifying_degrees_intro",
    "language_requirements",
    "programme_url",
    "last_reviewed",
)


@dataclass
class Programme:
    """A programme's row and its facts as plain lists: what the feed shows, without a page instance per row."""

    translation_key: object
    slug: str
    title: str
    summary: str
    url_path: str
    expire_at: object
    study_level: str
    ects_credits: int
    duration_months: int
    study_mode: str
    pace: str
    location: str
    admission_requirements: str
    qualifying_degrees_intro: str
    language_requirements: str
    programme_url: str
    last_reviewed: object
    school_key: object
    degree_name: str
    teaching_languages: list
    intakes: list
    deadlines: list
    tuition_fees: list
    qualifying_degrees: list
    language_minimums: list
    partner_institutions: list


def programmes(root):
    """The site's live public programmes, by title (a queryset: filter it, count it, then `load` a slice)."""
    if root is None:
        return ProgrammePage.objects.none()
    return public(ProgrammePage.objects.live().descendant_of(root)).order_by("title", "pk")


PLACEHOLDER_IDS = [-424242]  # stands for the page ids while the SQL is compiled


class JSONAgg(Aggregate):
    """json_agg: plain JSON text, which PostgreSQL builds faster than jsonb (the feed only reads it once)."""

    function = "JSON_AGG"
    allow_order_by = True
    output_field = JSONField()


class JSONRow(Func):
    """json_build_object of {key: field path or expression}."""

    function = "JSON_BUILD_OBJECT"
    output_field = JSONField()

    def __init__(self, **columns):
        pairs = [
            part
            for key, value in columns.items()
            for part in (Cast(Value(key), TextField()), F(value) if isinstance(value, str) else value)
        ]
        super().__init__(*pairs)


# Per kind of fact: its model, the link to the page, its order, and the columns the feed reads.
FACT_ROWS = {
    "teaching_languages": (TeachingLanguage, "page", ("sort_order", "pk"), {"language": "language"}),
    "intakes": (Intake, "page", ("sort_order", "pk"), {"start_month": "start_month"}),
    "deadlines": (
        ApplicationDeadline,
        "page",
        ("sort_order", "pk"),
        {"date": "date", "applicant_group": "applicant_group"},
    ),
    "tuition_fees": (
        TuitionFee,
        "page",
        ("sort_order", "pk"),
        {"applicant_group": "applicant_group", "amount": "amount", "currency": "currency", "period": "period"},
    ),
    "qualifying_degrees": (QualifyingDegree, "page", ("sort_order", "pk"), {"name": "name", "campuses": "campuses"}),
    "language_minimums": (
        LanguageMinimum,
        "page",
        ("sort_order", "pk"),
        {"test__name": "test__name", "minimum_score": "minimum_score"},
    ),
    "partner_institutions": (
        ProgrammePage.partner_institutions.through,
        "programmepage",
        ("partnerinstitution__name",),
        {"translation_key": "partnerinstitution__translation_key"},
    ),
}


def live_school(programme_path):
    """The programme's parent when it is a live, unexpired school."""
    parent_path = Substr(programme_path, 1, Length(programme_path) - Page.steplen)
    return Page.objects.type(SchoolPage).live().filter(unexpired(Now())).filter(path=parent_path)


def fact_rows(model, page, order, columns):
    rows = (
        model.objects.filter(**{page: OuterRef("pk")})
        .order_by()
        .values(page)
        .annotate(rows=JSONAgg(JSONRow(**columns), order_by=order))
        .values("rows")
    )
    return Subquery(rows)


@cache
def facts_sql():
    """The query for a page of programmes with all their facts, compiled once per process (compiling its seven
    JSON subqueries costs more than running them): each kind of fact is aggregated to a JSON array of the columns
    the feed shows, so no page instance or related manager is built per row."""
    # The organisation is the parent when it is a live unexpired school, as `schools()` publishes it: a programme
    # below an expired or unpublished school (still public itself) names no organisation rather than one that
    # answers 404. (A private parent needs no check: its programmes are private too.) `Now()`: compiled once.
    parent = live_school(OuterRef("path"))
    # One JSON object per row holding every kind of fact: one value to decode per programme, not seven.
    facts = JSONRow(**{relation: fact_rows(*spec) for relation, spec in FACT_ROWS.items()})
    queryset = (
        ProgrammePage.objects.filter(pk__in=PLACEHOLDER_IDS)
        .annotate(
            school_key=Subquery(parent.values("translation_key")[:1]), degree_name=F("degree_type__name"), facts=facts
        )
        .values(*FIELDS, "school_key", "degree_name", "facts")
        .order_by("title", "pk")
    )
    sql, params = queryset.query.sql_with_params()
    # `= ANY(array)` lets PostgreSQL fetch the page's rows by their primary key whatever their number.
    pk_column = f'"{ProgrammePage._meta.db_table}"."{ProgrammePage._meta.pk.column}"'
    sql = sql.replace(f"{pk_column} IN (%s)", f"{pk_column} = ANY(%s::integer[])")
    return sql, list(params), params.index(PLACEHOLDER_IDS[0])


def page_of(queryset, offset, size):
    """(total, programmes) for one page of `queryset` (from `programmes()`): the ids and the total in one query
    (a window count), then the programmes with their facts in another."""
    rows = list(queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")[offset : offset + size])
    if not rows:
        return (queryset.count() if offset else 0), []
    return rows[0][1], load_ids([pk for pk, _total in rows])


def load(queryset):
    """The programmes of `queryset` (a slice of `programmes()`), with their facts: two queries whatever the size.

    The ids come first: PostgreSQL would compute the facts of the rows an OFFSET skips, too."""
    return load_ids(list(queryset.values_list("pk", flat=True)))


def load_ids(ids):
    if not ids:
        return []
    if connection.vendor != "postgresql":
        return load_ids_portably(ids)
    sql, params, position = facts_sql()
    params = [*params]
    params[position] = ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    return [programme_from(row) for row in rows]


def load_ids_portably(ids):
    """The same programmes from the embedded database of `make run` (SQLite has no ordered JSON aggregates): the
    page rows, then one query per kind of fact, each fact passed through JSON as PostgreSQL would hand it over."""
    rows = list(
        ProgrammePage.objects.filter(pk__in=ids)
        .annotate(school_key=Subquery(live_school(OuterRef("path")).values("translation_key")[:1]))
        .annotate(degree_name=F("degree_type__name"))
        .values("pk", *FIELDS, "school_key", "degree_name")
        .order_by("title", "pk")
    )
    facts = {row["pk"]: {relation: [] for relation in FACT_ROWS} for row in rows}
    for relation, (model, page, order, columns) in FACT_ROWS.items():
        found = model.objects.filter(**{f"{page}__in": ids}).order_by(*order).values(page, *columns.values())
        for item in found:
            facts[item[page]][relation].append({key: item[value] for key, value in columns.items()})
    programmes = []
    for row in rows:
        found = facts[row.pop("pk")]
        programmes.append(programme_from({**row, "facts": json.dumps(found, cls=DjangoJSONEncoder)}))
    return programmes


def json_rows(value):
    return (json.loads(value) if isinstance(value, str) else value) or []


def programme_from(row):
    """A Programme from one row; each fact a light namespace of its JSON columns (a model instance per fact costs
    more than the rest of the response)."""
    found = json_rows(row.pop("facts"))
    facts = {relation: [SimpleNamespace(**item) for item in found[relation] or []] for relation in FACT_ROWS}
    for deadline in facts["deadlines"]:
        deadline.date = date.fromisoformat(deadline.date)
    for fee in facts["tuition_fees"]:
        fee.amount = Decimal(str(fee.amount))
    for minimum in facts["language_minimums"]:
        minimum.minimum_score = Decimal(str(minimum.minimum_score))
    row["degree_name"] = row["degree_name"] or ""
    return Programme(**row, **facts)


def filter_programmes(queryset, options):
    """The programme filters the specification names for /programmes."""
    if "q" in options:
        queryset = queryset.filter(title__icontains=options["q"])
    if "primaryCode" in options:
        queryset = queryset.filter(slug=options["primaryCode"])
    if "teachingLanguage" in options:
        code = options["teachingLanguage"].split("-")[0]
        taught = TeachingLanguage.objects.filter(page=OuterRef("pk"), language=code)
        queryset = queryset.filter(Exists(taught))
    if options.get("programmeType", "programme") != "programme":
        queryset = queryset.none()  # every programme here is a whole degree programme
    for name, position in (("qualificationAwarded", 0), ("levelOfQualification", 1)):
        if name in options:
            levels = [level for level, values in LEVELS.items() if values[position] == options[name]]
            queryset = queryset.filter(study_level__in=levels)
    if "fieldsOfStudy" in options:
        queryset = queryset.none()  # no programme records an ISCED-F field of study
    return queryset


def programmes_of(root, organisation):
    """The programmes an organisation offers: everything below a school, or the joint programmes of a partner."""
    found = programmes(root)
    if organisation.kind == "school":
        return found.filter(path__startswith=organisation.path)
    return found.filter(partner_institutions__pk=organisation.pk)


def programme(root, key):
    found = next(iter(load(programmes(root).filter(translation_key=key)[:1])), None)
    if found is None:
        raise not_found(_("There is no programme with id '%(id)s'.") % {"id": key})
    return found


def offering(root, key, today=None):
    """(programme, offering) for an offering id of the current or next academic year: the programme is found by the
    part of its key the id keeps (an indexed range), whatever the size of the catalogue."""
    lowest, highest, year, month = calendar.offering_parts(key)
    if year in calendar.current_years(today) and 1 <= month <= 12:
        for page in load(programmes(root).filter(translation_key__range=(lowest, highest))[:OFFERING_CANDIDATES]):
            months = [intake.start_month for intake in page.intakes]
            found = next(
                (item for item in calendar.offerings(page.translation_key, months, today) if item.id == key), None
            )
            if found is not None:
                return page, found
    raise not_found(_("There is no programme offering with id '%(id)s'.") % {"id": key})


OFFERING_CANDIDATES = 10  # keys sharing their first twelve bytes (96 random bits): in practice never more than one
