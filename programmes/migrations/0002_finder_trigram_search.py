"""Typo-tolerant search for the programme finder and the site search.

Wagtail's database search backend does fuzzy matching with PostgreSQL's pg_trgm (word_similarity on the index's
plain-text title and body). This enables the extension and adds the GIN trigram indexes that keep those look-ups
fast; the index names are the ones Wagtail's own `enable_trigram` command uses, so running it as well is harmless.
On SQLite every operation here does nothing.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM_INDEXES = {"modelsearch_title_text_trgm": "title_text", "modelsearch_body_text_trgm": "body_text"}


def create_trigram_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=True),
    ]
