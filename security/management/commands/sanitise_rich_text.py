from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Revision

from security.rich_text import rich_text_fields, sanitise_instance, sanitise_revision_content

BATCH = 500


class Command(BaseCommand):
    help = gettext_lazy(
        "Sanitise rich text stored before the sanitiser existed, or written around the ORM (raw SQL, loaddata): "
        "every page, snippet and setting, and every revision (drafts, and the versions History previews and "
        "compares). Only rows that change are written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("Count what would change, write nothing.")
        )

    def handle(self, *args, dry_run=False, **options):
        changed = 0
        for model in (model for model in apps.get_models() if rich_text_fields(model)):
            changed += self.sanitise_model(model, dry_run)
        changed += self.sanitise_revisions(dry_run)
        verb = _("would change") if dry_run else _("changed")
        self.stdout.write(
            self.style.SUCCESS(_("Rich text sanitised: %(verb)s %(count)d row(s).") % {"verb": verb, "count": changed})
        )

    def sanitise_model(self, model, dry_run):
        names = [field.attname for field in rich_text_fields(model)]
        rows = model.objects.all().only("pk", *names)
        changed = 0
        for seen, instance in enumerate(rows.iterator(chunk_size=BATCH), start=1):
            before = {name: field_text(model, name, instance) for name in names}
            sanitise_instance(instance)
            after = {name: field_text(model, name, instance) for name in names}
            if before != after:
                changed += 1
                if not dry_run:
                    save_fields(instance, names)
            if seen % BATCH == 0:
                self.progress(model._meta.label, seen, changed)
        self.stdout.write(_("%(what)s: %(changed)d changed") % {"what": model._meta.label, "changed": changed})
        return changed

    def sanitise_revisions(self, dry_run):
        changed = 0
        revisions = Revision.objects.only("pk", "content_type", "content").order_by("pk")
        for seen, revision in enumerate(revisions.iterator(chunk_size=BATCH), start=1):
            before = repr(revision.content)
            sanitise_revision_content(revision)
            if repr(revision.content) != before:
                changed += 1
                if not dry_run:
                    Revision.objects.filter(pk=revision.pk).update(content=revision.content)
            if seen % BATCH == 0:
                self.progress(_("Revisions"), seen, changed)
        self.stdout.write(_("%(what)s: %(changed)d changed") % {"what": _("Revisions"), "changed": changed})
        return changed

    def progress(self, what, seen, changed):
        self.stdout.write(
            _("  %(what)s: %(seen)d checked, %(changed)d changed") % {"what": what, "seen": seen, "changed": changed}
        )


def field_text(model, name, instance):
    field = model._meta.get_field(name)
    value = getattr(instance, name)
    return value if isinstance(value, str) or value is None else repr(field.get_prep_value(value))


def save_fields(instance, names):
    """Only the rich text fields are written; the save signals still tell the caches and the search index."""
    if isinstance(instance, Page):
        instance.save(clean=False, update_fields=names)  # a live page stays as it is: no revision, no publish
    else:
        instance.save(update_fields=names)
