from django import template
from wagtail.models import Page

from announcements.banners import live_announcements

register = template.Library()


@register.inclusion_tag("includes/announcements.html", takes_context=True)
def page_announcements(context, page=None):
    """The live announcement banners for `page` (site-wide ones only when there is no page)."""
    request = context.get("request")
    page = page if isinstance(page, Page) else None  # templates without a page pass "" here
    banners = [
        {"announcement": announcement, "href": announcement.link_href(request)}
        for announcement in live_announcements(page)
    ]
    return {"banners": banners}
