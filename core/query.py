"""What a visitor types in a search box: cleaned, bounded, and highlighted in results. Used by the finder and the
site search alike."""

import re
import unicodedata

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200
MIN_HIGHLIGHT_LENGTH = 2


def clean_query_text(value):
    """Control characters (NUL included) become spaces and runs of whitespace one space: safe to hand to the DB."""
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in str(value or ""))
    return " ".join(text.split())


class QueryField(forms.CharField):
    """A search box's text: cleaned of control characters before the length check, at most MAX_QUERY_LENGTH."""

    default_error_messages = {
        "max_length": _("Your search is too long. Please use at most %(limit_value)d characters."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_query_text(value)


def query_terms(query):
    """The distinct words worth highlighting, longest first so that longer matches win."""
    words = {word.casefold(): word for word in query.split() if len(word) >= MIN_HIGHLIGHT_LENGTH}
    return sorted(words.values(), key=len, reverse=True)


def highlight(text, query):
    """`text` as safe HTML with every occurrence of a query term wrapped in <mark>.

    Matching runs on the raw text and each piece is escaped on its own, so a term can never match inside an
    entity such as `&amp;` or produce markup of its own.
    """
    text = str(text or "")
    terms = query_terms(query)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
