"""A large generated portal for the benchmark (`make bench`): schools, programmes, events, announcements, images.

Every title says "Generated" so nobody mistakes it for real content. The same seed gives the same portal (dates are
relative to the day it is generated). Refuses to run on a database that already has pages other than Wagtail's
initial ones, unless it holds a generated portal of the same size and seed, which it then leaves as it is.

`--programmes N` scales the whole portal: N // 100 schools (at least 20), N // 2 events, N // 100 announcements (at
least 50). The pages are written in bulk, a few thousand rows per INSERT, with the tree fields that treebeard and
Wagtail keep (`path`, `depth`, `numchild`, `url_path`, ...) computed here; then the visitors' search index
(`search.documents.reindex`) is built. Wagtail's own search index, which only the admin's search reads, is left
empty. Pages get no revisions, as with `add_child`; publishing one later (`page.save_revision().publish()`) creates
its first.
"""

import random
import time as clock
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Locale, Page, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from announcements.models import Announcement
from core.models import HomePage, StandardPage
from demo.images import get_or_create_logo
from events.models import EventIndexPage, EventPage
from programmes.models import (
    ApplicationDeadline,
    DegreeType,
    Intake,
    LanguageMinimum,
    LanguageTest,
    PartnerInstitution,
    ProgrammeIndexPage,
    ProgrammePage,
    ProgrammeStrength,
    QualifyingDegree,
    SubjectArea,
    TeachingLanguage,
    TuitionFee,
)
from schools.models import SchoolIndexPage, SchoolPage
from search import engine
from search.documents import reindex

SITE_NAME = "Generated benchmark portal"
SUBJECTS = ["Law", "Economics", "Engineering", "Medicine", "Philosophy", "Biology", "Chemistry", "History"]
SUBJECTS += ["Informatics", "Psychology", "Physics", "Architecture", "Linguistics", "Theology", "Mathematics"]
DEGREES = [("Master of Science", "MSc"), ("Master of Arts", "MA"), ("Master of Laws", "LLM"), ("Advanced Master", "AM")]
LANGUAGES = ["en", "nl", "fr", "de"]
LANGUAGE_TESTS = [("Generated TOEFL iBT", "0–120", 90), ("Generated IELTS Academic", "band 0–9", 6.5)]
PARTNERS = 12
CHUNK = 2000  # pages written per round: one progress line each


def marker(options):
    return (
        f"{SITE_NAME} (seed {options['seed']}, {options['schools']} schools, {options['programmes']} programmes, "
        f"{options['events']} events, {options['announcements']} announcements)"
    )


