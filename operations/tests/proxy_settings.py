"""The production settings, for the gunicorn behind nginx in test_slow_clients.py. Only the static files differ: with
unhashed names (no collectstatic run needed), served from the source folders."""

from portal.settings.production import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
