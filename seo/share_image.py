"""The image a page is shared with (og:image): its own image, or a share card with its title made with Pillow.

A card is drawn once per title and site name and stored in the default storage (MEDIA_ROOT) under a name derived
from them, so later requests only look the name up (and remember it in the process).
"""

import hashlib
import textwrap
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model

from core.links import site_url
from core.ports import remember

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (29, 58, 110)  # the header's accent blue (--accent)
TEXT = (255, 255, 255)
MUTED = (219, 228, 243)
FOLDER = "share-images"
_known = {}


def page_image_url(page):
    """The URL of the page's own image (a programme's hero image, a school's logo), or "" when it has none.

    Kept until content changes, so a page served from memory costs no query for it. An image's change or deletion
    changes everything (`caching.invalidation.content_changed`): no page publish rebuilds it, nor re-renders the
    pages that show it.
    """
    image_id = getattr(page, "hero_image_id", None) or getattr(page, "logo_id", None)
    if not image_id:
        return ""

    def load():
        image = get_image_model().objects.filter(pk=image_id).first()
        return image.file.url if image is not None else ""

    return remember(("share-image-url", image_id), load, tags=())


def share_image_url(page, request, site_name):
    """The absolute URL of the image to share `page` with."""
    own = page_image_url(page) if page is not None else ""
    if own:
        return site_url(request, own)
    title = (page.seo_title or page.title) if page is not None else site_name
    return site_url(request, share_card_url(title, site_name))


def share_card_url(title, site_name):
    """The storage URL of the card for `title`, drawing and storing it the first time."""
    digest = hashlib.sha256(f"{site_name}\n{title}".encode()).hexdigest()[:24]
    name = f"{FOLDER}/{digest}.png"
    if name not in _known:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(draw_card(title, site_name)))
        _known[name] = default_storage.url(name)
    return _known[name]


def draw_card(title, site_name):
    """A 1200×630 PNG: the title in large white type on the portal's blue, the site name below."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=64)
    name_font = ImageFont.load_default(size=36)
    lines = textwrap.wrap(title, width=30)[:5]
    y = 90
    for line in lines:
        draw.text((80, y), line, font=title_font, fill=TEXT)
        y += 82
    draw.rectangle((80, HEIGHT - 130, 200, HEIGHT - 124), fill=MUTED)
    draw.text((80, HEIGHT - 100), site_name, font=name_font, fill=MUTED)
    output = BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
