"""The portal's languages: URLs prefixed with the language (/en/, /nl/), one page tree per language, and the
translations of a page a visitor can switch to.

- A prefixed URL is served in its language. `/` redirects to the visitor's language: the one they chose in the
  language switcher (a cookie) or else the first of ours their browser asks for (Accept-Language). Every other
  unprefixed URL that is no longer valid (the portal's URLs before it had two languages) redirects permanently to its
  English form, so old links keep working. The admin, the API, the sitemap, robots.txt and the like stay unprefixed.
- Each language has its own tree under the site's root: the Dutch home page is the translation of the English one.
  `localized_root` gives the active language's home page; the request's site carries it as its root page, so every
  listing that scopes itself to the site's root (the finder, the events listing, the home page's counts) lists that
  language's pages only.
- `translation_links(page, request)`: the live public translations of a page, for the switcher and hreflang, from
  one lookup kept until a page goes live, goes offline or moves (`translations` tag).
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.db.models import Count
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.models import Locale, Page

from .ports import depends_on, remember
from .visibility import public

TRANSLATIONS_TAG = "translations"  # which pages have live translations, and at which URLs


def translations_tag(translation_key):
    """The tag of one translation group: a page showing links to its translations depends on it."""
    return f"translations:{translation_key}"


def base_language(code):
    """A language code without its region: "nl-be" -> "nl"."""
    return code.split("-")[0].lower()


def active_language():
    """The active language's code without its region; the default language outside a request."""
    return base_language(translation.get_language() or settings.LANGUAGE_CODE)


def is_default_language(language):
    return language == base_language(settings.LANGUAGE_CODE)


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def language_names():
    return dict(settings.LANGUAGES)


def ensure_locales():
    """A Wagtail Locale for every language of LANGUAGES (the migration, and tests after a flush)."""
    for code in language_codes():
        Locale.objects.get_or_create(language_code=code)


# --- URLs --------------------------------------------------------------------------------------------------------


def chosen_language(request):
    """The language for a visitor to `/`: their earlier choice in the switcher (cookie), else their browser's."""
    return translation.get_language_from_request(request, check_path=False)


def language_home_redirect(request):
    """`/` → `/<language>/`. Depends on the cookie and Accept-Language, so no shared cache may keep it."""
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(f"/{chosen_language(request)}/" + (f"?{query}" if query else ""))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, private=True, max_age=0)
    return response


def english_form(request, urlconf):
    """The prefixed form of an unprefixed URL that only exists with a prefix, or None."""
    if is_valid_path(request.path_info, urlconf):
        return None  # an unprefixed URL of its own (the admin, the API) that answered 404 itself
    if not is_valid_path(f"/{settings.LANGUAGE_CODE}{request.path_info}", urlconf):
        return None
    script_prefix = get_script_prefix()  # the prefix goes after it, as Django's LocaleMiddleware puts it
    return request.get_full_path().replace(script_prefix, f"{script_prefix}{settings.LANGUAGE_CODE}/", 1)


class LanguageMiddleware:
    """Activates the language of the URL's prefix (the default language on unprefixed URLs: the admin chooses its own,
    the editor's preference); redirects `/` by the visitor's language and old unprefixed URLs to their English form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        prefixed = is_language_prefix_patterns_used(urlconf)[0]
        language = translation.get_language_from_path(request.path_info) if prefixed else None
        if prefixed and request.path_info == "/" and not getattr(request, "is_dummy", False):
            # (A snippet's admin preview renders through a request for `/`: it is shown, not redirected.)
            request.get_host()  # a host not in ALLOWED_HOSTS: 400, as on every other URL
            return language_home_redirect(request)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if response.status_code == 404 and prefixed and language is None:
            # Not found unprefixed (after the redirects editors made had their turn): the old, English-only address.
            target = english_form(request, urlconf)
            if target is not None:
                return HttpResponsePermanentRedirect(target)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


# --- One page tree per language ----------------------------------------------------------------------------------


def locale_ids():
    """{language code: Locale id}, kept until content changes (a locale added or removed changes everything)."""
    return remember("locale-ids", lambda: dict(Locale.objects.values_list("language_code", "pk")), tags=["sites"])


def active_locale_id():
    return locale_ids().get(translation.get_language())


def root_translations(root):
    """{locale id: the live translation of the site's root page, as its specific type} (depth 2: `sites` tag)."""

    def load():
        pages = root.get_translations(inclusive=True).live().specific()
        return {page.locale_id: page for page in pages}

    return remember(("root-translations", str(root.translation_key)), load, tags=["sites"])


def page_language(page):
    """The language code of a page's locale (no query)."""
    return {pk: code for code, pk in locale_ids().items()}.get(page.locale_id, settings.LANGUAGE_CODE)


def localized_root(root):
    """The home page of the active language: the live translation of the site's root page, or the root itself."""
    if root is None:
        return None
    locale_id = active_locale_id()
    if locale_id is None or locale_id == root.locale_id:
        return root
    return root_translations(root).get(locale_id, root)


# --- Translations of a page --------------------------------------------------------------------------------------


def translation_groups():
    """{translation key: {language code: (page id, url_path)}} of the live public pages that have at least one live
    public translation. One query; kept until a page goes live, goes offline, moves or is restricted."""

    def load():
        codes = {pk: code for code, pk in locale_ids().items()}
        translated = Page.objects.live().order_by().values("translation_key").annotate(pages=Count("pk"))
        keys = translated.filter(pages__gt=1).values("translation_key")
        pages = public(Page.objects.live().filter(translation_key__in=keys)).order_by()
        groups = {}
        for key, locale_id, pk, url_path in pages.values_list("translation_key", "locale_id", "pk", "url_path"):
            if locale_id in codes:
                groups.setdefault(key, {})[codes[locale_id]] = (pk, url_path)
        return {key: members for key, members in groups.items() if len(members) > 1}

    return remember("translation-groups", load, tags=[TRANSLATIONS_TAG, "restrictions"])


def live_translations(page):
    """{language code: (page id, url_path)} of `page` and its live public translations ({} when it has none). The
    page being rendered depends on its translation group only (not on every page's)."""
    depends_on({translations_tag(page.translation_key)})
    return translation_groups().get(page.translation_key, {})


def url_of(url_path, request=None):
    """The URL of the page at tree path `url_path`, with its tree's language prefix (no query while content is
    unchanged: the site root paths are kept per request)."""
    return Page(url_path=url_path).get_url(request)


def translation_urls(page, request=None):
    """{language code: URL} of the live public translations of `page`, itself included; {} when it has none."""
    members = live_translations(page)
    return {code: url_of(members[code][1], request) for code in language_codes() if code in members}
