"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The project: a thin core, one app per domain, then the cross-cutting layers that wrap them (README, Architecture).
    "core",
    "schools",
    "programmes",
    "events",
    "registrations",
    "announcements",
    "caching",
    "search",
    "security",
    "operations",
    "seo",
    "ooapi",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    # Outermost: request id and one log line for every request, page-cache hits included (portal/request_log.py).
    "operations.request_log.RequestLogMiddleware",
    # /healthz for the load balancer: JSON, uncached, before anything that could need the database (portal/health.py).
    "operations.health.HealthCheckMiddleware",
    # Then: a cached page is answered before anything else runs; the middleware below have already added their
    # headers to the stored response. (An http:// URL is redirected, never cached, so it always reaches Security.)
    # Gzip for misses when the client accepts it, above the cache so it stores the plain body (hits are gzipped by
    # the cache itself); never for responses with cookies or private ones (caching/compression.py, BREACH).
    "caching.compression.PublicGZipMiddleware",
    "caching.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "caching.memo.SiteLookupMiddleware",  # the request's Wagtail site, from memory while content is unchanged
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "security.sign_in.AdminContentSecurityPolicyMiddleware",  # after Django's: the admin's own policy
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.two_factor.TwoFactorMiddleware",  # staff with an authenticator app give its code before anything else
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "security.admin_scope.AdminPageScopeMiddleware",  # 404 for an admin URL naming a page the user may not see
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a login lockout into its 429 response
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# PostgreSQL in every real deployment; the SQLite file is only the zero-setup default of `make run`.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": 1,
            "max_size": int(os.environ.get("DATABASE_POOL_SIZE", "8")),
            # With the database down a request waits this long for a connection, then gets the 503 page
            # (portal/health.py): far below gunicorn's worker timeout, so no worker is killed.
            "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "5")),
        }
    }
    # A pooled connection is checked before use: after a database restart no request gets a dead one.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Production's circuit breaker (operations/database): after a failed connection, requests get the 503 page at once
# for this many seconds, then one request tries the database again.
DATABASE_RETRY_SECONDS = float(os.environ.get("DATABASE_RETRY_SECONDS", "1"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins, the username and, separately, the client
# address are refused, even with the right password, until AXES_COOLOFF_TIME has passed since the last failure
# (`manage.py axes_reset` lifts it early). The lockout answer is the same for a known and an unknown username.
AUTHENTICATION_BACKENDS = [
    "security.sign_in.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "security.sign_in.client_ip"
AXES_LOCKOUT_TEMPLATE = "security/login_locked.html"
AXES_COOLOFF_MESSAGE = "Too many failed sign-in attempts. Please try again later."
AXES_VERBOSE = False  # its log lines then name only the (masked) lockout keys: no user agents
AXES_DISABLE_ACCESS_LOG = True  # no table of every successful sign-in with address and browser
# Reverse proxies in front of the app that append to X-Forwarded-For (0: REMOTE_ADDR is the client).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Optional two-factor sign-in for staff (portal/two_factor.py).
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "Leuven programme portal")

# Sessions (only staff have one) end after SESSION_HOURS or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django.middleware.csp). The public site: its own files only, no inline script or style
# without the request's nonce (`nonce="{{ csp_nonce }}"`; JSON-LD data blocks are not scripts and need none), no
# plugins, no framing. The Wagtail admin gets PORTAL_ADMIN_CSP instead (portal/security.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Wagtail's editor, choosers and widgets use inline <script> and style attributes without nonces (so no NONCE here:
# a nonce would switch 'unsafe-inline' off); the live preview frames the admin's own preview view.
PORTAL_ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
}
PORTAL_ADMIN_CSP_PATHS = ["/admin/"]

LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("nl", "Nederlands")]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis down: a warning and a cache miss, not a 500 (portal/resilient_cache.py).
    CACHES = {"default": {"BACKEND": "caching.resilient_cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Full-page cache for anonymous visitors (caching/page_cache.py): a change re-renders what depends on it, never kept past
# the next deadline or event boundary. PAGE_CACHE=0 turns it off.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "1") == "1"
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "3600"))
PAGE_CACHE_CDN_MAX_AGE = int(os.environ.get("PAGE_CACHE_CDN_MAX_AGE", "300"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", "60"))
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/documents/", "/media/", "/static/"]
PAGE_CACHE_MAX_QUERY_LENGTH = 500
PAGE_CACHE_GENERATION_FILE = VAR_DIR / "page-cache-generation"

# A CDN in front of the site, purged by the same rules as the page cache: FRONTEND_CACHE_BACKEND is cloudflare,
# cloudfront or http (Varnish and similar), with that backend's credentials in the environment.
FRONTEND_CACHE_BACKENDS = {
    "cloudflare": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
        "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
    },
    "cloudfront": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    },
    "http": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_LOCATION"],
    },
}
if os.environ.get("FRONTEND_CACHE_BACKEND"):
    WAGTAILFRONTENDCACHE = {"default": FRONTEND_CACHE_BACKENDS[os.environ["FRONTEND_CACHE_BACKEND"]]()}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Open-day sign-up (registrations/): personal data is removed this many days after the event ends.
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "30"))
# Sign-ups accepted per client address, and per e-mail address, within REGISTRATION_RATE_WINDOW seconds.
REGISTRATION_RATE_PER_ADDRESS = int(os.environ.get("REGISTRATION_RATE_PER_ADDRESS", "20"))
REGISTRATION_RATE_PER_EMAIL = int(os.environ.get("REGISTRATION_RATE_PER_EMAIL", "5"))
REGISTRATION_RATE_WINDOW = 3600
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
# Who answers for the Open Education API feed (its service document at /ooapi/v6/).
OOAPI_CONTACT_EMAIL = os.environ.get("OOAPI_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Form fields of one request (a long page in the editor); files are limited by WAGTAIL*_MAX_UPLOAD_SIZE below and,
# before they reach Django, by the web server's request size limit. Uploads over 2.5 MB are spooled to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# One JSON line per log record on stderr, each with the request id of the request it belongs to, plus one line per
# request from `portal.request` (portal/request_log.py says what is left out). LOG_FORMAT=text for plain lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "operations.request_log.JsonFormatter"},
        "text": {"()": "operations.request_log.TextFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": os.environ.get("LOG_FORMAT", "json")}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's "Not Found: /path" warnings repeat the request line; its errors (500s, with traceback) stay.
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Leuven programme portal")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# The origin of every absolute public link (sitemap, canonical, OpenGraph, JSON-LD, feeds, share links): empty means
# the origin that served the request (core/links.py); production sets it from BASE_URL.
PUBLIC_BASE_URL = ""
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
# Documents go through Wagtail's serve view (privacy checks, nosniff, `default-src 'none'`) and always download as
# attachments, PDFs too: an uploaded file never renders as a page of this site.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_DOCUMENT_FORM_BASE = "security.uploads.DocumentForm"  # the content must match the extension
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry script
WAGTAILIMAGES_IMAGE_FORM_BASE = "security.uploads.ImageForm"  # pixel limit checked before the image is decoded
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILADMIN_USER_TIME_ZONES = ["Europe/Brussels"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no staff e-mail hashes sent to a third party (and no foreign images in the CSP)
