"""Dates, times, money and ECTS counts as an English and a Flemish reader expect them (core/l10n.py and the template
filters that use it)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import strip_tags

from core import l10n

DAY = date(2026, 12, 1)  # a Tuesday
MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 in Brussels
AFTERNOON = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load portal_tags %}" + source).render(Context(context)).strip()


@pytest.mark.parametrize(
    ("language", "style", "expected"),
    [
        ("en", "date", "1 December 2026"),
        ("nl", "date", "1 december 2026"),
        ("en", "short", "1 Dec 2026"),
        ("nl", "short", "1 dec 2026"),
        ("en", "weekday", "Tuesday 1 December 2026"),
        ("nl", "weekday", "dinsdag 1 december 2026"),
        ("en", "short_weekday", "Tue 1 Dec 2026"),
        ("nl", "short_weekday", "di 1 dec 2026"),
    ],
)
def test_dates(language, style, expected):
    with translation.override(language):
        assert l10n.date_text(DAY, style) == expected


def test_django_date_filter_follows_the_language_formats():
    assert render("{{ day|date }}", "en", day=DAY) == "1 December 2026"
    assert render("{{ day|date }}", "nl", day=DAY) == "1 december 2026"
    assert render("{{ day|day }}", "nl", day=DAY) == "1 december 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Tuesday 1 December 2026, 10:00–16:00 (Brussels time, CET)"),
        ("nl", "dinsdag 1 december 2026, 10:00–16:00 (Brusselse tijd, CET)"),
    ],
)
def test_event_times_in_brussels(language, expected):
    html = render("{% brussels_range start end %}", language, start=MORNING, end=AFTERNOON)
    assert strip_tags(html) == expected


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("en", Decimal("1234"), "EUR", "€1,234"),
        ("nl", Decimal("1234"), "EUR", "€ 1.234"),
        ("en", Decimal("1156.60"), "EUR", "€1,156.60"),
        ("nl", Decimal("1156.60"), "EUR", "€ 1.156,60"),
        ("en", Decimal("12500"), "EUR", "€12,500"),
        ("nl", Decimal("12500"), "EUR", "€ 12.500"),
        ("en", Decimal("800"), "CHF", "CHF 800"),
        ("nl", Decimal("800"), "CHF", "CHF 800"),
    ],
)
def test_money(language, amount, currency, expected):
    assert render("{{ amount|money:currency }}", language, amount=amount, currency=currency) == expected


def test_ects_counts():
    with translation.override("en"):
        assert l10n.credits_text(60) == "60 ECTS"
    with translation.override("nl"):
        assert l10n.credits_text(60) == "60 studiepunten"
        assert l10n.credits_text(1) == "1 studiepunt"


def test_language_tags():
    with translation.override("nl"):
        assert l10n.language_tag() == "nl-BE"
    with translation.override("en"):
        assert l10n.language_tag() == "en"


def test_decimal_scores_use_the_language_separator():
    assert render('{{ score|floatformat:"-1" }}', "nl", score=Decimal("6.5")) == "6,5"
    assert render('{{ score|floatformat:"-1" }}', "en", score=Decimal("6.5")) == "6.5"
