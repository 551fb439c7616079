from django import template

from programmes.taxonomy import in_language

register = template.Library()


@register.filter
def in_active_language(value):
    """A taxonomy item, or a list of them, as students read them in the active language (`taxonomy.in_language`):
    `{% with subjects=page.subject_areas.all|in_active_language %}`. No query in the default language."""
    if not value:
        return value
    if hasattr(value, "translation_key"):
        return in_language([value])[0]
    return in_language(list(value))
