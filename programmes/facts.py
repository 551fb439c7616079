"""A programme page's facts (deadlines, fees, languages, requirements...) loaded with the page in one query.

A programme has nine kinds of child rows; prefetching them costs nine queries. On PostgreSQL each kind is instead
aggregated to a JSON array in a subquery of one query, and the rows are rebuilt as model instances and assigned to
the page's child relations (in memory, as an editor's unsaved form does), so `page.deadlines.all()` and friends read
them without querying.
"""

import json
from functools import cache

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject

from .models import (
    ApplicationDeadline,
    DegreeType,
    Intake,
    LanguageMinimum,
    LanguageTest,
    PartnerInstitution,
    ProgrammePage,
    ProgrammeStrength,
    QualifyingDegree,
    SubjectArea,
    TeachingLanguage,
    TuitionFee,
)

CHILDREN = {
    "deadlines": ApplicationDeadline,
    "intakes": Intake,
    "teaching_languages": TeachingLanguage,
    "tuition_fees": TuitionFee,
    "strengths": ProgrammeStrength,
    "qualifying_degrees": QualifyingDegree,
    "language_minimums": LanguageMinimum,
}
MANY_TO_MANY = {"subject_areas": SubjectArea, "partner_institutions": PartnerInstitution}


def columns(model, prefix=""):
    return {field.attname: f"{prefix}{field.attname}" for field in model._meta.concrete_fields}


def child_rows(model):
    fields = columns(model)
    if model is LanguageMinimum:
        fields.update({f"test__{name}": f"test__{column}" for name, column in columns(LanguageTest).items()})
    rows = (
        model.objects.filter(page=OuterRef("pk"))
        .order_by()
        .values("page")
        .annotate(rows=JSONBAgg(JSONObject(**fields), order_by=("sort_order", "pk")))
        .values("rows")
    )
    return Subquery(rows)


def related_rows(relation, model):
    through = getattr(ProgrammePage, relation).through
    target = model._meta.model_name
    rows = (
        through.objects.filter(programmepage=OuterRef("pk"))
        .order_by()
        .values("programmepage")
        .annotate(rows=JSONBAgg(JSONObject(**columns(model, f"{target}__")), order_by=(f"{target}__name",)))
        .values("rows")
    )
    return Subquery(rows)


def build(model, row):
    """A model instance from one JSON row (JSON gives strings for dates and floats for decimals)."""
    values = {field.attname: field.to_python(row[field.attname]) for field in model._meta.concrete_fields}
    return model(**values)


PLACEHOLDER_PK = -424242  # stands for the page's id while the SQL is compiled


@cache
def facts_sql():
    """The one query, compiled once per process: building it through the ORM costs more than running it."""
    subqueries = {f"facts_{relation}": child_rows(model) for relation, model in CHILDREN.items()}
    subqueries |= {f"facts_{relation}": related_rows(relation, model) for relation, model in MANY_TO_MANY.items()}
    subqueries["facts_degree"] = Subquery(
        DegreeType.objects.filter(pk=OuterRef("degree_type_id")).values(json=JSONObject(**columns(DegreeType)))
    )
    queryset = ProgrammePage.objects.filter(pk=PLACEHOLDER_PK).annotate(**subqueries).values(*subqueries)
    sql, params = queryset.query.sql_with_params()
    return sql, list(params), params.index(PLACEHOLDER_PK), list(subqueries)


def fetch_facts(pk):
    sql, template_params, pk_position, names = facts_sql()
    params = [*template_params]
    params[pk_position] = pk
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return {
        name: json.loads(value) if isinstance(value, str) else value for name, value in zip(names, row, strict=True)
    }


def load_facts(page):
    """Attach every fact of `page` to it in one query (PostgreSQL); elsewhere leave it to ordinary prefetching.

    The rows are handed to modelcluster as the page's in-memory children (assigning a child relation writes nothing
    to the database until the page is saved), and `page.facts_loaded` says so. Not for a preview, whose page carries
    its own unsaved children.
    """
    if connection.vendor != "postgresql" or not page.pk or page.facts_loaded:
        return page
    found = fetch_facts(page.pk)
    if found is None:
        return page
    children = {}
    for relation, model in (CHILDREN | MANY_TO_MANY).items():
        children[relation] = [build(model, row) for row in found[f"facts_{relation}"] or []]
    for minimum, row in zip(children["language_minimums"], found["facts_language_minimums"] or [], strict=True):
        minimum.test = build(
            LanguageTest, {key[len("test__") :]: value for key, value in row.items() if key.startswith("test__")}
        )
    for relation, objects in children.items():
        setattr(page, relation, objects)
    if found.get("facts_degree"):
        page.degree_type = build(DegreeType, found["facts_degree"])
    page.facts_loaded = True
    return page
