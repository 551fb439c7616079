"""The finder's facet options, written in Python: a facet can offer hundreds of options (one per school or subject),
and rendering each through the template language cost most of an uncached finder request (about 15 ms of 36 at
20,000 programmes)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

register = template.Library()


def count_html(option, phrases):
    """The option's count as shown ("+n" when choosing it adds n), with the words a screen reader says after it."""
    key = (option.count, option.additive)
    if key not in phrases:
        if option.additive:
            words = ngettext("more programme", "more programmes", option.count)
            phrases[key] = f'+{option.count}<span class="visually-hidden"> {escape(words)}</span>'
        else:
            words = ngettext("programme", "programmes", option.count)
            phrases[key] = f'{option.count}<span class="visually-hidden"> {escape(words)}</span>'
    return phrases[key]


def option_html(key, number, option, phrases):
    empty = " facet__option--empty" if not option.count and not option.selected else ""
    checked = " checked" if option.selected else ""
    field_id = f"facet-{key}-{number}"
    return (
        f'<li class="facet__option{empty}"><input type="checkbox" id="{field_id}" name="{key}"'
        f' value="{escape(option.value)}"{checked} data-finder-facet><label for="{field_id}">{escape(option.label)}'
        f' <span class="facet__count">{count_html(option, phrases)}</span></label></li>'
    )


@register.simple_tag
def facet_options(group):
    """The `<li>` of each option of a facet group: a checkbox and its label with the count. The facet key and the
    numbers are the code's own; the values and labels are escaped."""
    phrases = {}
    key = escape(group.key)
    return mark_safe(
        "\n".join(option_html(key, number, option, phrases) for number, option in enumerate(group.options, 1))
    )
