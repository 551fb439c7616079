"""The portal's two languages as Wagtail locales: English (the existing pages' locale) and Dutch."""

from django.db import migrations

LANGUAGE_CODES = ("en", "nl")  # as in settings.LANGUAGES when this migration was written


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]
