"""Production: every secret from the environment; refuses to start without them."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False

for required in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"Production settings need the {required} environment variable.")

SECRET_KEY = os.environ["SECRET_KEY"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # PostgreSQL behind a circuit breaker: during an outage pages answer the 503 at once (operations/database).
    # A new dict: base.py's stays as it is.
    DATABASES = {"default": {**DATABASES["default"], "ENGINE": "operations.database"}}  # noqa: F405
# Absolute public links use BASE_URL (core/links.py); without it, the origin that served each request.
PUBLIC_BASE_URL = os.environ.get("BASE_URL", "").rstrip("/")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long in production.")

if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

if os.environ.get("TASKS_BACKEND", "database") == "database":
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405 - a new list: base.py's stays as it is
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Moderation notifications go out by SMTP: EMAIL_HOST with STARTTLS on 587, or without EMAIL_HOST the machine's own
# mail relay on localhost:25.
smtp_host = os.environ.get("EMAIL_HOST", "")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": smtp_host or "localhost",
            "port": int(os.environ.get("EMAIL_PORT", "587" if smtp_host else "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": bool(smtp_host),
            # A mail server that stops answering must not hold a web worker (sign-up confirmations are sent in the
            # request): after this many seconds the send fails and is logged with the registration's id.
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
        },
    }
}
