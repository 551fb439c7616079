"""Reading a .po catalogue (core/po.py), as the translation check and the Dutch page tests do."""

from core.po import entries

SAMPLE = r"""# A header comment
msgid ""
msgstr ""
"Language: nl\n"

#: templates/a.html:1
msgctxt "page"
msgid "Next"
msgstr "Volgende"

#, python-format
msgid "%(counter)s programme"
msgid_plural "%(counter)s programmes"
msgstr[0] "%(counter)s opleiding"
msgstr[1] ""

#, fuzzy
#| msgid "Pages"
msgid "Page"
msgstr "Pagina's"

msgid ""
"A long sentence "
"on two lines."
msgstr "Een lange zin \"met\" aanhalingstekens."

#~ msgid "Gone"
#~ msgstr "Weg"
"""


def test_entries_with_context_plurals_flags_and_continued_lines():
    found = {entry.msgid: entry for entry in entries(SAMPLE)}
    assert set(found) == {"Next", "%(counter)s programme", "Page", "A long sentence on two lines."}
    assert found["Next"].msgctxt == "page" and found["Next"].translated
    plural = found["%(counter)s programme"]
    assert plural.msgid_plural == "%(counter)s programmes" and not plural.translated  # one form is empty
    assert found["Page"].fuzzy and not found["Next"].fuzzy
    assert found["A long sentence on two lines."].msgstr == ['Een lange zin "met" aanhalingstekens.']
