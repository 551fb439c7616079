"""`manage.py load_demo`: build the portal's demo content from demo/content.py, and its Dutch translation from
demo/content_nl.py.

Idempotent: objects are matched by slug (pages, subject areas, degree types) or name (language tests, partner
institutions), translations by their source and locale; their fields are compared with the data, and a page gets a
new published revision only when something differs. A second run reports every object as unchanged and writes
nothing.
"""

import datetime
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from announcements.banners import DEMO_ANNOUNCEMENT_TEXT, ensure_demo_announcement
from announcements.models import Announcement
from core.models import HomePage, StandardPage
from demo import content as demo
from demo import content_nl as dutch
from demo.images import get_or_create_logo
from events.models import EventIndexPage, EventPage
from programmes.models import (
    DegreeType,
    LanguageTest,
    PartnerInstitution,
    ProgrammeIndexPage,
    ProgrammePage,
    SubjectArea,
)
from schools.models import SchoolIndexPage, SchoolPage
from security.roles import create_role_users


@dataclass
class PageState:
    """The wanted content of a page: plain fields, StreamFields, child rows (InlinePanels) and many-to-many links."""

    fields: dict
    streams: dict[str, list[demo.Block]] = field(default_factory=dict)
    children: dict[str, list[dict]] = field(default_factory=dict)
    m2m: dict[str, list] = field(default_factory=dict)


class Report:
    """Progress lines and the tally behind the final summary line."""

    def __init__(self, command):
        self.command = command
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0}

    def line(self, action, kind, name, detail=""):
        self.counts[action] += 1
        text = f"{action.capitalize()} {kind} “{name}”" + (f" ({detail})" if detail else "")
        style = self.command.style.SUCCESS if action in ("created", "updated") else (lambda s: s)
        self.command.stdout.write(style(text))

    def summary(self):
        changes = self.counts["created"] + self.counts["updated"] + self.counts["deleted"]
        tally = ", ".join(f"{count} {action}" for action, count in self.counts.items())
        verdict = "already up to date" if changes == 0 else "done"
        self.command.stdout.write(self.command.style.SUCCESS(f"Demo content {verdict}: {tally}."))


