"""Taxonomy items (subjects, degree types, language tests, partners) as a student reads them.

Pages link to the source items, in the default locale, and every translation of a page shares those links. What a
student reads is the item's translation in the active language, or the source item when it has none.
"""

from core.languages import active_language, is_default_language


def translated_by_key(model, keys, language):
    """{translation key: translation in `language`} for the items of `model` with those keys: one query."""
    if not keys:
        return {}
    found = model.objects.filter(translation_key__in=set(keys), locale__language_code=language)
    return {item.translation_key: item for item in found}


def in_language(items, language=None):
    """`items` (taxonomy items of one model, in order) as shown in `language` (default: the active language): each
    one's translation in that language, or the item itself when it has none. No query in the default language, one
    otherwise."""
    items = [item for item in items if item is not None]
    language = language or active_language()
    if not items or is_default_language(language):
        return items
    translations = translated_by_key(type(items[0]), [item.translation_key for item in items], language)
    return [translations.get(item.translation_key, item) for item in items]


def label_names(model, keys_and_names, language=None):
    """{translation key: name in `language`} from (translation key, source name) pairs, for lists built from rows
    rather than model instances (the finder's facets): one query, none in the default language."""
    language = language or active_language()
    names = dict(keys_and_names)
    if is_default_language(language):
        return names
    translations = translated_by_key(model, names, language)
    return {key: translations[key].name if key in translations else name for key, name in names.items()}
