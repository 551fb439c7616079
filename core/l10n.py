"""Dates, times, money and credits as the visitor's language writes them (English or Flemish Dutch).

The patterns themselves are Django's format names (DATE_FORMAT, TIME_FORMAT, separators), defined per language in
portal/formats/; month and day names come from Django's translations. Every public date, amount and ECTS count goes
through these functions (or the template filters in core/templatetags/portal_tags.py that call them).
"""

from decimal import Decimal

from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.numberformat import format as format_number
from django.utils.translation import npgettext

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
# Dutch writes a space between the symbol and the amount ("€ 1.234"); English does not ("€1,234").
SYMBOL_SPACE = {"nl": " "}
# The BCP 47 tag of the content each interface language is written for: Flemish Dutch, international English.
LANGUAGE_TAGS = {"nl": "nl-BE", "en": "en"}


def language():
    """The active language's code without region ("nl", "en")."""
    return (translation.get_language() or "en").split("-")[0]


def language_tag():
    """The active language as a BCP 47 tag for `inLanguage` and the like: "nl-BE" or "en"."""
    return LANGUAGE_TAGS.get(language(), language())


def date_pattern(style="date"):
    """The date pattern of a style: "date" (1 December 2026), "short" (1 Dec 2026), "weekday" (Tuesday 1 December
    2026), "short_weekday" (Tue 1 Dec 2026)."""
    pattern = get_format("SHORT_DATE_FORMAT" if style in ("short", "short_weekday") else "DATE_FORMAT")
    if style == "weekday":
        return f"l {pattern}"
    if style == "short_weekday":
        return f"D {pattern}"
    return pattern


def date_text(value, style="date"):
    """A date (or the date of a date-time, already in the zone to show) in words: "1 december 2026"."""
    if value is None:
        return ""
    return format_date(value, date_pattern(style))


def time_text(value):
    """A time of day: "10:00"."""
    return format_date(value, get_format("TIME_FORMAT")) if value is not None else ""


def moment_text(value, style="weekday"):
    """A date with its time: "Tuesday 1 December 2026, 10:00" ("dinsdag 1 december 2026, 10:00")."""
    if value is None:
        return ""
    return f"{date_text(value, style)}, {time_text(value)}"


def number_text(value, decimals=None):
    """A number with the language's separators, thousands grouped: "1,234.5" or "1.234,5"."""
    return format_number(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=get_format("NUMBER_GROUPING"),
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def money_text(amount, currency="EUR"):
    """An amount in a currency: "€12,500", "€1,156.60" in English, "€ 12.500", "€ 1.156,60" in Dutch, "CHF 800"."""
    if amount in (None, ""):
        return ""
    amount = Decimal(amount)
    text = number_text(amount, 0 if amount == amount.to_integral_value() else 2)
    code = (currency or "").upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol:
        return f"{symbol}{SYMBOL_SPACE.get(language(), '')}{text}"
    return f"{code} {text}".strip()


def credits_text(count):
    """A number of ECTS credits: "60 ECTS" ("60 studiepunten")."""
    return npgettext("ECTS count", "%(count)s ECTS", "%(count)s ECTS", count) % {"count": number_text(count)}