class Command(BaseCommand):
    help = "Create or update the demo content (home page, schools, programmes, events) from the seed listings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also create one account per editorial role and print their passwords (never in production).",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day to place the demo's dates after, as YYYY-MM-DD (default: today in Brussels).",
        )

    def handle(self, *args, **options):
        self.report = Report(self)
        self.today = options["today"] or timezone.localdate()
        with quiet_loggers(options["verbosity"] < 2, "wagtail", "django_tasks"), transaction.atomic():
            self.build()
        self.report.summary()
        if options["with_users"]:
            self.create_role_users()

    def create_role_users(self):
        try:
            with transaction.atomic():
                create_role_users(self.stdout)
        except ImproperlyConfigured as refusal:
            raise CommandError(str(refusal)) from refusal

    def build(self):
        self.locale = Locale.get_default()
        self.dutch = Locale.objects.get_or_create(language_code=dutch.LANGUAGE)[0]
        snippets = self.sync_snippets()
        self.sync_snippet_translations(snippets)
        home = self.sync_home()
        self.sync_site(home)
        self.remove_default_welcome_page(home)

        self.sync_index_page(home, ProgrammeIndexPage, demo.PROGRAMME_INDEX)
        self.sync_index_page(home, EventIndexPage, demo.EVENT_INDEX)
        school_index = self.sync_index_page(home, SchoolIndexPage, demo.SCHOOL_INDEX)
        for data in demo.STANDARD_PAGES:
            self.sync_standard_page(home, data)

        school = self.sync_school(school_index, demo.KU_LEUVEN_SCHOOL)
        programmes = {data.slug: self.sync_programme(school, data, snippets) for data in demo.PROGRAMMES}
        events = {data.slug: self.sync_event(school, data, programmes) for data in demo.EVENTS}
        announcement = self.sync_announcement(school, events[demo.ONLINE_OPEN_DAY.slug])
        self.sync_announcement_translation(announcement, events[demo.ONLINE_OPEN_DAY.slug])

    def sync_announcement(self, school, open_day):
        existing = Announcement.objects.filter(text=DEMO_ANNOUNCEMENT_TEXT).first()
        before = (existing.expire_at, existing.live) if existing else None
        announcement = ensure_demo_announcement(school, open_day)
        if existing is None:
            action = "created"
        else:
            action = "unchanged" if before == (announcement.expire_at, announcement.live) else "updated"
        self.report.line(action, "announcement", announcement.text)
        return announcement

    def sync_announcement_translation(self, announcement, open_day):
        """The Dutch banner: the translation of the demo announcement, linking to the Dutch open day."""
        wanted = {
            **dutch.ANNOUNCEMENT,
            "level": announcement.level,
            "audience": announcement.audience,
            "expire_at": announcement.expire_at,
            "link_page_id": open_day.get_translation(self.dutch).pk,
        }
        translation = Announcement.objects.filter(
            translation_key=announcement.translation_key, locale=self.dutch
        ).first()
        action = "updated"
        if translation is None:
            translation, action = announcement.copy_for_translation(self.dutch), "created"
            translation.live = False
        changed = [name for name, value in wanted.items() if getattr(translation, name) != value]
        if not changed and translation.live:
            self.report.line("unchanged", "announcement", translation.text)
            return translation
        for name in changed:
            setattr(translation, name, wanted[name])
        translation.save()
        translation.save_revision(log_action=True).publish()
        self.report.line(action, "announcement", translation.text, ", ".join(changed) if action == "updated" else "")
        return translation

    # --- snippets -------------------------------------------------------------------------------------------------

    def sync_snippets(self):
        """Create or update the taxonomy snippets; returns them keyed by their data objects."""
        found = {}
        for data in demo.DEGREE_TYPES:
            values = {"name": data.name, "abbreviation": data.abbreviation}
            found[data] = self.sync_snippet(DegreeType, "degree type", {"slug": data.slug}, values)
        for data in demo.SUBJECT_AREAS:
            found[data] = self.sync_snippet(SubjectArea, "subject area", {"slug": data.slug}, {"name": data.name})
        for data in demo.LANGUAGE_TESTS:
            found[data] = self.sync_snippet(LanguageTest, "language test", {"name": data.name}, {"scale": data.scale})
        for data in demo.PARTNER_INSTITUTIONS:
            values = {"city": data.city, "country": data.country, "website": data.website}
            found[data] = self.sync_snippet(PartnerInstitution, "partner institution", {"name": data.name}, values)
        return found

    def sync_snippet_translations(self, snippets):
        """The Dutch labels of the taxonomy: a translation of each source snippet that has Dutch words."""
        labels = {
            **{data: {"name": dutch.SUBJECT_AREAS[data.slug]} for data in demo.SUBJECT_AREAS},
            **{data: dutch.DEGREE_TYPES[data.slug] for data in demo.DEGREE_TYPES},
            **{data: dutch.PARTNER_INSTITUTIONS[data.name] for data in demo.PARTNER_INSTITUTIONS},
        }
        kinds = {SubjectArea: "subject area", DegreeType: "degree type", PartnerInstitution: "partner institution"}
        for data, values in labels.items():
            source = snippets[data]
            kind = kinds[type(source)]
            lookup = {"translation_key": source.translation_key}
            existing = type(source).objects.filter(locale=self.dutch, **lookup).first()
            if existing is None:
                translation = source.copy_for_translation(self.dutch)
                for name, value in values.items():
                    setattr(translation, name, value)
                translation.save()
                self.report.line("created", kind, translation, "nl")
            else:
                self.sync_snippet(type(source), kind, lookup, values, locale=self.dutch)

    def sync_snippet(self, model, kind, lookup, values, locale=None):
        locale = locale or self.locale
        obj = model.objects.filter(locale=locale, **lookup).order_by("pk").first()
        if obj is None:
            obj = model.objects.create(locale=locale, **lookup, **values)
            self.report.line("created", kind, obj)
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
            self.report.line("updated", kind, obj, ", ".join(changed))
        else:
            self.report.line("unchanged", kind, obj)
        return obj

    # --- the site root --------------------------------------------------------------------------------------------

    def sync_home(self):
        state = PageState(fields={"title": demo.HOME_TITLE, "summary": demo.HOME_SUMMARY, "intro": demo.HOME_INTRO})
        home = HomePage.objects.filter(locale=self.locale).first()
        if home is None:
            root = Page.get_first_root_node()
            self.move_aside_slug_clash(root, demo.HOME_SLUG)
            home = self.create_page(root, HomePage, demo.HOME_SLUG, state, "home page")
        else:
            home = self.update_page(home, state, "home page")
        self.sync_translation(home, state, dutch.HOME, "home page")
        return home

    def move_aside_slug_clash(self, parent, slug):
        """Rename a sibling that holds the slug (Wagtail's default welcome page holds "home"), so ours can take it."""
        clash = Page.objects.child_of(parent).filter(slug=slug).first()
        if clash is not None:
            clash.slug = f"{slug}-{clash.pk}"
            clash.save()

    def sync_site(self, home):
        # Links use the origin that serves the request (core/links.py), so the host name here only picks the site;
        # the name is what the admin dashboard greets editors with.
        wanted = {
            "hostname": "localhost",
            "port": 80,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "root_page_id": home.pk,
            "is_default_site": True,
        }
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(**wanted)
            self.report.line("created", "site", site)
            return site
        changed = [name for name, value in wanted.items() if getattr(site, name) != value]
        if changed:
            for name in changed:
                setattr(site, name, wanted[name])
            site.save()
            self.report.line("updated", "site", site, ", ".join(changed))
        else:
            self.report.line("unchanged", "site", site)
        return site

    def remove_default_welcome_page(self, home):
        """Delete Wagtail's "Welcome to your new Wagtail site!" page once no site uses it.

        It is recognised as a plain wagtailcore Page at the top of the tree with no children; anything else an
        editor made there is left alone.
        """
        plain_page = ContentType.objects.get_for_model(Page)
        candidates = Page.objects.filter(depth=home.depth, content_type=plain_page, numchild=0)
        for page in candidates.exclude(pk__in=Site.objects.values("root_page")):
            title = page.title
            page.delete()
            self.report.line("deleted", "default page", title)

    # --- pages ----------------------------------------------------------------------------------------------------

    def sync_index_page(self, parent, model, data):
        fields = {"title": data.title, "summary": data.summary, "intro": data.intro}
        fields["show_in_menus"] = data.show_in_menus
        return self.sync_page(parent, model, data.slug, PageState(fields=fields), "page", dutch.INDEX_PAGES[data.slug])

    def sync_standard_page(self, parent, data):
        fields = {"title": data.title, "summary": data.summary, "show_in_menus": data.show_in_menus}
        state = PageState(fields=fields, streams={"body": data.body})
        return self.sync_page(parent, StandardPage, data.slug, state, "page", dutch.STANDARD_PAGES[data.slug])

    def sync_school(self, parent, data):
        logo, created = get_or_create_logo(data.logo_title, data.title, f"{data.slug}-logo.png")
        self.report.line("created" if created else "unchanged", "image", logo.title)
        fields = {
            "title": data.title,
            "summary": data.summary,
            "about": data.about,
            "website": data.website,
            "address": data.address,
            "postgraduate_programme_count": data.postgraduate_programme_count,
            "logo": logo,
        }
        return self.sync_page(parent, SchoolPage, data.slug, PageState(fields=fields), "school", dutch.SCHOOL)

    def sync_programme(self, parent, data, snippets):
        fields = {
            "title": data.title,
            "summary": data.summary,
            "degree_type": snippets[data.degree_type],
            "study_level": data.study_level,
            "ects_credits": data.ects_credits,
            "duration_months": data.duration_months,
            "study_mode": data.study_mode,
            "pace": data.pace,
            "location": data.location,
            "curriculum": data.curriculum,
            "admission_requirements": data.admission_requirements,
            "qualifying_degrees_intro": data.qualifying_degrees_intro,
            "language_requirements": data.language_requirements,
            "career_opportunities": data.career_opportunities,
            "scholarships": data.scholarships,
            "programme_url": data.programme_url,
            "last_reviewed": data.last_reviewed,
        }
        children = {
            "teaching_languages": [{"language": code} for code in data.teaching_languages],
            "intakes": [{"start_month": i.start_month, "note": i.note} for i in data.intakes],
            "deadlines": [
                {"date": d.date_for(self.today), "applicant_group": d.applicant_group} for d in data.deadlines
            ],
            "qualifying_degrees": [{"name": q.name, "campuses": q.campuses} for q in data.qualifying_degrees],
            "language_minimums": [
                {"test": snippets[m.test], "minimum_score": m.minimum_score} for m in data.language_minimums
            ],
            "strengths": [{"text": text} for text in data.strengths],
        }
        m2m = {
            "subject_areas": [snippets[area] for area in data.subject_areas],
            "partner_institutions": [snippets[partner] for partner in data.partner_institutions],
        }
        state = PageState(fields=fields, streams={"description": data.description}, children=children, m2m=m2m)
        return self.sync_page(parent, ProgrammePage, data.slug, state, "programme", dutch.PROGRAMMES[data.slug])

    def sync_event(self, parent, data, programmes):
        fields = {
            "title": data.title,
            "summary": data.summary,
            "start": data.start_for(self.today),
            "end": data.end_for(self.today),
            "attendance_mode": data.attendance_mode,
            "venue": data.venue,
            "address": data.address,
            "status": data.status,
            "online_url": data.online_url,
            "registration_url": data.registration_url,
            "description": data.description,
        }
        m2m = {"related_programmes": [programmes[p.slug] for p in data.related_programmes]}
        children = {"registration_settings": [data.registration]} if data.registration else {}
        state = PageState(fields=fields, m2m=m2m, children=children)
        event = self.sync_page(parent, EventPage, data.slug, state, "event")
        # The Dutch event presents the Dutch programmes. Sign-ups are per event page: it keeps its own list.
        dutch_programmes = [programmes[p.slug].get_translation(self.dutch) for p in data.related_programmes]
        dutch_state = PageState(fields=fields, m2m={"related_programmes": dutch_programmes}, children=children)
        self.sync_translation(event, dutch_state, dutch.EVENTS[data.slug], "event")
        return event

    # --- generic page sync ----------------------------------------------------------------------------------------

    def sync_page(self, parent, model, slug, state, kind, text=None):
        """The page `slug` below `parent` in the wanted state, and its Dutch translation when `text` gives its
        words."""
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is None:
            page = self.create_page(parent, model, slug, state, kind)
        else:
            page = existing.specific
            if not isinstance(page, model):
                raise CommandError(
                    f"{existing.url_path} is a {type(page).__name__}, not a {model.__name__}; move or rename it first."
                )
            page = self.update_page(page, state, kind)
        if text is not None:
            self.sync_translation(page, state, text, kind)
        return page

    def sync_translation(self, page, state, text, kind):
        """The Dutch translation of `page`: Wagtail's copy for translation (into the Dutch tree, its parents first
        when they have none) the first time, then its Dutch words and the source's facts, published."""
        wanted = dutch_state(state, text)
        translation = page.get_translation_or_none(self.dutch)
        if translation is not None:
            return self.update_page(translation.specific, wanted, f"{kind} (nl)")
        translation = page.copy_for_translation(self.dutch, copy_parents=True).specific
        self.apply(translation, wanted, self.differences(translation, wanted, new=True))
        translation.save_revision().publish()
        self.report.line("created", f"{kind} (nl)", translation.title)
        return translation

    def create_page(self, parent, model, slug, state, kind):
        page = model(slug=slug, **state.fields)
        self.apply(page, state, self.differences(page, state, new=True))
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.report.line("created", kind, page.title)
        return page

    def update_page(self, page, state, kind):
        changed = self.differences(page, state)
        if not changed and page.live:
            self.report.line("unchanged", kind, page.title)
            return page
        self.apply(page, state, changed)
        page.save_revision().publish()
        self.report.line("updated", kind, page.title, ", ".join(changed) or "published")
        return page

    def differences(self, page, state, new=False):
        """The names of the fields, StreamFields and relations whose stored content differs from the wanted state."""
        changed = [name for name, value in state.fields.items() if getattr(page, name) != value]
        for name, blocks in state.streams.items():
            if new or stream_as_raw(getattr(page, name)) != list(blocks):
                changed.append(name)
        for name, rows in state.children.items():
            if new or child_rows(page, name, rows) != rows:
                changed.append(name)
        for name, objects in state.m2m.items():
            if new or {obj.pk for obj in getattr(page, name).all()} != {obj.pk for obj in objects}:
                changed.append(name)
        return changed

    def apply(self, page, state, changed):
        for name in changed:
            if name in state.fields:
                setattr(page, name, state.fields[name])
            elif name in state.streams:
                stream_block = page._meta.get_field(name).stream_block
                setattr(
                    page,
                    name,
                    [(kind, stream_block.child_blocks[kind].to_python(raw)) for kind, raw in state.streams[name]],
                )
            elif name in state.children:
                child_model = page._meta.get_field(name).related_model
                setattr(
                    page,
                    name,
                    [child_row(child_model, row, position) for position, row in enumerate(state.children[name])],
                )
            else:
                setattr(page, name, state.m2m[name])


