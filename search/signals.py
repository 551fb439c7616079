"""Keep the search index in step with what is published: a live page is indexed, anything else taken out."""

from django.db.models.signals import post_delete, post_save
from wagtail import signals as wagtail_signals
from wagtail.models import get_page_models

from core.visibility import changes_nothing_public
from programmes.models import DegreeType, ProgrammePage, SubjectArea
from schools.models import SchoolPage

from . import documents, engine


def page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or changes_nothing_public(update_fields):
        return
    if isinstance(instance, SchoolPage):
        documents.update_subtree(instance)  # its name is a keyword of the programmes and events inside it
    else:
        documents.update_page(instance)


def page_published_or_unpublished(sender, instance, **kwargs):
    documents.update_page(instance)


def page_deleted(sender, instance, **kwargs):
    engine.remove_document(documents.kind_of(type(instance)), instance.pk)


def page_moved(sender, instance, **kwargs):
    documents.update_subtree(instance)  # its school, a keyword, may have changed


def taxonomy_changed(sender, instance, raw=False, **kwargs):
    """A subject or degree renamed, or its translation: the programmes that carry it (pages link to the source item)
    get their keywords again."""
    if raw:
        return
    link = "subject_areas" if isinstance(instance, SubjectArea) else "degree_type"
    carrying = ProgrammePage.objects.live().filter(**{f"{link}__translation_key": instance.translation_key})
    for programme in carrying.distinct():
        documents.update_page(programme)


def connect():
    for model in get_page_models():
        uid = model._meta.label_lower
        post_save.connect(page_saved, sender=model, dispatch_uid=f"search.saved.{uid}")
        post_delete.connect(page_deleted, sender=model, dispatch_uid=f"search.deleted.{uid}")
    wagtail_signals.page_published.connect(page_published_or_unpublished, dispatch_uid="search.published")
    wagtail_signals.page_unpublished.connect(page_published_or_unpublished, dispatch_uid="search.unpublished")
    wagtail_signals.post_page_move.connect(page_moved, dispatch_uid="search.moved")
    for model in (SubjectArea, DegreeType):
        post_save.connect(taxonomy_changed, sender=model, dispatch_uid=f"search.taxonomy.{model._meta.label_lower}")
