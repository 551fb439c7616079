"""Application deadlines of a school's programmes in bulk: export as CSV, check an edited file row by row, apply it.

Each programme whose deadlines the file changes gets one new revision, made as an editor's save would be, and is
submitted to its workflow when the user may not publish: moderation and scheduling apply as if edited by hand.
Programmes the file leaves as they are get no revision. The file lists every deadline of a programme: a programme
named in it gets exactly the deadlines of its rows.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from .models import ApplicationDeadline, ProgrammePage

COLUMNS = ["programme_id", "programme", "applicant_group", "deadline"]
MAX_GROUP = ApplicationDeadline.applicant_group.field.max_length


def editable_programmes(school, user):
    """The programmes below `school` that `user` may edit, by title, each as its latest draft (what an edit form
    would show)."""
    pages = ProgrammePage.objects.descendant_of(school).order_by("title", "pk")
    return {page.pk: page for page in pages if page.permissions_for_user(user).can_edit()}


def draft(page):
    return page.get_latest_revision_as_object()


def deadlines_of(page):
    return sorted((deadline.date, deadline.applicant_group) for deadline in page.deadlines.all())


def export_csv(programmes):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for page in programmes.values():
        for day, group in deadlines_of(draft(page)):
            writer.writerow([page.pk, page.title, group, day.isoformat()])
    return out.getvalue()


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Change:
    page: ProgrammePage
    before: list
    after: list


@dataclass
class Plan:
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # programmes left alone because one of their rows has an error


def check(text, programmes):
    """What the file would change, and every error by row (as a spreadsheet numbers it) and column."""
    plan, wanted, failed = Plan(), {}, set()
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        column for column in ("programme_id", "applicant_group", "deadline") if column not in (reader.fieldnames or [])
    ]
    if missing:
        plan.errors.append(RowError(1, ", ".join(missing), _("This column is missing from the first row.")))
        return plan
    for number, row in enumerate(reader, start=2):
        page_id, errors = row_errors(number, row, programmes)
        plan.errors += errors
        if page_id is None:
            continue
        if errors:
            failed.add(page_id)
        else:
            wanted.setdefault(page_id, []).append(
                (date.fromisoformat(row["deadline"].strip()), row["applicant_group"].strip())
            )
    for page_id, rows in wanted.items():
        page = programmes[page_id]
        if page_id in failed:
            plan.skipped.append(page)
            continue
        before = deadlines_of(draft(page))
        if before == sorted(rows):
            plan.unchanged += 1
        else:
            plan.changes.append(Change(page, before, sorted(rows)))
    plan.skipped += [programmes[page_id] for page_id in failed if page_id not in wanted]
    return plan


def row_errors(number, row, programmes):
    """(the programme's id or None, the row's errors)."""
    errors = []
    raw_id = (row.get("programme_id") or "").strip()
    page_id = int(raw_id) if raw_id.isdigit() and int(raw_id) in programmes else None
    if page_id is None:
        errors.append(RowError(number, "programme_id", _("Not a programme of this school that you may edit.")))
    group = (row.get("applicant_group") or "").strip()
    if not group:
        errors.append(RowError(number, "applicant_group", _("Say who this deadline is for.")))
    elif len(group) > MAX_GROUP:
        errors.append(RowError(number, "applicant_group", _("At most %(count)d characters.") % {"count": MAX_GROUP}))
    try:
        date.fromisoformat((row.get("deadline") or "").strip())
    except ValueError:
        errors.append(RowError(number, "deadline", _("Not a date written as year-month-day, e.g. 2027-03-01.")))
    return page_id, errors


@transaction.atomic
def apply(plan, user):
    """One revision per changed programme, submitted for moderation when `user` may not publish it."""
    for change in plan.changes:
        page = draft(change.page)
        page.deadlines = [ApplicationDeadline(date=day, applicant_group=group) for day, group in change.after]
        page.save_revision(user=user, log_action=True)
        workflow = page.get_workflow()
        moderated = workflow is not None and not page.permissions_for_user(user).can_publish()
        if moderated and not page.workflow_in_progress:
            workflow.start(page, user)
