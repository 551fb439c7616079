"""Tests: PostgreSQL at DATABASE_URL, fast password hashing, tasks run immediately."""

import os
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - WhiteNoise warns on every request when it is missing
# The page cache is tested on its own (portal/tests/test_page_cache.py); elsewhere every request renders afresh.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE") == "1"  # the two-instance test turns it on for its servers
PAGE_CACHE_GENERATION_FILE = Path(tempfile.gettempdir()) / f"portal-test-page-cache-{os.getpid()}"
