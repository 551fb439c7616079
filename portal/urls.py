from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from operations import health
from security import page_passwords
from seo import views
from seo.sitemap import PortalSitemap

# Styled error pages that need no database (operations/health.py); 403 and 404 use Django's handlers and templates.
handler400 = health.bad_request
handler500 = health.server_error

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PortalSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("ooapi/v6/", include("ooapi.urls")),
]

if getattr(settings, "SERVE_MEDIA", False):
    # Only for local runs; in production the web server or object storage serves uploaded media.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

# What a visitor reads, in their language: /en/… and /nl/… (core/languages.py redirects `/` and the old unprefixed URLs).
urlpatterns += i18n_patterns(
    # Wagtail's page-password form, throttled per page and address (security/page_passwords.py); before wagtail_urls,
    # whose own view Wagtail's form names (at the page's language prefix).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
    ),
    path("search/", include("search.urls")),
    path("", include("programmes.urls")),
    path("", include("events.urls")),
    path("", include("registrations.urls")),
    path("", include(wagtail_urls)),
)
