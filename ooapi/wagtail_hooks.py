"""Programme and school pages name their OOAPI resource: `<link rel="alternate" type="application/json">`."""

from django.urls import reverse
from wagtail import hooks

from core.contributions import PAGE_CONTEXT_HOOK
from core.links import site_url
from programmes.models import ProgrammePage
from schools.models import SchoolPage

RESOURCES = {ProgrammePage: "ooapi:programme", SchoolPage: "ooapi:organisation"}


@hooks.register(PAGE_CONTEXT_HOOK)
def alternate_json(page, request, context):
    route = RESOURCES.get(type(page))
    if route is not None:
        href = site_url(request, reverse(route, args=[str(page.translation_key)]))
        context.setdefault("alternate_links", []).append({"href": href, "type": "application/json"})
