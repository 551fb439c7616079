"""The test settings with the production database options of base.py (connection pool with a short wait, health
checks), for the gunicorn that test_outages.py runs against a database it can cut off."""

from portal.settings import base
from portal.settings.test import *  # noqa: F403

DATABASES = base.DATABASES
