"""Tags and filters for the public templates: navigation, Brussels-time date ranges, money and small look-ups."""

from zoneinfo import ZoneInfo

from django import template
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import pgettext
from wagtail.models import Site

from core import l10n
from core.models import StandardPage
from core.ports import remember
from core.visibility import public

register = template.Library()

BRUSSELS = ZoneInfo("Europe/Brussels")
DATE_STYLES = {"long": "weekday", "short": "short_weekday"}


def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page if site is not None else None


def site_sections(context):
    """The home page's live public children for the header, footer and home page, kept until content changes."""
    root = site_root(context)
    if root is None:
        return []
    return remember(
        ("site-sections", root.pk),
        lambda: list(public(root.get_children().live()).order_by("path")),
        tags=["menu", "restrictions"],
    )


@register.simple_tag(takes_context=True)
def main_menu(context):
    """`{% main_menu as items %}`: the home page's live public children shown in menus, as {page, current} dicts.

    `current` is "page" on the page itself, "section" on the section it belongs to, "" elsewhere. A page's section is
    its ancestor, unless its class names another with `menu_section` (a programme under a school is a Programme).
    """
    here = context.get("page")
    here_path = getattr(here, "path", "")
    section_type = menu_section_type(here)
    items = []
    for child in (section for section in site_sections(context) if section.show_in_menus):
        if child.path == here_path:
            current = "page"
        elif section_type is not None:
            current = "section" if child.content_type_id == section_type.pk else ""
        elif here_path.startswith(child.path):
            current = "section"
        else:
            current = ""
        items.append({"page": child, "current": current})
    return items


def menu_section_type(page):
    """The content type of the menu section a page declares with `menu_section = "app_label.Model"`, or None."""
    label = getattr(page, "menu_section", None)
    return ContentType.objects.get_for_model(apps.get_model(label)) if label else None


def sections_of_type(context, model):
    content_type = ContentType.objects.get_for_model(model)
    return [section for section in site_sections(context) if section.content_type_id == content_type.pk]


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """`{% footer_pages as pages %}`: the standard pages directly under home (about, accessibility, privacy)."""
    return sections_of_type(context, StandardPage)


@register.simple_tag(takes_context=True)
def site_page_of_type(context, model_label):
    """`{% site_page_of_type "programmes.ProgrammeIndexPage" as finder %}`: the first live page of a type in this site.

    The finder and the events listing are always children of the home page, so the sections answer it.
    """
    pages = sections_of_type(context, apps.get_model(model_label))
    return pages[0] if pages else None


def time_element(value, text):
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.simple_tag
def brussels_range(start, end, style="long"):
    """A start–end range in Brussels time with the zone named, as HTML.

    "Tuesday 1 December 2026, 10:00–16:00 (Brussels time, CET)" ("dinsdag 1 december 2026, 10:00–16:00 (Brusselse
    tijd, CET)"); an event over several days repeats the date.
    """
    if start is None:
        return ""
    date_style = DATE_STYLES.get(style, DATE_STYLES["long"])
    start = timezone.localtime(start, BRUSSELS)
    when = time_element(start, l10n.moment_text(start, date_style))
    zones = start.tzname()
    if end is not None:
        end = timezone.localtime(end, BRUSSELS)
        if end.date() == start.date():
            when = format_html("{}–{}", when, time_element(end, l10n.time_text(end)))
        else:
            when = format_html("{} – {}", when, time_element(end, l10n.moment_text(end, date_style)))
        if end.tzname() != start.tzname():
            # A range across a daylight saving change names both offsets.
            zones = f"{start.tzname()}/{end.tzname()}"
    zone_note = pgettext("time zone note", "(Brussels time, %(zones)s)") % {"zones": zones}
    return format_html('{} <span class="zone">{}</span>', when, zone_note)


@register.filter
def has_ended(event):
    """True when an event's end (or start, without an end) is in the past."""
    moment = getattr(event, "end", None) or getattr(event, "start", None)
    return moment is not None and moment < timezone.now()


@register.filter
def money(amount, currency="EUR"):
    """`{{ fee.amount|money:fee.currency }}` → "€1,156.60", "€12,500" or "CHF 800" ("€ 1.156,60" in Dutch)."""
    return l10n.money_text(amount, currency)


@register.filter
def day(value, style="date"):
    """`{{ deadline.date|day }}` → "1 December 2026" ("1 december 2026"); styles as `core.l10n.date_pattern`."""
    return l10n.date_text(value, style)


@register.filter
def moment(value, style="weekday"):
    """`{{ event.start|moment }}` → "Tuesday 1 December 2026, 10:00", in the current time zone."""
    return l10n.moment_text(timezone.localtime(value) if value is not None else None, style)


@register.filter
def credits(count):
    """`{{ page.ects_credits|credits }}` → "60 ECTS" ("60 studiepunten")."""
    return l10n.credits_text(count)


@register.filter
def select_related(queryset, fields):
    """`{{ page.language_minimums.all|select_related:"test" }}`: follow foreign keys in the same query."""
    return queryset.select_related(*fields.split(","))
