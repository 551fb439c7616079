"""Synchronised fields: the facts of a page that are the same in every language (dates, ECTS, deadlines, intakes,
tuition, taxonomy links) are kept by the English page and copied to its translations, never translated by hand.

A page type lists them once, `synchronised_fields = [...]`; a child relation listed there (intakes, deadlines) is
matched row by row, in order: its rows' own `synchronised_fields` are copied (the date, the amount) and the rest of
each row (a note, an applicant group's name) stays as translated. Links to taxonomy snippets (a degree type, the
subject areas) stay the same items in every language; a page shows their labels in its language.

When the English page is published its translations get the copy (`synchronise_translations`): a live translation
in a new published revision, a draft in its draft. In a translation's editor those fields are read-only.
"""

import contextvars
import logging

from django.conf import settings
from wagtail.models import Locale

logger = logging.getLogger(__name__)

_synchronising = contextvars.ContextVar("synchronising", default=False)


def source_language():
    return settings.LANGUAGE_CODE


def synchronised_fields(page):
    return list(getattr(type(page), "synchronised_fields", ()))


def is_source(page):
    """Whether `page` is the one its translations copy from: the page in the default language."""
    return page.locale.language_code == source_language()


def source_of(page):
    """The page `page`'s synchronised fields come from (its translation in the default language), or None when
    `page` is itself the source or has none."""
    if not synchronised_fields(page) or is_source(page):
        return None
    return page.get_translation_or_none(Locale.get_default())


def copy_value(source, target, field):
    """Copy one field of `source` onto `target` (a model field, a many-to-many link or a child relation)."""
    name = field.name
    if field.many_to_many:
        setattr(target, name, list(getattr(source, name).all()))
    elif field.one_to_many:
        setattr(target, name, matched_rows(getattr(source, name).all(), list(getattr(target, name).all())))
    else:
        setattr(target, name, getattr(source, name))


def row_fields(row):
    """The fields of a child row that are synchronised: its `synchronised_fields`, else all of them."""
    declared = getattr(type(row), "synchronised_fields", None)
    skipped = {"id", "sort_order", "page", "translation_key", "locale"}
    fields = [field for field in row._meta.concrete_fields if field.name not in skipped]
    return [field for field in fields if declared is None or field.name in declared]


def matched_rows(source_rows, target_rows):
    """The translation's child rows: as many as the source's, in its order, each with the source row's synchronised
    fields; the translation's own text kept on the rows it had, the source's text on rows it did not have."""
    rows = []
    for index, source_row in enumerate(source_rows):
        if index < len(target_rows):
            row = target_rows[index]
            fields = row_fields(source_row)
        else:
            row = type(source_row)()
            fields = [field for field in source_row._meta.concrete_fields if field.name not in ("id", "page")]
        for field in fields:
            copy_value(source_row, row, field)
        rows.append(row)
    return rows


def copy_synchronised(source, target):
    """Copy `source`'s synchronised fields onto `target` (in memory)."""
    for name in synchronised_fields(source):
        copy_value(source, target, source._meta.get_field(name))
    return target


def synchronise_translations(page, user=None):
    """After the source page `page` is published: copy its synchronised fields to each of its translations."""
    if _synchronising.get() or not synchronised_fields(page) or not is_source(page):
        return
    token = _synchronising.set(True)  # publishing a translation must not copy back
    try:
        for translation in page.get_translations().specific():
            synchronise(page, translation, user)
    finally:
        _synchronising.reset(token)


def page_published_handler(sender, instance, revision=None, **kwargs):
    synchronise_translations(instance.specific, user=getattr(revision, "user", None))


def synchronise(source, translation, user=None):
    """The live translation republished with the copy; a draft (newer than the live version, or never published)
    saved with the copy in a new draft revision. Nothing is saved where the values are the same already (a republish
    of the English page with the same facts makes no new Dutch revision)."""
    has_draft = translation.has_unpublished_changes or not translation.live
    draft = translation.get_latest_revision_as_object() if has_draft else None
    if translation.live and copied_with_changes(source, translation):
        revision = translation.save_revision(user=user, log_action=True)
        revision.publish(user=user, skip_permission_checks=True)
        logger.info("Synchronised %s to its translation %s (published)", source.pk, translation.pk)
    if draft is not None and copied_with_changes(source, draft):
        draft.save_revision(user=user, log_action=True)
        logger.info("Synchronised %s to the draft of its translation %s", source.pk, translation.pk)


def copied_with_changes(source, target):
    """Copy `source`'s synchronised fields onto `target` in memory; whether that changed any of them."""
    before = synchronised_state(target)
    copy_synchronised(source, target)
    return synchronised_state(target) != before


def synchronised_state(page):
    """The synchronised values of `page`, comparable: ids for links, the synchronised columns of child rows."""
    state = []
    for name in synchronised_fields(page):
        field = page._meta.get_field(name)
        if field.many_to_many:
            state.append(sorted(obj.pk for obj in getattr(page, name).all()))
        elif field.one_to_many:
            rows = getattr(page, name).all()
            state.append([tuple(getattr(row, column.attname) for column in row_fields(row)) for row in rows])
        else:
            state.append(getattr(page, field.attname))
    return state


def make_synchronised_fields_read_only(form, page):
    """In a translation's editor: the synchronised fields and child rows cannot be changed (the English page's
    values are copied in when it is published), and they say so."""
    if page.pk is None or source_of(page) is None:
        return
    note = f"Kept in sync with the {source_language_name()} page; change it there."
    for name in synchronised_fields(page):
        if name in form.fields:
            form.fields[name].disabled = True
            form.fields[name].help_text = note
        elif name in getattr(form, "formsets", {}):
            disable_rows(form.formsets[name], note)


def disable_rows(formset, note):
    """A child relation's synchronised columns read-only (the rows themselves follow the English page's when it is
    next published)."""
    for row_form in formset.forms:
        declared = getattr(type(row_form.instance), "synchronised_fields", None)
        for name, field in row_form.fields.items():
            if name not in ("id", "ORDER", "DELETE") and (declared is None or name in declared):
                field.disabled = True
                field.help_text = note


def source_language_name():
    return dict(settings.LANGUAGES).get(source_language(), source_language())
