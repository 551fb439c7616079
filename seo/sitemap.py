"""The sitemap: Wagtail's, without pages past their expiry that the scheduler has not unpublished yet."""

from wagtail.contrib.sitemaps import Sitemap

from core.visibility import unexpired


class PortalSitemap(Sitemap):
    def items(self):
        return super().items().filter(unexpired())
