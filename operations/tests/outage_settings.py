"""The test settings with the production database options of base.py (connection pool with a short wait, health
checks) and production's circuit breaker, for the gunicorn that test_outages.py runs against a database it can cut
off. Static files are served from the source folders (no collectstatic needed)."""

from portal.settings import base
from portal.settings.test import *  # noqa: F403

DATABASES = {"default": {**base.DATABASES["default"], "ENGINE": "operations.database"}}
WHITENOISE_USE_FINDERS = True
