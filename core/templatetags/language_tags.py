"""The language switcher and the <head>'s language alternates (hreflang, og:locale) of the page being rendered."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from core.languages import language_names, page_language, translation_urls
from core.links import site_url

register = template.Library()

# OpenGraph locales (language_TERRITORY): Dutch as read in Flanders, English as the university writes it.
OPENGRAPH_LOCALES = {"en": "en_GB", "nl": "nl_BE"}


def rendered_page(context):
    """The Wagtail page being rendered, or None for a view that is not a page (search, compare)."""
    page = context.get("page")
    return page if page is not None and hasattr(page, "translation_key") and getattr(page, "pk", None) else None


def with_query(url, request):
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    return f"{url}?{query}" if query else url


def fallback_url(page, language, request):
    """Where the switcher goes when `page` has no live translation in `language`: the translation of its nearest
    ancestor that has one (its school, its index page, at least that language's home page); None without any."""
    for ancestor in reversed(page.public_ancestors()):
        url = translation_urls(ancestor, request).get(language)
        if url:
            return url
    return None


def page_links(page, request):
    """{language: (URL, is the page's own translation)} for every language the switcher can go to from a page."""
    translations = translation_urls(page, request)
    links = {}
    for code in language_names():
        if code in translations:
            links[code] = (with_query(translations[code], request), True)
        elif (url := fallback_url(page, code, request)) is not None:
            links[code] = (url, False)
    return links


def view_links(request):
    """{language: (URL, True)}: a view that is not a page exists in every language at the same path and query. A page
    address without a page (the not-found page) links to each language's home page."""
    if request is None:
        return {}
    if getattr(request.resolver_match, "url_name", None) == "wagtail_serve" or request.resolver_match is None:
        return {code: (f"/{code}/", False) for code in language_names()}
    path = request.get_full_path()
    return {code: (translate_url(path, code), True) for code in language_names()}


def current_language(context):
    page = rendered_page(context)
    return page_language(page) if page is not None else translation.get_language()


@register.simple_tag(takes_context=True)
def html_language(context):
    """`<html lang="{% html_language %}">`: the page's own language (its preview too), else the URL's."""
    return current_language(context)


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """`{% language_switcher as languages %}`: [{code, name, url, current, translated}] in the order of LANGUAGES.

    `translated` is False where the page has no live translation and the link goes to the nearest translated page
    above it (never to a missing page); a language without any page to go to is left out.
    """
    request, page = context.get("request"), rendered_page(context)
    links = page_links(page, request) if page is not None else view_links(request)
    here = current_language(context)
    return [
        {"code": code, "name": name, "url": links[code][0], "current": code == here, "translated": links[code][1]}
        for code, name in language_names().items()
        if code in links
    ]


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """`{% language_alternates as alternates %}`: {hreflang, href} for each live public translation of the page (the
    page itself included) and x-default (the English one), absolute; none when the page exists in one language."""
    request, page = context.get("request"), rendered_page(context)
    if page is not None:
        urls = translation_urls(page, request)
    elif request is not None:
        urls = {code: translate_url(request.path, code) for code in language_names()}
    else:
        urls = {}
    if len(urls) < 2:
        return []
    alternates = [
        {"hreflang": code, "href": site_url(request, urls[code])} for code in language_names() if code in urls
    ]
    default = urls.get(settings.LANGUAGE_CODE)
    if default:
        alternates.append({"hreflang": "x-default", "href": site_url(request, default)})
    return alternates


@register.simple_tag(takes_context=True)
def opengraph_locales(context):
    """`{% opengraph_locales as locales %}`: {"locale": "nl_BE", "alternates": ["en_GB"]} for og:locale."""
    here = current_language(context)
    others = [entry["hreflang"] for entry in language_alternates(context)]
    return {
        "locale": OPENGRAPH_LOCALES.get(here, here),
        "alternates": [OPENGRAPH_LOCALES.get(code, code) for code in others if code not in (here, "x-default")],
    }
