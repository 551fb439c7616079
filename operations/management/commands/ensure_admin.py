import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the admin account once: from DJANGO_SUPERUSER_* if set, otherwise with a generated password."

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Admin account “{username}” already exists.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@example.org")
        User.objects.create_superuser(username=username, email=email, password=password)
        if "DJANGO_SUPERUSER_PASSWORD" in os.environ:
            self.stdout.write(self.style.SUCCESS(f"Created admin account “{username}” with the given password."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Created admin account “{username}” with password: {password}  (shown only once)")
            )
