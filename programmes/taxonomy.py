"""Taxonomy items (subjects, degree types, language tests, partners) as a student reads them.

Pages link to the source items, in the default locale, and every translation of a page shares those links. What a
student reads is the item's translation in the active language, or the source item when it has none.
"""

from core.languages import active_language, is_default_language


def translations(model, keys, language=None):
    """{translation key: the item of `model` in `language` (default: the active one)} for the `keys` that have a
    translation there. Empty in the default language, where the source items are what students read; one query
    otherwise."""
    language = language or active_language()
    if not keys or is_default_language(language):
        return {}
    found = model.objects.filter(translation_key__in=set(keys), locale__language_code=language)
    return {item.translation_key: item for item in found}


def in_language(items, language=None):
    """The taxonomy items `items` (of one model, in order) as students read them in `language` (default: the active
    language): each one's translation, or the item itself when it has none. No query in the default language, one
    otherwise."""
    items = [item for item in items if item is not None]
    if not items:
        return items
    found = translations(type(items[0]), [item.translation_key for item in items], language)
    return [found.get(item.translation_key, item) for item in items]
