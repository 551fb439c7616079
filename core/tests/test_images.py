"""Images reach visitors as modern formats with a fallback, sized, lazy below the fold, and renditions made once."""

import json

import pytest
import wagtail_factories
from wagtail.images import get_image_model

from core.factories import StandardPageFactory


@pytest.fixture
def page_with_photo(site_tree):
    photo = wagtail_factories.ImageFactory(title="Campus", file__width=1600, file__height=1000)
    body = [
        {"type": "image", "value": {"image": photo.pk, "alt_text": "Students on the campus lawn", "decorative": False}}
    ]
    return StandardPageFactory(parent=site_tree.home, title="Campus life", slug="campus", body=json.dumps(body))


def test_a_body_image_is_a_picture_of_avif_and_webp_with_a_sized_lazy_jpeg_fallback(visit, page_with_photo):
    page = visit(page_with_photo)
    picture = page.soup.find("picture")
    assert picture is not None, "the image block renders a <picture>"
    source_types = [source["type"] for source in picture.find_all("source")]
    assert source_types == ["image/avif", "image/webp"]
    fallback = picture.find("img")
    assert fallback["alt"] == "Students on the campus lawn"
    assert fallback["src"].endswith(".jpg"), fallback["src"]
    assert fallback["loading"] == "lazy"
    assert int(fallback["width"]) > 0 and int(fallback["height"]) > 0
    assert "480w" in fallback["srcset"] and "1200w" in fallback["srcset"]


def test_renditions_are_made_on_the_first_view_only(visit, page_with_photo):
    Rendition = get_image_model().get_rendition_model()
    visit(page_with_photo)
    made = Rendition.objects.count()
    assert made == 9, "three widths in AVIF, WebP and JPEG"
    visit(page_with_photo)
    assert Rendition.objects.count() == made


def test_a_school_logo_is_a_sized_picture_with_a_png_fallback(visit, site_tree):
    site_tree.school.logo = wagtail_factories.ImageFactory(title="Law logo", file__width=800, file__height=400)
    site_tree.school.save_revision().publish()
    logo = visit(site_tree.school.url).soup.select_one(".page-intro__logo picture")
    assert logo is not None
    assert [source["type"] for source in logo.find_all("source")] == ["image/avif", "image/webp"]
    fallback = logo.find("img")
    assert fallback["src"].endswith(".png") and fallback["width"] == "400" and fallback["height"] == "200"
