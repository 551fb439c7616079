"""Comparing two to four programmes side by side, at a URL that can be shared: /programmes/compare/?ids=12,34."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Site

from core.links import site_url
from core.visibility import public
from schools.models import SchoolPage

from .finder import MAX_COMPARE, deepest_school, parse_ids
from .models import ProgrammeIndexPage, ProgrammePage

MIN_COMPARE = 2


def comparable_programmes(site_root, ids):
    """The live public programmes of the site among `ids`, in the order asked, with everything the table shows."""
    programmes = (
        ProgrammePage.listing()
        .descendant_of(site_root)
        .filter(pk__in=ids)
        .prefetch_related(
            "subject_areas", "tuition_fees", "qualifying_degrees", "language_minimums__test", "partner_institutions"
        )
    )
    by_pk = {programme.pk: programme for programme in programmes}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def attach_schools(programmes, site_root):
    schools = list(public(SchoolPage.objects.live().descendant_of(site_root)).values_list("pk", "title", "path"))
    for programme in programmes:
        school = deepest_school(programme.path, schools)
        programme.compare_school = school[1] if school else ""


def problem_message(requested, available, unusable):
    """What is wrong with the choice, in words for the visitor; "" when the comparison can be shown."""
    missing = len(requested) - len(available) + unusable
    if len(requested) > MAX_COMPARE:
        return _("You chose %(count)d programmes. You can compare at most %(max)d at a time.") % {
            "count": len(requested),
            "max": MAX_COMPARE,
        }
    if len(available) < MIN_COMPARE:
        if missing:
            return _(
                "Some of the programmes in this link are not available (any more), so there is not enough to "
                "compare. Choose %(min)d to %(max)d programmes in the finder."
            ) % {"min": MIN_COMPARE, "max": MAX_COMPARE}
        return _("Choose at least %(min)d programmes to compare (at most %(max)d).") % {
            "min": MIN_COMPARE,
            "max": MAX_COMPARE,
        }
    return ""


@require_safe
def compare(request):
    site = Site.find_for_request(request)
    site_root = site.root_page if site else None
    finder = public(ProgrammeIndexPage.objects.live().descendant_of(site_root)).first() if site_root else None
    requested, unusable = parse_ids(request.GET.getlist("ids"))
    chosen_anything = bool(requested or unusable)

    programmes = []
    if site_root is not None and requested and len(requested) <= MAX_COMPARE:
        programmes = comparable_programmes(site_root, requested)
        attach_schools(programmes, site_root)
    message = problem_message(requested, programmes, unusable) if chosen_anything else ""
    missing = len(requested) - len(programmes) + unusable if not message else 0

    share_query = urlencode({"ids": ",".join(str(programme.pk) for programme in programmes)}, safe=",")
    context = {
        "title": _("Compare programmes"),
        "programmes": programmes if not message else [],
        "found": programmes if message else [],
        "message": message,
        "missing_count": missing,
        "chosen_anything": chosen_anything,
        "finder_page": finder,
        "meta_description": _(
            "Compare programmes side by side: degree, credits, duration, mode, language, start, deadlines, tuition "
            "and requirements."
        ),
        "share_url": site_url(request, f"{reverse('programmes:compare')}?{share_query}"),
        "max_compare": MAX_COMPARE,
    }
    return render(request, "programmes/compare.html", context, status=400 if message else 200)
