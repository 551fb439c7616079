"""The editor guide (docs/editors.md) shown inside the admin.

The guide is written in a small, plain subset of Markdown: `#` headings, paragraphs, `-` and `1.` lists, `**bold**`,
`` `code` `` and `[links](url)`. This module turns that subset into HTML, escaping everything else, so the guide
needs no Markdown library.
"""

import re
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

GUIDE_PATH = Path(settings.BASE_DIR) / "docs" / "editors.md"

INLINE_RULES = [
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"\[([^\]]+)\]\(((?:https?://|/|#)[^)\s]*)\)"), r'<a href="\2">\1</a>'),
]
HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
BULLET = re.compile(r"^[-*]\s+(.*)$")
NUMBERED = re.compile(r"^\d+\.\s+(.*)$")


def render_inline(text):
    html = escape(text)
    for pattern, replacement in INLINE_RULES:
        html = pattern.sub(replacement, html)
    return html


def slug_for(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class _Builder:
    """Collects output, keeping the raw text of the paragraph or list being built until it is complete."""

    def __init__(self):
        self.html = []
        self.paragraph = []
        self.list_tag = None
        self.items = []

    def flush(self):
        if self.paragraph:
            self.html.append(f"<p>{render_inline(' '.join(self.paragraph))}</p>")
            self.paragraph = []
        if self.list_tag:
            items = "".join(f"<li>{render_inline(item)}</li>" for item in self.items)
            self.html.append(f"<{self.list_tag}>{items}</{self.list_tag}>")
            self.list_tag, self.items = None, []

    def item(self, tag, text):
        if self.paragraph or self.list_tag != tag:
            self.flush()
            self.list_tag = tag
        self.items.append(text)

    def line(self, raw):
        line = raw.strip()
        if heading := HEADING.match(line):
            self.flush()
            level = len(heading.group(1))
            text = heading.group(2)
            self.html.append(f'<h{level} id="{slug_for(text)}">{render_inline(text)}</h{level}>')
        elif bullet := BULLET.match(line):
            self.item("ul", bullet.group(1))
        elif number := NUMBERED.match(line):
            self.item("ol", number.group(1))
        elif not line:
            self.flush()
        elif self.list_tag and raw.startswith((" ", "\t")):
            self.items[-1] += " " + line  # an indented line continues the list item
        else:
            if self.list_tag:
                self.flush()
            self.paragraph.append(line)


def markdown_to_html(text):
    builder = _Builder()
    for raw in text.splitlines():
        builder.line(raw)
    builder.flush()
    return mark_safe("\n".join(builder.html))  # noqa: S308 - every piece of text went through escape()


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "operations/editor_guide.html"
    page_title = "Editor guide"
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": "Dashboard"}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        try:
            text = GUIDE_PATH.read_text(encoding="utf-8")
        except FileNotFoundError as missing:
            raise Http404("The editor guide is missing.") from missing
        # The admin header already carries the title, so the guide's own "# Editor guide" line is left out.
        body = re.sub(r"\A\s*#\s[^\n]*\n", "", text)
        return {**super().get_context_data(**kwargs), "guide": markdown_to_html(body)}
