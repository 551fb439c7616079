"""Reading a gettext catalogue (.po file): what the translation check (scripts/check_translations.py) and the tests
that look for untranslated text on Dutch pages need. Not used while serving: Django reads the compiled .mo file."""

import ast
from dataclasses import dataclass, field


@dataclass
class Entry:
    msgid: str
    msgstr: list  # one string, or one per plural form
    msgctxt: str | None = None
    msgid_plural: str | None = None
    flags: set = field(default_factory=set)

    @property
    def fuzzy(self):
        return "fuzzy" in self.flags

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr)


def unquote(text):
    """A PO string literal ("…" with C escapes) as text; Python's literal rules cover the escapes gettext writes."""
    return ast.literal_eval(text)


def entries(text):
    """The entries of a .po file's text, header (empty msgid) and obsolete (#~) entries left out."""
    found, current, flags, target = [], {}, set(), None

    def finish():
        nonlocal current, flags
        if "msgid" in current and current["msgid"]:
            plural_forms = [value for key, value in sorted(current.items()) if key.startswith("msgstr[")]
            found.append(
                Entry(
                    msgid=current["msgid"],
                    msgstr=plural_forms if plural_forms else [current.get("msgstr", "")],
                    msgctxt=current.get("msgctxt"),
                    msgid_plural=current.get("msgid_plural"),
                    flags=flags,
                )
            )
        current, flags = {}, set()

    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#,"):
            if "msgid" in current:
                finish()
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#") or not line:
            continue
        elif line.startswith('"'):
            current[target] += unquote(line)
        else:
            keyword, _space, literal = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and "msgid" in current:
                finish()
            target = keyword
            current[target] = unquote(literal)
    finish()
    return found
