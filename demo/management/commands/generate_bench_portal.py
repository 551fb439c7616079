"""A large generated portal for the benchmark (`make bench`): schools, programmes, events, announcements, images.

Every title says "Generated" so nobody mistakes it for real content. The same seed gives the same portal (dates are
relative to the day it is generated). Refuses to run on a database that already has pages other than Wagtail's
initial ones, unless it holds a generated portal of the same size and seed, which it then leaves as it is.
"""

import random
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.management import call_command
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
    ProgrammeIndexPage,
    ProgrammePage,
    ProgrammeStrength,
    SubjectArea,
    TeachingLanguage,
    TuitionFee,
)
from schools.models import SchoolIndexPage, SchoolPage

SITE_NAME = "Generated benchmark portal"
SUBJECTS = ["Law", "Economics", "Engineering", "Medicine", "Philosophy", "Biology", "Chemistry", "History"]
SUBJECTS += ["Informatics", "Psychology", "Physics", "Architecture", "Linguistics", "Theology", "Mathematics"]
DEGREES = [("Master of Science", "MSc"), ("Master of Arts", "MA"), ("Master of Laws", "LLM"), ("Advanced Master", "AM")]
LANGUAGES = ["en", "nl", "fr", "de"]


def marker(options):
    return (
        f"{SITE_NAME} (seed {options['seed']}, {options['schools']} schools, {options['programmes']} programmes, "
        f"{options['events']} events, {options['announcements']} announcements)"
    )


@contextmanager
def bulk_loading():
    """Skip the per-object search and reference indexing while loading; the index is rebuilt once at the end."""
    models = [model for model in search_index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


class Command(BaseCommand):
    help = "Generate a large, clearly fake portal for benchmarking (deterministic for a given seed)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--schools", type=int, default=20)
        parser.add_argument("--programmes", type=int, default=2000)
        parser.add_argument("--events", type=int, default=1000)
        parser.add_argument("--announcements", type=int, default=50)

    def handle(self, *args, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None and site.site_name == marker(options):
            self.stdout.write("The generated portal is already there.")
            return
        if Page.objects.filter(depth__gt=2).exists() or HomePage.objects.exists():
            raise CommandError("This database already has content; generate the benchmark portal into an empty one.")
        self.random = random.Random(options["seed"])
        self.today = timezone.localdate()
        with bulk_loading(), transaction.atomic():
            home = self.build_tree(options)
            Site.objects.filter(pk=self.site.pk).update(site_name=marker(options))
        self.stdout.write("Building the search index...")
        call_command("update_index", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics: without them PostgreSQL picks very slow plans here
        self.stdout.write(f"Generated: {marker(options)} under {home.url_path}")

    # --- Tree ---------------------------------------------------------------------------------------------------

    def build_tree(self, options):
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

        self.subjects = [self.taxonomy(SubjectArea, name=name, slug=name.lower()) for name in SUBJECTS]
        self.degrees = [
            self.taxonomy(DegreeType, name=name, abbreviation=abbr, slug=abbr.lower()) for name, abbr in DEGREES
        ]
        self.images = [
            get_or_create_logo(f"Generated image {n}", f"Generated {n}", f"generated-{n}.png")[0] for n in range(24)
        ]
        schools = [self.school(school_index, n) for n in range(options["schools"])]
        programmes = [self.programme(schools[n % len(schools)], n) for n in range(options["programmes"])]
        self.stdout.write(f"{len(programmes)} programmes")
        for n in range(options["events"]):
            self.event(schools[n % len(schools)], n, programmes)
        for n in range(options["announcements"]):
            self.announcement(n, schools, programmes)
        return home

    def taxonomy(self, model, **fields):
        return model.objects.get_or_create(slug=fields["slug"], locale=Locale.get_default(), defaults=fields)[0]

    def school(self, parent, n):
        return parent.add_child(
            instance=SchoolPage(
                title=f"Generated School {n:02d}",
                slug=f"school-{n:02d}",
                summary=f"Generated school number {n} for the benchmark.",
                about="<p>This school is generated test content.</p>",
                logo=self.images[n % len(self.images)],
                website="https://www.example.org",
                contact_email="generated@example.org",
                address="Generated street 1\n3000 Leuven",
            )
        )

    def programme(self, school, n):
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
            curriculum="<p>Generated curriculum.</p>",
            career_opportunities="<p>Generated careers.</p>",
            last_reviewed=self.today - timedelta(days=pick.randint(0, 300)),
        )
        page.subject_areas = pick.sample(self.subjects, k=pick.randint(1, 3))
        page.teaching_languages = [
            TeachingLanguage(language=lang) for lang in pick.sample(LANGUAGES, pick.randint(1, 2))
        ]
        page.intakes = [Intake(start_month=month) for month in sorted(pick.sample([2, 9, 10], pick.randint(1, 2)))]
        page.deadlines = [
            ApplicationDeadline(date=self.today + timedelta(days=pick.randint(-60, 240)), applicant_group=group)
            for group in ("EEA students", "Other students")
        ]
        page.tuition_fees = [TuitionFee(applicant_group="All students", amount=Decimal(pick.choice([1000, 6500])))]
        page.strengths = [ProgrammeStrength(text=f"Generated strength {k}.") for k in range(3)]
        return school.add_child(instance=page)

    def event(self, school, n, programmes):
        pick = self.random
        day = self.today + timedelta(days=pick.randint(-90, 180))
        start = timezone.make_aware(datetime.combine(day, time(pick.randint(9, 16))))
        mode = pick.choice(EventPage.AttendanceMode.values)
        page = EventPage(
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
        page.related_programmes = pick.sample(programmes, k=2)
        school.add_child(instance=page)

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
