"""The language a request is served in, as the content's language code ("en", "nl")."""

from django.conf import settings
from django.utils import translation


def base_language(code):
    """A language code without its region: "nl-be" -> "nl"."""
    return code.split("-")[0].lower()


def active_language():
    """The active language's code without its region; the default language outside a request."""
    return base_language(translation.get_language() or settings.LANGUAGE_CODE)


def is_default_language(language):
    return language == base_language(settings.LANGUAGE_CODE)


def localized_root(root):
    """The site's home page in the active language: the live translation of the site root `root` (a page of the
    default language), or `root` itself when it has none. No query in the default language, one otherwise."""
    from wagtail.models import Page

    language = active_language()
    if is_default_language(language):
        return root
    translation_of_root = Page.objects.live().filter(
        translation_key=root.translation_key, locale__language_code=language
    )
    return translation_of_root.first() or root
