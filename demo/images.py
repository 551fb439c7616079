"""Images for the demo content, drawn locally with Pillow so that load_demo never needs the network."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

KU_LEUVEN_BLUE = (0, 64, 122)
WHITE = (255, 255, 255)


def logo_png(text: str, size: tuple[int, int] = (600, 200), background=KU_LEUVEN_BLUE) -> bytes:
    """A wide PNG: a blue rectangle with the text centred on it in white."""
    image = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size[1] // 3)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    position = ((size[0] - (right - left)) / 2 - left, (size[1] - (bottom - top)) / 2 - top)
    draw.text(position, text, font=font, fill=WHITE)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def get_or_create_logo(title: str, text: str, filename: str):
    """The Wagtail image with this title in the root collection, drawn and saved the first time. Returns (image, created)."""
    image_model = get_image_model()
    collection = Collection.get_first_root_node()
    existing = image_model.objects.filter(title=title, collection=collection).order_by("pk").first()
    if existing:
        return existing, False
    data = logo_png(text)
    image = image_model(title=title, description=text, collection=collection)
    image.file = ImageFile(BytesIO(data), name=filename)
    image.file_size, image.file_hash = len(data), hash_filelike(BytesIO(data))  # as an upload in the admin records
    image.save()
    return image, True
