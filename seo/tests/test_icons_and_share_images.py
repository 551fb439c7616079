"""Every page has a favicon and an og:image: the page's own image or a share card with its title."""

import re
from io import BytesIO

import pytest
from PIL import Image

from seo import share_image


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    share_image._known.clear()
    yield tmp_path
    share_image._known.clear()


def og_image(html):
    match = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    return match[1] if match else None


def test_favicon_ico_answers(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icons/favicon.ico")


def test_every_page_links_its_icons_and_a_share_image(client, site_tree, media):
    for url in ("/en/", "/en/programmes/", "/en/events/", "/en/schools/", "/en/search/?q=law", site_tree.programme.url):
        html = client.get(url).content.decode()
        assert 'rel="icon"' in html and "icons/favicon.svg" in html and 'rel="manifest"' in html, url
        assert (og_image(html) or "").startswith("http://testserver/"), url


def test_a_page_without_an_image_gets_a_card_with_its_title_drawn_once(client, site_tree, media):
    first = og_image(client.get(site_tree.programme.url).content.decode())
    share_image._known.clear()  # another process: the stored card is found, not drawn again
    second = og_image(client.get(site_tree.programme.url).content.decode())

    assert first == second and "/share-images/" in first
    [card] = (media / "share-images").iterdir()
    image = Image.open(BytesIO(card.read_bytes()))
    assert image.size == (1200, 630)


def test_a_page_with_its_own_image_shares_that(client, site_tree, media):
    school = site_tree.school
    if not school.logo_id:
        pytest.skip("the test tree's school has no logo")
    html = client.get(school.url).content.decode()
    assert og_image(html) == f"http://testserver{school.logo.file.url}"
