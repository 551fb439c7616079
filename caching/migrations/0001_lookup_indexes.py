"""Indexes for the look-ups this layer makes on every change and that routing makes for every page it loads.

Without them each is a scan of every page (30,000 rows at 20,000 programmes): the page at a URL path (`core.models.
page_at`, 5 ms), the next expiry of a live page (`memo.next_expiry`, in every process after every change, and
`page_cache.next_boundary`, 15 ms each) and the next end of an event (`next_boundary`, 31 ms with the next start).
Wagtail's page table and the events table belong to other apps; the indexes are plain SQL that PostgreSQL and SQLite
both understand, and they change no model.
"""

from django.db import migrations

INDEXES = [
    ("caching_page_url_path", "wagtailcore_page (url_path)"),
    ("caching_live_page_expiry", "wagtailcore_page (expire_at) WHERE live AND expire_at IS NOT NULL"),
    ("caching_event_end", 'events_eventpage ("end")'),
]


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken"), ("events", "0002_initial")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}", f"DROP INDEX IF EXISTS {name}")
        for name, definition in INDEXES
    ]
