"""The finder's facet options, written in Python: a facet can offer hundreds of options (one per school or subject),
and rendering each through the template language cost most of an uncached finder request (about 15 ms of 36 at
20,000 programmes)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

register = template.Library()


def count_html(option, phrases):
    """The option's count as shown ("+n" when choosing it adds n), with the words a screen reader says after it."""
    key = (option.count, option.additive)
    if key not in phrases:
        if option.additive:
            words = ngettext("more programme", "more programmes", option.count)
            phrases[key] = format_html('+{}<span class="visually-hidden"> {}</span>', option.count, words)
        else:
            words = ngettext("programme", "programmes", option.count)
            phrases[key] = format_html('{}<span class="visually-hidden"> {}</span>', option.count, words)
    return phrases[key]


@register.simple_tag
def facet_options(group):
    """The `<li>` of each option of a facet group: a checkbox and its label with the count."""
    phrases = {}
    rows = (
        (
            " facet__option--empty" if not option.count and not option.selected else "",
            group.key,
            number,
            group.key,
            option.value,
            " checked" if option.selected else "",
            group.key,
            number,
            option.label,
            count_html(option, phrases),
        )
        for number, option in enumerate(group.options, start=1)
    )
    return format_html_join(
        "\n",
        '<li class="facet__option{}"><input type="checkbox" id="facet-{}-{}" name="{}" value="{}"{} data-finder-facet>'
        '<label for="facet-{}-{}">{} <span class="facet__count">{}</span></label></li>',
        rows,
    )
