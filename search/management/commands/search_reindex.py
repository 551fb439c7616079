"""`manage.py search_reindex`: rebuild the visitors' search index from the live pages."""

from django.core.management.base import BaseCommand

from search.documents import reindex


class Command(BaseCommand):
    help = "Rebuild the public search index (programmes, schools, events, pages) from the live pages."

    def handle(self, *args, **options):
        def progress(done, total):
            self.stdout.write(f"indexed {done:,}/{total:,} pages")

        total = reindex(progress)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total:,} live pages."))
