"""Our pages and facts as OOAPI 6.0 objects (README, "Open Education API": the mapping field by field)."""

from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from wagtail.rich_text import get_text_for_indexing

from core.links import site_url
from programmes.models import ProgrammePage, QualifyingDegree, TuitionFee

from . import calendar
from .catalogue import LEVELS

DELIVERY = {
    ProgrammePage.StudyMode.ON_CAMPUS: "presential",
    ProgrammePage.StudyMode.ONLINE: "online",
    ProgrammePage.StudyMode.BLENDED: "blended",
}
STUDY_MODE = {ProgrammePage.Pace.FULL_TIME: "full_time", ProgrammePage.Pace.PART_TIME: "part_time"}  # flexible: none


def language():
    return settings.LANGUAGE_CODE


def strings(value):
    """A LanguageTypedString array, or None for an empty value (the specification's arrays need an item)."""
    value = (value or "").strip()
    return [{"language": language(), "value": value}] if value else None


@lru_cache(maxsize=4096)
def plain(rich_text):
    """Rich text as plain text; kept per process, since the same texts are served again and again."""
    return get_text_for_indexing(rich_text or "")


def compact(document):
    """Leave out the properties we have no value for, rather than send nulls."""
    return {name: value for name, value in document.items() if value is not None}


class Context:
    """What every resource needs from the request: absolute links, the site's root and today."""

    def __init__(self, request, root, today):
        self.request, self.root, self.today = request, root, today
        self.pages_origin = site_url(request, reverse("wagtail_serve", args=("",)))  # once: reading the host costs

    def link(self, path):
        return site_url(self.request, path)

    def page_link(self, url_path):
        """A page's public URL, as `pageurl` gives it within the site, from its url_path (no query)."""
        return self.pages_origin + url_path[len(self.root.url_path) :]


# --- Organisations -------------------------------------------------------------------------------------------------


def organisation(item, context, expanded=(), by_key=None):
    if item.kind == "partner":
        return partner(item)
    document = compact(
        {
            "organisationId": str(item.key),
            "primaryCode": {"codeType": "identifier", "code": item.slug},
            "organisationType": "faculty" if item.parent_key else "root",
            "name": strings(item.title),
            "description": strings(plain(item.about) or item.summary),
            "addresses": [{"addressType": "postal", "additional": strings(item.address)}] if item.address else None,
            "link": item.website or None,
            "logo": context.link(item.logo) if item.logo else None,
            "rootId": str(item.root_key) if item.root_key else None,
            "parentId": str(item.parent_key) if item.parent_key else None,
            "childIds": [str(key) for key in item.child_keys],
        }
    )
    # An expansion with nothing to expand is left out: the specification's `null` fails its own `allOf` schema.
    if "parent" in expanded and item.parent_key in by_key:
        document["parent"] = organisation(by_key[item.parent_key], context)
    if "children" in expanded:
        document["children"] = [organisation(by_key[key], context) for key in item.child_keys]
    return document


def partner(item):
    """A partner institution of a joint programme: an organisation of its own, outside our tree (`x-partner`)."""
    country = item.country.strip()
    return compact(
        {
            "organisationId": str(item.key),
            "primaryCode": {"codeType": "uuid", "code": str(item.key)},
            "organisationType": "x-partner",
            "name": strings(item.name),
            "addresses": [
                compact(
                    {
                        "addressType": "visit",
                        "city": item.city or None,
                        "additional": strings(country),
                    }
                )
            ]
            if item.city or country
            else None,
            "link": item.website or None,
        }
    )


# --- Programmes ----------------------------------------------------------------------------------------------------


def admission(page):
    """Admission requirements in words: the editors' text, the qualifying degrees and the language minimums."""
    parts = [plain(page.admission_requirements)]
    degrees = [QualifyingDegree.__str__(degree) for degree in page.qualifying_degrees]
    if degrees:
        intro = page.qualifying_degrees_intro or "Qualifying degrees:"
        parts.append(f"{intro} {'; '.join(degrees)}.")
    minimums = [f"{minimum.test__name} {minimum.minimum_score:g}" for minimum in page.language_minimums]
    if minimums:
        parts.append(f"Minimum language test scores: {'; '.join(minimums)}.")
    parts.append(plain(page.language_requirements))
    return strings("\n\n".join(part for part in parts if part))


def modes_of_delivery(page):
    modes = [DELIVERY[page.study_mode]]
    if page.partner_institutions:
        modes.append("joint_delivery")
    return modes


def teaching_languages(page):
    return [taught.language for taught in page.teaching_languages] or None


