from django.core.management.base import BaseCommand

from registrations import jobs


class Command(BaseCommand):
    help = (
        "Registrations' scheduled work: reminders the day before (each sent once), waiting-list promotions, and "
        "removing personal data after the retention period. Runs beside publish_scheduled every minute."
    )

    def handle(self, *args, **options):
        done = jobs.run()
        self.stdout.write(
            f"Registrations: {done['reminded']} reminders sent, {done['promoted']} moved up from waiting lists, "
            f"{done['anonymised']} anonymised."
        )
