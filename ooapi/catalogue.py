"""What the feed publishes, read from the domain: live, public, unexpired pages of the request's site only.

Every query goes through `core.visibility.public()` (no private section, not past expiry) on `live()` pages: the
same rule as the finder, search and the sitemap. Identifiers are Wagtail's `translation_key`: a UUID kept through
moves, renames and republishing, and shared by a page's translations.
"""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page, Site

from core.visibility import public
from programmes.models import LanguageMinimum, PartnerInstitution, ProgrammePage, TeachingLanguage
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
        raise not_found(f"There is no organisation with id '{key}'.")
    return found


# --- Programmes ----------------------------------------------------------------------------------------------------

FACTS = (
    "teaching_languages",
    "intakes",
    "deadlines",
    "tuition_fees",
    "qualifying_degrees",
    Prefetch("language_minimums", LanguageMinimum.objects.select_related("test")),  # one query, with or without rows
    "partner_institutions",
)


def programmes(root):
    """The site's live public programmes, by title, with everything the feed shows in a fixed number of queries."""
    if root is None:
        return ProgrammePage.objects.none()
    parent = Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen))
    return (
        public(ProgrammePage.objects.live().descendant_of(root))
        .select_related("degree_type")
        .annotate(school_key=Subquery(parent.values("translation_key")[:1]))
        .prefetch_related(*FACTS)
        .order_by("title", "pk")
    )


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
    found = programmes(root).filter(translation_key=key).first()
    if found is None:
        raise not_found(f"There is no programme with id '{key}'.")
    return found


def offering(root, key, today=None):
    """(programme, offering) for an offering id of the current or next academic year."""
    for programme_key, months in intake_months(root):
        for candidate in calendar.offerings(programme_key, months, today):
            if candidate.id == key:
                return programme(root, programme_key), candidate
    raise not_found(f"There is no programme offering with id '{key}'.")


def intake_months(root):
    rows = programmes(root).prefetch_related(None).values_list("translation_key", "intakes__start_month")
    months = {}
    for key, month in rows:
        months.setdefault(key, []).append(month)
    return [(key, [month for month in found if month is not None]) for key, found in months.items()]
