from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.links import site_url


@require_GET
def robots_txt(request):
    sitemap_url = site_url(request, reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page says: the icon in static files."""
    return HttpResponsePermanentRedirect(static("icons/favicon.ico"))
