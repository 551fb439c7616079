"""The Dutch catalogue's check (`make lint`): every interface string of the code is in locale/nl/.../django.po and
translated (no empty or fuzzy entry), the catalogue compiles with msgfmt's checks, and the committed .mo is its
compilation. So a new untranslated string fails lint.

    python scripts/check_translations.py            check
    python scripts/check_translations.py --update   regenerate the .po from the code (translations kept, new
                                                    entries empty), then compile it once they are translated

Needs GNU gettext (xgettext, msgfmt, msgunfmt: Debian's `gettext` package).
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.po import entries  # noqa: E402 - the project's root is put on the path first

CATALOGUE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
# What makemessages leaves out: no interface strings (tests, demo content, tools) or not Python/templates at all.
IGNORED = ["var/*", "docs/*", "static/*", "deploy/*", "scripts/*", "*/tests/*", "tests/*", "demo/*", "node_modules/*"]
ENVIRONMENT = {"DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DATABASE_URL": "sqlite:///:memory:"}


def manage(*arguments):
    command = [sys.executable, "manage.py", *arguments]
    subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, **ENVIRONMENT}, capture_output=True, text=True)


def make_messages():
    """Rewrite the catalogue from the code: msgids added and removed, translations kept."""
    ignore = [argument for pattern in IGNORED for argument in ("-i", pattern)]
    manage("makemessages", "-l", "nl", "--no-obsolete", *ignore)


def keys(text):
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in entries(text)}


def described(key):
    context, msgid, _plural = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


def catalogue_problems(text):
    """Entries that are empty (or have an empty plural form) or fuzzy."""
    problems = []
    for entry in entries(text):
        key = described((entry.msgctxt, entry.msgid, entry.msgid_plural))
        if entry.fuzzy:
            problems.append(f"fuzzy: {key}")
        elif not entry.translated:
            problems.append(f"not translated: {key}")
    return problems


def code_problems(text):
    """Strings in the code that the catalogue lacks, and entries no code uses any more (makemessages run on the
    code, then the committed catalogue put back)."""
    try:
        make_messages()
        fresh = CATALOGUE.read_text(encoding="utf-8")
    finally:
        CATALOGUE.write_text(text, encoding="utf-8")
    problems = [f"not in the catalogue: {described(key)}" for key in sorted(keys(fresh) - keys(text), key=str)]
    problems += [f"no longer in the code: {described(key)}" for key in sorted(keys(text) - keys(fresh), key=str)]
    return problems


def compiled_problems():
    """msgfmt's checks (format strings, plural forms, header), and the committed .mo against a fresh compilation."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "django.mo"
        result = subprocess.run(
            ["msgfmt", "--check", "-o", str(fresh), str(CATALOGUE)], capture_output=True, text=True, check=False
        )
        if result.returncode or result.stderr.strip():
            return [f"msgfmt: {line}" for line in result.stderr.strip().splitlines()]
        if not COMPILED.exists():
            return [f"{COMPILED.relative_to(ROOT)} is missing: run manage.py compilemessages"]
        if decompiled(fresh) != decompiled(COMPILED):
            return [f"{COMPILED.relative_to(ROOT)} is out of date: run manage.py compilemessages"]
    return []


def decompiled(path):
    """A .mo file's messages as sorted text, so that two compilations compare by content."""
    return subprocess.run(["msgunfmt", "--sort-output", str(path)], capture_output=True, text=True, check=True).stdout


def main(arguments):
    if "--update" in arguments:
        make_messages()
        print(
            f"Updated {CATALOGUE.relative_to(ROOT)}: translate its empty entries, then run manage.py compilemessages."
        )
        return 0
    text = CATALOGUE.read_text(encoding="utf-8")
    problems = catalogue_problems(text) + code_problems(text) + compiled_problems()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} translation problem(s): see {Path(__file__).name}'s docstring.", file=sys.stderr)
        return 1
    print(f"{len(entries(text))} Dutch entries, all translated, compiled and current.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
