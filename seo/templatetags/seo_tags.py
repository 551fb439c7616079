"""Tags for the <head>: JSON-LD structured data, canonical URL, meta description and OpenGraph values."""

import json
from types import SimpleNamespace

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from core.links import site_url
from seo.share_image import share_image_url
from seo.structured_data import page_structured_data

register = template.Library()

# The same escapes as Django's json_script: JSON text can then never close the <script> element or open a comment.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def json_ld(data):
    """`{% json_ld data %}`: a dict (or list of dicts) as a <script type="application/ld+json"> element."""
    return json_ld_script(data) if data else ""


@register.simple_tag(takes_context=True)
def structured_data(context):
    """`{% structured_data as items %}`: the JSON-LD objects describing the page being rendered."""
    page, request = context.get("page"), context.get("request")
    if page is None or request is None or not hasattr(page, "get_full_url"):
        return []
    return page_structured_data(page, request)


def site_name_for(request):
    site = Site.find_for_request(request) if request else None
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


@register.simple_tag(takes_context=True)
def page_meta(context):
    """`{% page_meta as meta %}`: title, description, canonical URL and OpenGraph type for the <head>.

    Pages use their own URL without the query string as canonical, so filtered listings point to the listing.
    """
    page, request = context.get("page"), context.get("request")
    meta = {"site_name": site_name_for(request), "type": "website"}
    if page is not None and hasattr(page, "get_full_url"):
        meta["title"] = page.seo_title or page.title
        meta["description"] = page.search_description or getattr(page, "summary", "")
        meta["canonical"] = page.get_full_url(request)
    elif request is not None:  # a view that is not a page (search, compare): its own title and description
        meta["title"] = context.get("title") or meta["site_name"]
        meta["description"] = context.get("meta_description", "")
        meta["canonical"] = site_url(request, request.path)
    if request is not None:
        shared_page = page if page is not None and hasattr(page, "get_full_url") else None
        title_page = shared_page or SimpleNamespace(seo_title="", title=meta["title"])
        meta["image"] = share_image_url(title_page, request, meta["site_name"])
    return meta
