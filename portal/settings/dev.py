"""Local runs (`make run`): a throwaway secret when none is given, media served by Django. DEBUG=1 for tracebacks."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")  # noqa: F405
SERVE_MEDIA = True
