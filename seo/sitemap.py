"""The sitemap: Wagtail's, for every language's tree, each page with its translations as xhtml:link alternates
(`BasePage.get_sitemap_urls`), and without pages past their expiry that the scheduler has not unpublished yet."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from core.languages import root_translations
from core.visibility import unexpired


class PortalSitemap(Sitemap):
    def items(self):
        roots = root_translations(self.get_wagtail_site().root_page).values()
        in_a_tree = Q()
        for root in roots:
            in_a_tree |= Q(path__startswith=root.path)
        pages = Page.objects.filter(in_a_tree).live().public().filter(unexpired())
        return pages.order_by("path").defer_streamfields().specific()
