"""Checks on uploads that Wagtail leaves out, through its form-base settings.

Images (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail measures an image by decoding it whole, so a small file declaring a
huge size (a decompression bomb) is expanded in memory before it is refused, and a truncated one raises an error
(a 500). Here the size the file's header declares is checked first, and an image that cannot be decoded is refused
with Wagtail's own "Upload a valid image" message.

Documents (WAGTAILDOCS_DOCUMENT_FORM_BASE): Wagtail checks the extension against WAGTAILDOCS_EXTENSIONS but not the
content, so an HTML page or a program renamed `.pdf` would be accepted. Here the first bytes must fit: PDF and RTF
files start with their own signature, the office formats are ZIP packages, CSV and text files hold no NUL bytes.
(Images need nothing of the kind: Wagtail already compares an image's real format with its extension.)
"""

import os

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class HeaderCheckedImageField(WagtailImageField):
    def to_python(self, data):
        try:
            return super().to_python(data)
        except OSError as error:  # Pillow could not decode the image data (truncated, corrupt)
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error

    def check_image_pixel_size(self, f):
        """Refuse by the declared size, read from the header alone, before Wagtail decodes the image to count."""
        if self.max_image_pixels is not None:
            source = f.image.f
            source.seek(0)
            try:
                with PILImage.open(source) as header:
                    width, height = header.size
            except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
                width = height = None  # beyond even Pillow's own limit: Wagtail's check below says so
            finally:
                source.seek(0)
            if width is not None and width * height > self.max_image_pixels:
                raise ValidationError(
                    self.error_messages["file_too_many_pixels"]
                    % {"num_pixels": width * height, "max_pixels_count": self.max_image_pixels},
                    code="file_too_many_pixels",
                )
        super().check_image_pixel_size(f)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # the multiple uploader's edit form has none
            wagtail_field = self.fields["file"]
            self.fields["file"] = HeaderCheckedImageField(
                label=wagtail_field.label, required=wagtail_field.required, widget=wagtail_field.widget
            )


ZIP = b"PK\x03\x04"
SIGNATURES = {"pdf": b"%PDF-", "rtf": b"{\\rtf", "docx": ZIP, "odt": ZIP, "pptx": ZIP, "xlsx": ZIP}
TEXT_EXTENSIONS = {"csv", "txt"}
SNIFF_BYTES = 8192


def content_matches_extension(upload):
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if extension in SIGNATURES:
        return head.startswith(SIGNATURES[extension])
    if extension in TEXT_EXTENSIONS:
        return b"\x00" not in head
    return True  # any other extension is refused by WAGTAILDOCS_EXTENSIONS


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data and not content_matches_extension(upload):
            extension = os.path.splitext(upload.name)[1].lower()
            raise ValidationError(
                f"This file is not a real {extension} document: its content does not match its extension.",
                code="content_does_not_match_extension",
            )
        return upload