def scaled(options):
    """Fill in the sizes not given from the number of programmes."""
    programmes = options["programmes"]
    defaults = {
        "schools": max(20, programmes // 100),
        "events": programmes // 2,
        "announcements": max(50, programmes // 100),
    }
    return {**options, **{key: value for key, value in defaults.items() if options.get(key) is None}}


@contextmanager
def bulk_loading():
    """Skip Wagtail's per-object search and reference indexing while loading."""
    models = [model for model in search_index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def child_path(parent_path, position):
    """The materialised path of the `position`-th child (from 1) under `parent_path`, as treebeard writes it."""
    digits, number = [], position
    while number:
        number, remainder = divmod(number, len(Page.alphabet))
        digits.append(Page.alphabet[remainder])
    return parent_path + "".join(reversed(digits)).rjust(Page.steplen, Page.alphabet[0])


def insert_rows(model, objects):
    """Insert the rows of `model`'s own table (a page type's fields) for `objects`, a thousand per statement.

    Django's bulk_create refuses models with multi-table inheritance, and each page type's table only needs its own
    columns once the wagtailcore_page row exists.
    """
    fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    statement = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    rows = [[field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields] for obj in objects]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(statement, rows[start : start + 1000])


class BulkPageTree:
    """Places new pages in the tree in memory and writes them in bulk, keeping the tree valid.

    `place` gives a page the next child position under its parent: the materialised `path` and `depth`, `url_path`,
    locale, and what a published page has (`live`, `first_published_at`, `draft_title`...). `write` inserts the
    `wagtailcore_page` rows in one batch per few thousand pages (their ids come back from PostgreSQL), then each
    page type's own table. `finish` stores the parents' new `numchild`.
    """

    def __init__(self, locale, now):
        self.locale = locale
        self.now = now
        self.parents = {}  # path -> parent page
        self.added = Counter()  # path -> children placed under it

    def place(self, parent, page):
        if parent.path not in self.parents:
            self.parents[parent.path] = parent
            self.added[parent.path] = 0
        self.added[parent.path] += 1
        page.depth = parent.depth + 1
        page.path = child_path(parent.path, parent.numchild + self.added[parent.path])
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale = self.locale
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = self.now
        page.draft_title = page.title
        return page

    def write(self, pages):
        # Page's own manager writes only wagtailcore_page's columns, and sets each page's id from RETURNING.
        Page.objects.bulk_create(pages, batch_size=1000)
        for page in pages:
            page.page_ptr_id = page.id
        for model in {type(page) for page in pages}:
            rows = [page for page in pages if type(page) is model]
            insert_rows(model, rows)
        return pages

    def finish(self):
        for path, parent in self.parents.items():
            parent.numchild += self.added[path]
        Page.objects.bulk_update(
            [Page(pk=parent.pk, numchild=parent.numchild) for parent in self.parents.values()], ["numchild"]
        )


class Command(BaseCommand):
    help = "Generate a large, clearly fake portal for benchmarking (deterministic for a given seed)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--programmes", type=int, default=2000)
        parser.add_argument("--schools", type=int, help="Default: programmes / 100, at least 20.")
        parser.add_argument("--events", type=int, help="Default: programmes / 2.")
        parser.add_argument("--announcements", type=int, help="Default: programmes / 100, at least 50.")
        parser.add_argument("--no-index", action="store_true", help="Skip building the visitors' search index.")

    def handle(self, *args, **options):
        options = scaled(options)
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None and site.site_name == marker(options):
            self.stdout.write("The generated portal is already there.")
            engine.refresh_statistics()  # portals generated before the reindex analysed the search tables
            return
        if Page.objects.filter(depth__gt=2).exists() or HomePage.objects.exists():
            raise CommandError("This database already has content; generate the benchmark portal into an empty one.")
        self.random = random.Random(options["seed"])
        self.today = timezone.localdate()
        self.started = clock.monotonic()
        with bulk_loading(), transaction.atomic():
            home = self.build_tree(options)
            Site.objects.filter(pk=self.site.pk).update(site_name=marker(options))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics: without them PostgreSQL picks very slow plans here
        if not options["no_index"]:
            self.progress("Building the visitors' search index")
            reindex(lambda done, total: self.progress(f"indexed {done:,}/{total:,} pages for search"))
        self.progress(f"Generated: {marker(options)} under {home.url_path}")

    def progress(self, message):
        self.stdout.write(f"[{clock.monotonic() - self.started:6.1f} s] {message}")
        self.stdout.flush()

    # --- Tree ---------------------------------------------------------------------------------------------------

    def build_tree(self, options):
        home, school_index = self.top_pages()
        self.taxonomies()
        self.images = [
            get_or_create_logo(f"Generated image {n}", f"Generated {n}", f"generated-{n}.png")[0] for n in range(24)
        ]
        self.tree = BulkPageTree(Locale.get_default(), timezone.now())
        schools = self.tree.write([self.tree.place(school_index, self.school(n)) for n in range(options["schools"])])
        programmes = self.programmes(schools, options["programmes"])
        self.events(schools, programmes, options["events"])
        self.tree.finish()
        self.progress(f"{len(schools)} schools, {len(programmes):,} programmes, {options['events']:,} events")
        for n in range(options["announcements"]):
            self.announcement(n, schools, programmes)
        self.progress(f"{options['announcements']} announcements")
        return home

    def top_pages(self):
        root = Page.get_first_root_node()
        for welcome in root.get_children():
            welcome.delete()
        home = root.add_child(
            instance=HomePage(
                title="Generated portal", slug="generated-portal", summary="A generated benchmark portal."
            )
        )
        self.site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        self.site.hostname, self.site.port, self.site.root_page = "localhost", 80, home
        self.site.save()
        home.add_child(instance=ProgrammeIndexPage(title="Programmes", slug="programmes"))
        home.add_child(instance=EventIndexPage(title="Events", slug="events"))
        school_index = home.add_child(instance=SchoolIndexPage(title="Schools", slug="schools"))
        home.add_child(instance=StandardPage(title="About this generated portal", slug="about"))
        return home, school_index

    def taxonomies(self):
        self.subjects = [self.taxonomy(SubjectArea, name=name, slug=name.lower()) for name in SUBJECTS]
        self.degrees = [
            self.taxonomy(DegreeType, name=name, abbreviation=abbr, slug=abbr.lower()) for name, abbr in DEGREES
        ]
        locale = Locale.get_default()
        self.language_tests = [
            (LanguageTest.objects.get_or_create(name=name, locale=locale, defaults={"scale": scale})[0], score)
            for name, scale, score in LANGUAGE_TESTS
        ]
        self.partners = [
            PartnerInstitution.objects.get_or_create(
                name=f"Generated University {n:02d}",
                locale=locale,
                defaults={"city": "Generated", "country": "Belgium"},
            )[0]
            for n in range(PARTNERS)
        ]

    def taxonomy(self, model, **fields):
        return model.objects.get_or_create(slug=fields["slug"], locale=Locale.get_default(), defaults=fields)[0]

    def school(self, n):
        return SchoolPage(
            title=f"Generated School {n:02d}",
            slug=f"school-{n:02d}",
            summary=f"Generated school number {n} for the benchmark.",
            about="<p>This school is generated test content.</p>",
            logo=self.images[n % len(self.images)],
            website="https://www.example.org",
            contact_email="generated@example.org",
            address="Generated street 1\n3000 Leuven",
        )

    # --- Programmes ---------------------------------------------------------------------------------------------

    def programmes(self, schools, count):
        written = []
        for start in range(0, count, CHUNK):
            chunk = [self.programme(n) for n in range(start, min(start + CHUNK, count))]
            for n, page in enumerate(chunk, start):
                self.tree.place(schools[n % len(schools)], page)
            self.tree.write(chunk)
            self.programme_rows(chunk)
            written += chunk
            self.progress(f"generated {len(written):,}/{count:,} programmes")
        return written

    def programme(self, n):
        pick = self.random
        page = ProgrammePage(
            title=f"Generated Programme {n:04d} in {pick.choice(SUBJECTS)}",
            slug=f"programme-{n:04d}",
            summary=f"Generated programme number {n}; not a real programme.",
            degree_type=pick.choice(self.degrees),
            study_level=pick.choice(ProgrammePage.StudyLevel.values),
            ects_credits=pick.choice([60, 90, 120]),
            duration_months=pick.choice([12, 18, 24, 36]),
            study_mode=pick.choice(ProgrammePage.StudyMode.values),
            pace=pick.choice(ProgrammePage.Pace.values),
            location="Leuven, Belgium",
            hero_image=pick.choice(self.images),
            description=[
                ("heading", "About this generated programme"),
                ("paragraph", f"<p>Generated description of programme {n}.</p>"),
            ],
            curriculum="<p>Generated curriculum.</p>",
            admission_requirements="<p>Generated admission requirements.</p>",
            qualifying_degrees_intro="Generated degrees from any generated university:",
            career_opportunities="<p>Generated careers.</p>",
            last_reviewed=self.today - timedelta(days=pick.randint(0, 300)),
        )
        # Child rows and many-to-many links, written in bulk once the page has its id (see programme_rows).
        page.generated = {
            "subject_areas": pick.sample(self.subjects, k=pick.randint(1, 3)),
            "partners": pick.sample(self.partners, k=2) if n % 10 == 0 else [],
            "languages": pick.sample(LANGUAGES, pick.randint(1, 2)),
            "intakes": sorted(pick.sample([2, 9, 10], pick.randint(1, 2))),
            "deadlines": [self.today + timedelta(days=pick.randint(-60, 240)) for _ in range(2)],
            "fee": Decimal(pick.choice([1000, 6500])),
        }
        return page

    def programme_rows(self, pages):
        rows = {model: [] for model in (TeachingLanguage, Intake, ApplicationDeadline, TuitionFee, ProgrammeStrength)}
        rows |= {QualifyingDegree: [], LanguageMinimum: []}
        subjects, partners = [], []
        for page in pages:
            data = page.generated
            rows[TeachingLanguage] += [TeachingLanguage(page=page, language=lang) for lang in data["languages"]]
            rows[Intake] += [Intake(page=page, start_month=month) for month in data["intakes"]]
            rows[ApplicationDeadline] += [
                ApplicationDeadline(page=page, date=date, applicant_group=group)
                for date, group in zip(data["deadlines"], ("EEA students", "Other students"), strict=True)
            ]
            rows[TuitionFee].append(TuitionFee(page=page, applicant_group="All students", amount=data["fee"]))
            rows[ProgrammeStrength] += [ProgrammeStrength(page=page, text=f"Generated strength {k}.") for k in range(3)]
            rows[QualifyingDegree] += [
                QualifyingDegree(page=page, name=f"Generated bachelor {k}", campuses="Leuven") for k in range(2)
            ]
            if "en" in data["languages"]:
                rows[LanguageMinimum] += [
                    LanguageMinimum(page=page, test=test, minimum_score=Decimal(str(score)))
                    for test, score in self.language_tests
                ]
            subjects += [(page.pk, subject.pk) for subject in data["subject_areas"]]
            partners += [(page.pk, partner.pk) for partner in data["partners"]]
        for model, objects in rows.items():
            for position, row in enumerate(objects):
                row.sort_order = position  # any increasing order within a page keeps the page's order
            model.objects.bulk_create(objects, batch_size=2000)
        link(ProgrammePage.subject_areas.through, "programmepage_id", "subjectarea_id", subjects)
        link(ProgrammePage.partner_institutions.through, "programmepage_id", "partnerinstitution_id", partners)

    # --- Events and announcements -------------------------------------------------------------------------------

    def events(self, schools, programmes, count):
        for start in range(0, count, CHUNK):
            chunk = [self.event(n) for n in range(start, min(start + CHUNK, count))]
            for n, page in enumerate(chunk, start):
                self.tree.place(schools[n % len(schools)], page)
            self.tree.write(chunk)
            presented = [(page.pk, programme.pk) for page in chunk for programme in self.random.sample(programmes, k=2)]
            link(EventPage.related_programmes.through, "eventpage_id", "programmepage_id", presented)
            self.progress(f"generated {start + len(chunk):,}/{count:,} events")

    def event(self, n):
        pick = self.random
        day = self.today + timedelta(days=pick.randint(-90, 180))
        start = timezone.make_aware(datetime.combine(day, time(pick.randint(9, 16))))
        mode = pick.choice(EventPage.AttendanceMode.values)
        return EventPage(
            title=f"Generated Event {n:04d}",
            slug=f"event-{n:04d}",
            summary=f"Generated event number {n}.",
            start=start,
            end=start + timedelta(hours=2),
            attendance_mode=mode,
            venue="" if mode == EventPage.AttendanceMode.ONLINE else "Generated hall",
            online_url="" if mode == EventPage.AttendanceMode.ON_CAMPUS else "https://stream.example.org/generated",
            registration_url="https://www.example.org/register",
            description="<p>Generated event.</p>",
        )

    def announcement(self, n, schools, programmes):
        pick = self.random
        audience = [Announcement.Audience.SITE, Announcement.Audience.SCHOOLS, Announcement.Audience.PROGRAMMES][n % 3]
        announcement = Announcement(
            text=f"Generated announcement {n:02d}",
            level=Announcement.Level.IMPORTANT if n % 7 == 0 else Announcement.Level.INFO,
            audience=audience,
            link_url="https://www.example.org/generated",
            live=False,
        )
        if audience == Announcement.Audience.SCHOOLS:
            announcement.schools = pick.sample(schools, k=2)
        if audience == Announcement.Audience.PROGRAMMES:
            announcement.programmes = pick.sample(programmes, k=5)
        announcement.save()
        # One in five stays a draft; a few site-wide ones are live on every page.
        if n % 5 != 4 and (audience != Announcement.Audience.SITE or n < 6):
            announcement.save_revision().publish()


def link(through, left, right, pairs):
    """Bulk-insert many-to-many rows (left id, right id) into `through`."""
    through.objects.bulk_create([through(**{left: a, right: b}) for a, b in pairs], batch_size=5000)
