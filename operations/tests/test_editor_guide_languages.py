"""The editor guide explains how to translate a page and what stays synchronised (docs/editors.md)."""

from operations.editor_guide import GUIDE_PATH, markdown_to_html
from programmes.models import ApplicationDeadline, ProgrammePage


def test_the_guide_has_a_section_on_translating_a_page():
    html = str(markdown_to_html(GUIDE_PATH.read_text()))
    assert ">Translate a page</h2>" in html and ">What stays in sync</h3>" in html
    assert "<strong>Translate</strong>" in html and "Kept in sync with the English page" in html


def test_the_guide_names_what_is_synchronised():
    text = GUIDE_PATH.read_text()
    assert "ECTS credits" in text and "ects_credits" in ProgrammePage.synchronised_fields
    assert "the date" in text and ApplicationDeadline.synchronised_fields == ["date"]
