from django.apps import apps
from django.core.management.base import BaseCommand
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from security.rich_text import rich_text_fields, sanitise_instance, sanitise_revision_content

BATCH = 500


class Command(BaseCommand):
    help = _(
        "Sanitise rich text stored before the sanitiser existed, or written around the ORM (raw SQL, loaddata): "
        "every page, snippet and setting, and the latest revision of each. Only rows that change are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Count what would change, write nothing."))

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
                self.stdout.write(f"  {model._meta.label}: {seen} checked, {changed} changed")
        self.stdout.write(f"{model._meta.label}: {changed} changed")
        return changed

    def sanitise_revisions(self, dry_run):
        changed = 0
        for revision in Revision.objects.filter(pk__in=latest_revision_ids()).iterator(chunk_size=BATCH):
            before = repr(revision.content)
            sanitise_revision_content(revision)
            if repr(revision.content) != before:
                changed += 1
                if not dry_run:
                    Revision.objects.filter(pk=revision.pk).update(content=revision.content)
        self.stdout.write(f"{_('Latest revisions')}: {changed} changed")
        return changed


def field_text(model, name, instance):
    field = model._meta.get_field(name)
    value = getattr(instance, name)
    return value if isinstance(value, str) or value is None else repr(field.get_prep_value(value))


def latest_revision_ids():
    """Drafts in progress and the versions editors restore from: the newest revision of every object."""
    return Revision.objects.values("content_type", "object_id").annotate(newest=Max("pk")).values("newest")


def save_fields(instance, names):
    """Only the rich text fields are written; the save signals still tell the caches and the search index."""
    if isinstance(instance, Page):
        instance.save(clean=False, update_fields=names)  # a live page stays as it is: no revision, no publish
    else:
        instance.save(update_fields=names)
