"""StreamField blocks shared by every page type."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=80, help_text="The button label, e.g. “Apply now”.")
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site, or leave empty and give a link.")
    url = blocks.URLBlock(required=False, help_text="A link elsewhere, used when no page is chosen.")

    class Meta:
        icon = "link"
        template = "core/blocks/call_to_action.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, help_text="Who said it, e.g. “Alumna, class of 2024”.")

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="core/blocks/heading.html", help_text="A section heading."
    )
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "h3"])
    image = ImageBlock(template="core/blocks/image.html")
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
