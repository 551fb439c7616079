"""Uploads through the real Wagtail admin: every refused file gets a clear message, documents download safely."""

import os
import struct
import zlib
from html import unescape
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

TEN_MB = 10 * 1024 * 1024
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><script>fetch('/admin/')</script>"


def image_bytes(image_format="PNG", size=(4, 3)):
    out = BytesIO()
    PILImage.new("RGB", size, "#1d3a6e").save(out, image_format)
    return out.getvalue()


def png_declaring(width, height):
    """A PNG of a few dozen bytes whose header claims `width` × `height` pixels: a decompression bomb's shape."""
    png = image_bytes("PNG", (1, 1))
    header = b"IHDR" + struct.pack(">II", width, height) + png[24:29]
    chunk = struct.pack(">I", 13) + header + struct.pack(">I", zlib.crc32(header))
    return png[:8] + chunk + png[33:]


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Campus photo",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Programme brochure",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def refused(response, message):
    assert response.status_code == 200, "a refused upload shows the form again"
    assert message in unescape(response.content.decode()).replace("\xa0", " "), response.context["form"].errors
    return True


def test_a_real_image_is_accepted(superuser_client):
    response = upload_image(superuser_client, "campus.png", image_bytes())
    assert response.status_code == 302
    assert Image.objects.get().title == "Campus photo"


def test_a_large_photo_spooled_to_disk_is_accepted(superuser_client, settings):
    noise = BytesIO()
    PILImage.frombytes("RGB", (1200, 1000), os.urandom(1200 * 1000 * 3)).save(noise, "PNG")
    assert len(noise.getvalue()) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE  # so Django writes it to a temporary file

    response = upload_image(superuser_client, "panorama.png", noise.getvalue())

    assert response.status_code == 302
    assert (Image.objects.get().width, Image.objects.get().height) == (1200, 1000)


def test_an_image_over_the_size_limit_is_refused(superuser_client):
    too_big = image_bytes() + b"\0" * (TEN_MB - len(image_bytes()) + 1)
    response = upload_image(superuser_client, "huge.png", too_big)
    assert refused(response, "This file is too big (10.0 MB). Maximum filesize 10.0 MB.")
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("width", "height", "count"),
    [
        (8_000, 8_000, "64000000"),  # over WAGTAILIMAGES_MAX_IMAGE_PIXELS (40 million)
        (100_000, 100_000, "more than 178956970"),  # ten billion: Pillow refuses to open it at all
    ],
)
def test_a_decompression_bomb_is_refused_without_being_decoded(superuser_client, width, height, count):
    bomb = png_declaring(width, height)
    assert len(bomb) < 100

    response = upload_image(superuser_client, "bomb.png", bomb)

    assert refused(response, f"This file has too many pixels ({count}).")
    assert not Image.objects.exists()


def test_an_svg_image_is_refused(superuser_client):
    response = upload_image(superuser_client, "logo.svg", SVG)
    assert refused(response, "Not a supported image format. Supported formats: AVIF, GIF, JPG, JPEG, PNG, WEBP.")
    assert not Image.objects.exists()


def test_the_multiple_uploader_refuses_a_bomb_too(superuser_client):
    """The admin's "Add an image" button uses the multiple uploader, which answers in JSON."""
    response = superuser_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("bomb.png", png_declaring(8_000, 8_000))},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert response.json()["error_message"] == "This file has too many pixels (64000000). Maximum pixels 40000000."
    assert not Image.objects.exists()


def test_a_truncated_image_is_refused_with_a_message_not_an_error(superuser_client):
    response = upload_image(superuser_client, "cut-off.png", png_declaring(300, 200))
    assert refused(response, "This file is not a readable image: its header or data is damaged or incomplete.")
    assert not Image.objects.exists()


def test_an_image_with_an_unreadable_header_is_refused_as_unreadable_not_as_too_many_pixels(superuser_client):
    png = png_declaring(300, 200)
    damaged = png[:29] + b"\x00\x00\x00\x00" + png[33:]  # the header's checksum no longer fits
    response = upload_image(superuser_client, "damaged.png", damaged)
    html = unescape(response.content.decode())
    assert refused(response, "This file is not a readable image")
    assert "unknown number" not in html and "Upload a valid image" not in html
    assert not Image.objects.exists()


def test_an_svg_renamed_to_png_is_refused(superuser_client):
    response = upload_image(superuser_client, "logo.png", SVG)
    assert refused(response, "Not a valid .png image. The extension does not match the file format (svg)")
    assert not Image.objects.exists()


def test_an_image_whose_content_does_not_match_its_extension_is_refused(superuser_client):
    response = upload_image(superuser_client, "photo.png", image_bytes("GIF"))
    assert refused(response, "Not a valid .png image. The extension does not match the file format (gif)")
    assert not Image.objects.exists()


def test_a_real_document_is_accepted(superuser_client):
    response = upload_document(superuser_client, "brochure.pdf", PDF)
    assert response.status_code == 302
    assert Document.objects.get().title == "Programme brochure"


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "setup.exe", "macro.docm", "archive.zip", "noextension"])
def test_a_document_type_outside_the_allow_list_is_refused(superuser_client, name):
    response = upload_document(superuser_client, name, HTML)
    assert refused(response, "Allowed extensions are: csv, docx, odt, pdf, pptx, rtf, txt, xlsx.")
    assert not Document.objects.exists()


def test_a_document_over_the_size_limit_is_refused(superuser_client):
    response = upload_document(superuser_client, "scan.pdf", PDF + b"\0" * TEN_MB)
    assert refused(response, "This file is too big (10.0 MB). Maximum filesize 10.0 MB.")
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("brochure.pdf", HTML), ("timetable.docx", PDF)],
)
def test_a_document_whose_content_does_not_match_its_extension_is_refused(superuser_client, name, content):
    response = upload_document(superuser_client, name, content)
    extension = name.rsplit(".", 1)[1]
    assert refused(
        response, f"This file is not a real .{extension} document: its content does not match its extension."
    )
    assert "is not allowed" not in unescape(response.content.decode())
    assert not Document.objects.exists()


@pytest.mark.parametrize("name", ["notes.txt", "results.csv"])
def test_a_text_document_with_a_nul_byte_is_refused_for_that_reason_alone(superuser_client, name):
    response = upload_document(superuser_client, name, b"MZ\x90\x00\x03\x00\x00\x00")
    html = unescape(response.content.decode())
    extension = name.rsplit(".", 1)[1]
    assert refused(
        response, f"This text file contains binary data (a NUL byte), so it is not a real .{extension} file."
    )
    assert "File extension" not in html and "is not allowed" not in html
    assert not Document.objects.exists()


def test_the_multiple_document_uploader_gives_the_same_single_reason(superuser_client):
    response = superuser_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("notes.txt", b"hello\x00world")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json() == {
        "success": False,
        "error_message": "This text file contains binary data (a NUL byte), so it is not a real .txt file.",
    }


def test_a_document_downloads_as_an_attachment_that_is_never_sniffed(superuser_client):
    upload_document(superuser_client, "brochure.pdf", PDF)
    document = Document.objects.get()

    response = Client().get(document.url)  # a visitor

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="brochure')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