def programme(page, context, expanded=(), organisations=None):
    awarded, qualification_level, level = LEVELS[page.study_level]
    found = calendar.offerings(page.translation_key, [intake.start_month for intake in page.intakes], context.today)
    upcoming = [item.start for item in found if item.start >= context.today]
    document = compact(
        {
            "programmeId": str(page.translation_key),
            "primaryCode": {"codeType": "identifier", "code": page.slug},
            "programmeType": "programme",
            "name": strings(page.title),
            "teachingLanguages": teaching_languages(page),
            "studyLoad": [{"studyLoadUnit": "ects", "value": page.ects_credits}],
            "qualificationAwarded": awarded,
            "qualificationDesignations": [page.degree_name] if page.degree_name else None,
            "modeOfStudy": STUDY_MODE.get(page.pace),
            "modesOfDelivery": modes_of_delivery(page),
            "duration": f"P{page.duration_months}M",
            "firstStartDateTime": calendar.local_moment(upcoming[0]).isoformat() if upcoming else None,
            "levelOfQualification": qualification_level,
            "level": level,
            "admissionRequirements": admission(page),
            "link": context.page_link(page.url_path),
            "addresses": [{"addressType": "teaching", "additional": strings(page.location)}] if page.location else None,
            "organisationId": str(page.school_key) if page.school_key else None,
            "supplementaryInformation": [
                {"role": "marketing", "type": "text_plain", "value": strings(page.summary)},
            ]
            if page.summary
            else None,
            "validTo": page.expire_at.isoformat() if page.expire_at else None,
            "ext": programme_ext(page),
        }
    )
    if "organisation" in expanded and page.school_key in organisations:
        document["organisation"] = organisation(organisations[page.school_key], context)
    for name in ("children", "coordinators", "instructors"):
        if name in expanded:
            document[name] = None  # no programme has parts here, and people are not published
    return document


def programme_ext(page):
    """Facts with no OOAPI field: the partner institutions of a joint programme, the institution's own page."""
    return (
        compact(
            {
                "partnerOrganisationIds": [str(item.translation_key) for item in page.partner_institutions] or None,
                "institutionLink": page.programme_url or None,
                "lastReviewed": page.last_reviewed.isoformat() if page.last_reviewed else None,
            }
        )
        or None
    )


# --- Offerings and academic sessions --------------------------------------------------------------------------------


def cost(fee):
    per_year = fee.period == TuitionFee.Period.YEAR
    amount = f"{fee.amount:.2f}"
    return {
        "costType": "x-tuition_per_year" if per_year else "total_costs",
        "amount": amount,
        "currency": fee.currency,
        "displayAmount": strings(
            f"{fee.applicant_group}: {fee.currency} {amount} {TuitionFee.Period(fee.period).label}"
        ),
        "ext": {"applicantGroup": fee.applicant_group, "period": fee.period},
    }


def enrolment_period(deadline, page, context):
    # The portal records when applications close, not when they open: the period is the twelve months up to it.
    opens = deadline.date - timedelta(days=365)
    return {
        "startDateTime": calendar.local_moment(opens).isoformat(),
        "endDateTime": calendar.local_moment(deadline.date, end_of_day=True).isoformat(),
        "targetGroups": [deadline.applicant_group],
        "enrolmentType": "url",
        "enrolmentUrl": page.programme_url or context.page_link(page.url_path),
        "comment": f"Apply by {deadline.date:%-d %B %Y} ({deadline.applicant_group}).",
    }


def programme_offering(page, offering, deadlines, context, expanded=(), organisations=None):
    start = offering.start
    document = compact(
        {
            "programmeOfferingId": str(offering.id),
            "primaryCode": {"codeType": "offering_code", "code": f"{page.slug}-{start:%Y-%m}"},
            "academicSessionId": str(calendar.academic_year_id(offering.year)),
            "name": strings(f"{page.title}, starting {start:%B %Y}"),
            "state": "active",
            "teachingLanguages": teaching_languages(page),
            "modesOfDelivery": modes_of_delivery(page),
            "resultExpected": True,
            "link": context.page_link(page.url_path),
            "enrolmentPeriods": [enrolment_period(deadline, page, context) for deadline in deadlines],
            "startDateTime": calendar.local_moment(start).isoformat(),
            "endDateTime": calendar.local_moment(offering.end(page.duration_months), end_of_day=True).isoformat(),
            "priceInformation": [cost(fee) for fee in page.tuition_fees] or None,
            "programmeId": str(page.translation_key),
            "organisationId": str(page.school_key) if page.school_key else None,
        }
    )
    if "programme" in expanded:
        document["programme"] = programme(page, context)
    if "organisation" in expanded and page.school_key in organisations:
        document["organisation"] = organisation(organisations[page.school_key], context)
    if "academic_session" in expanded:
        document["academicSession"] = academic_session(offering.year)
    return document


def academic_session(year):
    last_day = calendar.start_in(year + 1, calendar.YEAR_START_MONTH) - timedelta(days=1)
    return {
        "academicSessionId": str(calendar.academic_year_id(year)),
        "academicSessionType": "academic_year",
        "primaryCode": {"codeType": "identifier", "code": f"{year}-{year + 1}"},
        "name": strings(f"Academic year {year}–{year + 1}"),
        "startDateTime": calendar.local_moment(calendar.start_in(year, calendar.YEAR_START_MONTH)).isoformat(),
        "endDateTime": calendar.local_moment(last_day, end_of_day=True).isoformat(),
    }