def dutch_state(state, text):
    """The wanted state of a page's Dutch translation: the source's facts with the Dutch words of `text`."""
    children = dict(state.children)
    if text.strengths:
        children["strengths"] = [{"text": strength} for strength in text.strengths]
    if text.intake_notes:
        children["intakes"] = [
            {**row, "note": note} for row, note in zip(state.children["intakes"], text.intake_notes, strict=True)
        ]
    return PageState(
        fields=state.fields | text.fields, streams=state.streams | text.streams, children=children, m2m=state.m2m
    )


@contextmanager
def quiet_loggers(enabled, *names):
    """Hide the per-page INFO lines of Wagtail and the task runner, so the progress lines stay readable."""
    loggers = [logging.getLogger(name) for name in names] if enabled else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def stream_as_raw(stream_value):
    """A StreamField's blocks as (block type, raw value) pairs, without the block ids, for comparison."""
    return [(child.block_type, child.block.get_prep_value(child.value)) for child in stream_value]


def child_row(child_model, row, position):
    """A child object; an orderable one numbered, so its stored order is the wanted one, not the heap's."""
    ordered = getattr(child_model, "sort_order_field", None) == "sort_order"
    return child_model(**row, sort_order=position) if ordered else child_model(**row)


def child_rows(page, relation, wanted_rows):
    """The page's stored child objects as dicts with the same keys as the wanted rows, in their stored order."""
    keys = list(wanted_rows[0]) if wanted_rows else []
    return [{key: getattr(obj, key) for key in keys} for obj in getattr(page, relation).all()]
