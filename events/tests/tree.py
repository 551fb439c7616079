"""A small portal built with plain model code, shared by the events and structured data tests.

Home (site root) → Events (EventIndexPage) → portal-wide events
                 → Schools (SchoolIndexPage) → Faculty of Law → programme, events
                                              → Faculty of Medicine → programme, events
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from core.models import HomePage
from events.models import EventIndexPage, EventPage
from programmes.models import (
    ApplicationDeadline,
    DegreeType,
    Intake,
    ProgrammeIndexPage,
    ProgrammePage,
    TeachingLanguage,
    TuitionFee,
)
from schools.models import SchoolIndexPage, SchoolPage

BRUSSELS = ZoneInfo("Europe/Brussels")
Mode = EventPage.AttendanceMode
Status = EventPage.Status


def brussels(days_from_today, hour=10, minute=0):
    """An aware datetime `days_from_today` days from now, at a Brussels wall-clock time."""
    day = timezone.localdate() + timedelta(days=days_from_today)
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add(parent, page, *, live=True, revision=True):
    """Add `page` under `parent`; live pages are published through a revision, as editors do, unless
    `revision=False` (quicker, for bulk content)."""
    page.live = live and not revision
    parent.add_child(instance=page)
    return publish(page) if live and revision else page


def make_event(parent, title, days, *, hours=3, mode=Mode.ON_CAMPUS, live=True, revision=True, programmes=(), **fields):
    start = fields.pop("start", None) or brussels(days)
    defaults = {"summary": f"About {title}."}
    if mode != Mode.ONLINE:
        defaults["venue"] = "Aula Pieter De Somer"
    if mode != Mode.ON_CAMPUS:
        defaults["online_url"] = "https://stream.example.org/live"
    event = EventPage(title=title, start=start, end=start + timedelta(hours=hours), attendance_mode=mode)
    for name, value in {**defaults, **fields}.items():
        setattr(event, name, value)
    event.related_programmes = list(programmes)
    return add(parent, event, live=live, revision=revision)


def make_programme(school, title, degree, *, live=True, **fields):
    programme = ProgrammePage(
        title=title,
        degree_type=degree,
        ects_credits=fields.pop("ects_credits", 60),
        duration_months=fields.pop("duration_months", 12),
        summary=fields.pop("summary", f"Study {title} in Leuven."),
        **fields,
    )
    programme.teaching_languages = [TeachingLanguage(language="en")]
    programme.intakes = [Intake(start_month=9)]
    return add(school, programme, live=live)


def make_private(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    return page


@dataclass
class Tree:
    home: HomePage
    events: EventIndexPage
    schools: SchoolIndexPage
    programme_index: ProgrammeIndexPage
    law: SchoolPage
    medicine: SchoolPage
    social_security: ProgrammePage
    biomedical: ProgrammePage
    hidden_programme: ProgrammePage
    event: dict = field(default_factory=dict)


def build_site():
    """An empty portal: HomePage as the root of the only (default) site, with the two index pages."""
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home", summary="Find your programme."))
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Leuven programme portal"
    )
    programme_index = add(home, ProgrammeIndexPage(title="Programmes", slug="programmes"))
    events = add(home, EventIndexPage(title="Events", slug="events", summary="Open days and information sessions."))
    schools = add(home, SchoolIndexPage(title="Schools", slug="schools"))
    return home, programme_index, events, schools


def build_tree():
    home, programme_index, events, schools = build_site()
    law = add(
        schools,
        SchoolPage(
            title="Faculty of Law",
            slug="law",
            summary="Law and social security in Leuven.",
            website="https://www.law.kuleuven.be",
            contact_email="law@example.org",
            contact_phone="+32 16 32 51 11",
            address="Tiensestraat 41\n3000 Leuven\nBelgium",
        ),
    )
    medicine = add(schools, SchoolPage(title="Faculty of Medicine", slug="medicine", summary="Medicine."))
    advanced = DegreeType.objects.create(name="Advanced Master", abbreviation="Adv. Master", slug="advanced-master")
    msc = DegreeType.objects.create(name="Master of Science", abbreviation="MSc", slug="msc")

    social_security = make_programme(
        law, "Master of European Social Security", advanced, duration_months=24, pace="part_time"
    )
    ApplicationDeadline.objects.create(page=social_security, date=timezone.localdate() - timedelta(days=30))
    ApplicationDeadline.objects.create(
        page=social_security, date=timezone.localdate() + timedelta(days=60), applicant_group="Non-EEA students"
    )
    TuitionFee.objects.create(page=social_security, applicant_group="EEA students", amount=Decimal("1100.00"))
    TuitionFee.objects.create(
        page=social_security, applicant_group="Non-EEA students", amount=Decimal("7450.50"), currency="EUR"
    )
    biomedical = make_programme(medicine, "Master of Biomedical Sciences", msc)
    hidden_programme = make_programme(law, "Master of Unannounced Studies", msc, live=False)

    tree = Tree(home, events, schools, programme_index, law, medicine, social_security, biomedical, hidden_programme)
    tree.event = {
        "law_open_day": make_event(law, "Law open day", 7, programmes=[social_security, hidden_programme]),
        "law_webinar": make_event(law, "Social security webinar", 3, mode=Mode.ONLINE, programmes=[social_security]),
        "medicine_day": make_event(
            medicine, "Biomedical hybrid day", 14, mode=Mode.HYBRID, address="Herestraat 49\n3000 Leuven"
        ),
        "cancelled": make_event(medicine, "Cancelled lab tour", 10, status=Status.CANCELLED),
        "postponed": make_event(law, "Postponed moot court", 12, status=Status.POSTPONED),
        "portal_day": make_event(events, "University open day", 30, hours=6),
        "recent_past": make_event(law, "Last month's info session", -10, mode=Mode.ONLINE),
        "long_past": make_event(medicine, "Last spring's open day", -100),
        "draft": make_event(law, "Draft open evening", 5, live=False),
        "private": make_private(make_event(medicine, "Staff-only briefing", 6)),
    }
    return tree


UPCOMING_PUBLIC = ["law_webinar", "law_open_day", "cancelled", "postponed", "medicine_day", "portal_day"]
NEVER_PUBLIC = ["draft", "private"]
