"""Checks on uploads that Wagtail leaves out, through its form-base settings.

Images (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail measures an image by decoding it whole, so a small file declaring a
huge size (a decompression bomb) is expanded in memory before it is refused, and a truncated one raises an error
(a 500). Here the size the file's header declares is checked first, and an image whose header or data cannot be read
is refused as "not a readable image" (not as "too many pixels (unknown number)").

Documents (WAGTAILDOCS_DOCUMENT_FORM_BASE): Wagtail checks the extension against WAGTAILDOCS_EXTENSIONS but not the
content, so an HTML page or a program renamed `.pdf` would be accepted. Here the first bytes must fit: PDF and RTF
files start with their own signature, the office formats are ZIP packages, CSV and text files hold no NUL bytes; each
refusal says which of these failed.
(Images need nothing of the kind: Wagtail already compares an image's real format with its extension.)
"""

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

UNREADABLE_IMAGE = _("This file is not a readable image: its header or data is damaged or incomplete.")
PILLOW_REFUSES = _("This file has too many pixels (more than %(pillow_limit)s). Maximum pixels %(max_pixels_count)s.")


def declared_size(source):
    """The (width, height) an image's header declares, read without decoding the image; None when Pillow refuses
    even to open it because the header declares more than twice its own limit."""
    source.seek(0)
    try:
        with PILImage.open(source) as header:
            return header.size
    except PILImage.DecompressionBombError:
        return None
    except (OSError, SyntaxError, ValueError) as error:  # no header Pillow can read
        raise ValidationError(UNREADABLE_IMAGE, code="invalid_image") from error
    finally:
        source.seek(0)


class HeaderCheckedImageField(WagtailImageField):
    def to_python(self, data):
        try:
            return super().to_python(data)
        except OSError as error:  # Pillow could not decode the image data (truncated, corrupt)
            raise ValidationError(UNREADABLE_IMAGE, code="invalid_image") from error

    def too_many_pixels(self, message, **values):
        values["max_pixels_count"] = self.max_image_pixels
        return ValidationError(message % values, code="file_too_many_pixels")

    def check_image_pixel_size(self, f):
        """Refuse by the declared size, read from the header alone, before Wagtail decodes the image to count."""
        if self.max_image_pixels is not None:
            size = declared_size(f.image.f)
            if size is None:
                raise self.too_many_pixels(PILLOW_REFUSES, pillow_limit=2 * PILImage.MAX_IMAGE_PIXELS)
            width, height = size
            if width * height > self.max_image_pixels:
                raise self.too_many_pixels(self.error_messages["file_too_many_pixels"], num_pixels=width * height)
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


def extension_of(name):
    return os.path.splitext(name)[1].lower().lstrip(".")


def content_problem(upload):
    """Why the upload's first bytes do not fit its extension, or None when they do."""
    extension = extension_of(upload.name)
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if extension in SIGNATURES and not head.startswith(SIGNATURES[extension]):
        return _("This file is not a real .%(extension)s document: its content does not match its extension.") % {
            "extension": extension
        }
    if extension in TEXT_EXTENSIONS and b"\x00" in head:
        return _("This text file contains binary data (a NUL byte), so it is not a real .%(extension)s file.") % {
            "extension": extension
        }
    return None  # any other extension is refused by WAGTAILDOCS_EXTENSIONS


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        problem = upload and "file" in self.changed_data and content_problem(upload)
        if problem:
            # The model's own extension check runs after this on the instance: give it the file's real name, or it
            # judges an empty one and adds "File extension “” is not allowed". The form is invalid: nothing is saved.
            self.instance.file = upload
            raise ValidationError(problem, code="content_does_not_match_extension")
        return upload
