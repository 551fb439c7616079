"""Rich text is cleaned on every save, whatever its source (the editor, a shell, an import, an API), by nh3 (the
maintained Rust sanitiser ammonia), down to what the field's editor features allow.

Wagtail stores rich text in its own database format: `<p data-block-key="…">`, `<a linktype="page" id="3">`,
`<embed embedtype="image" id="1" format="left" alt="…"/>`. Those tags and attributes are kept; script, event
handlers, `javascript:` links, styles and unknown tags are not. The output is also what Wagtail's editor can read back:
void elements are written self-closed, since its converter (and its link and embed rewriters) expects `<br/>` and
`<embed …/>`, and an unclosed one makes the page editor fail with "Unmatched tags".
"""

import json
import re
from functools import lru_cache

import nh3
from django.apps import apps
from django.db.models.signals import pre_save
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Revision
from wagtail.rich_text import RichText
from wagtail.rich_text import features as feature_registry

BLOCK_ATTRIBUTES = frozenset({"data-block-key"})
ALWAYS = {"p": BLOCK_ATTRIBUTES, "br": frozenset()}

# What each of Wagtail's editor features stores, as {tag: attributes}.
FEATURE_TAGS = {
    "bold": {"b": frozenset(), "strong": frozenset()},
    "italic": {"i": frozenset(), "em": frozenset()},
    "h1": {"h1": BLOCK_ATTRIBUTES},
    "h2": {"h2": BLOCK_ATTRIBUTES},
    "h3": {"h3": BLOCK_ATTRIBUTES},
    "h4": {"h4": BLOCK_ATTRIBUTES},
    "h5": {"h5": BLOCK_ATTRIBUTES},
    "h6": {"h6": BLOCK_ATTRIBUTES},
    "ol": {"ol": frozenset(), "li": BLOCK_ATTRIBUTES},
    "ul": {"ul": frozenset(), "li": BLOCK_ATTRIBUTES},
    "blockquote": {"blockquote": BLOCK_ATTRIBUTES},
    "hr": {"hr": frozenset()},
    "code": {"code": frozenset()},
    "superscript": {"sup": frozenset()},
    "subscript": {"sub": frozenset()},
    "strikethrough": {"s": frozenset()},
    "link": {"a": frozenset({"href", "linktype", "id"})},
    "document-link": {"a": frozenset({"linktype", "id"})},
    "image": {"embed": frozenset({"embedtype", "id", "format", "alt"})},
    "embed": {"embed": frozenset({"embedtype", "url"})},
}
# The `linktype` and `embedtype` values each feature brings.
FEATURE_TYPES = {"link": {"page"}, "document-link": {"document"}, "image": {"image"}, "embed": {"media"}}

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
VOID_TAG = re.compile(r"""<(br|hr|embed)\b((?:[^"'>]|"[^"]*"|'[^']*')*?)\s*/?>""")


class Policy:
    """The tags, attributes and link or embed types one set of editor features allows."""

    def __init__(self, features):
        self.tags = {tag: set(attributes) for tag, attributes in ALWAYS.items()}
        self.types = set()
        for feature in features:
            for tag, attributes in FEATURE_TAGS.get(feature, {}).items():
                self.tags.setdefault(tag, set()).update(attributes)
            self.types |= FEATURE_TYPES.get(feature, set())

    def keep_attribute(self, tag, attribute, value):
        if attribute in ("linktype", "embedtype"):
            return value if value in self.types else None
        return value

    def clean(self, html):
        cleaned = nh3.clean(
            html,
            tags=set(self.tags),
            attributes=self.tags,
            attribute_filter=self.keep_attribute,
            url_schemes=set(URL_SCHEMES),
            link_rel=None,
            strip_comments=True,
        )
        return VOID_TAG.sub(r"<\1\2/>", cleaned)


@lru_cache(maxsize=64)
def policy_for(features):
    """`features`: a tuple of feature names, or None for the editor's defaults."""
    return Policy(feature_registry.get_default_features() if features is None else features)


def sanitise(html, features=None):
    """`html` (Wagtail's database format) reduced to what `features` allow."""
    if not html:
        return html
    return policy_for(None if features is None else tuple(features)).clean(html)


def sanitise_block_data(block, data):
    """The raw (JSON-ready) data of `block` with every rich text inside it sanitised."""
    if isinstance(block, blocks.RichTextBlock):
        source = data.source if isinstance(data, RichText) else data
        return sanitise(source, block.features) if isinstance(source, str) else data
    if isinstance(block, blocks.StreamBlock) and isinstance(data, list):
        return [_sanitise_stream_child(block, child) for child in data]
    if isinstance(block, blocks.StructBlock) and isinstance(data, dict):
        return {
            name: sanitise_block_data(block.child_blocks[name], value) if name in block.child_blocks else value
            for name, value in data.items()
        }
    if isinstance(block, blocks.ListBlock) and isinstance(data, list):
        return [_sanitise_list_item(block.child_block, item) for item in data]
    return data


def _sanitise_stream_child(stream_block, child):
    if not isinstance(child, dict) or child.get("type") not in stream_block.child_blocks:
        return child
    return {**child, "value": sanitise_block_data(stream_block.child_blocks[child["type"]], child.get("value"))}


def _sanitise_list_item(child_block, item):
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
        return {**item, "value": sanitise_block_data(child_block, item["value"])}
    return sanitise_block_data(child_block, item)


def rich_text_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, RichTextField | StreamField)]


def sanitise_instance(instance):
    """Sanitise every rich text field and every rich text block of a StreamField of `instance`, in place."""
    for field in rich_text_fields(type(instance)):
        value = getattr(instance, field.attname)
        if isinstance(field, RichTextField):
            if isinstance(value, str):
                setattr(instance, field.attname, sanitise(value, field.features))
        elif value is not None:
            raw = field.stream_block.get_prep_value(value) if not isinstance(value, list) else value
            cleaned = sanitise_block_data(field.stream_block, raw)
            if cleaned != raw:
                setattr(instance, field.attname, field.to_python(cleaned))


def sanitise_revision_content(revision):
    """A draft saved as a revision (never through the model's own save) is sanitised as its model would be."""
    content_type = revision.content_type
    model = content_type.model_class() if content_type else None
    if model is None or not isinstance(revision.content, dict):
        return
    for field in rich_text_fields(model):
        value = revision.content.get(field.name)
        if isinstance(field, RichTextField) and isinstance(value, str):
            revision.content[field.name] = sanitise(value, field.features)
        elif isinstance(field, StreamField) and isinstance(value, list | str):
            revision.content[field.name] = _sanitise_stream_json(field, value)


def _sanitise_stream_json(field, value):
    if isinstance(value, list):
        return sanitise_block_data(field.stream_block, value)
    try:
        data = json.loads(value)
    except ValueError:
        return value
    return json.dumps(sanitise_block_data(field.stream_block, data)) if isinstance(data, list) else value


def instance_saving(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures (loaddata) store exactly what they were given
        sanitise_instance(instance)


def revision_saving(sender, instance, raw=False, **kwargs):
    if not raw:
        sanitise_revision_content(instance)


def connect():
    """One pre_save receiver per model that has rich text (pages, snippets, settings), and one for revisions."""
    for model in apps.get_models():
        if rich_text_fields(model):
            pre_save.connect(instance_saving, sender=model, dispatch_uid=f"portal.sanitise.{model._meta.label_lower}")
    pre_save.connect(revision_saving, sender=Revision, dispatch_uid="portal.sanitise.revision")
