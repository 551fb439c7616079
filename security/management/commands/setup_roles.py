from django.core.management.base import BaseCommand

from security.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or update the editorial groups: '<School> editors' and '<School> moderators' for every school "
        "(with a collection and a moderation workflow each) and 'Marketing'. Safe to run any number of times."
    )

    def handle(self, *args, **options):
        marketing, schools = setup_roles(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Roles are set up for {len(schools)} school(s) and {marketing.name}."))
