"""A small site for the finder, compare and search tests, built with plain model code.

Home (the default site's root) → Programmes (the finder), Events, Schools → Law and Medicine → seven live public
programmes with varied facts, plus three that must never show up anywhere public: a draft, an unpublished one and
a password-protected one. Today is fixed by the caller (deadlines are relative to it).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction, Site

from core.models import HomePage, StandardPage
from events.models import EventIndexPage, EventPage
from programmes.models import (
    ApplicationDeadline,
    DegreeType,
    Intake,
    LanguageMinimum,
    LanguageTest,
    ProgrammeIndexPage,
    ProgrammePage,
    QualifyingDegree,
    SubjectArea,
    TeachingLanguage,
    TuitionFee,
)
from schools.models import SchoolIndexPage, SchoolPage

Level = ProgrammePage.StudyLevel
Mode = ProgrammePage.StudyMode

HIDDEN_TITLES = [
    "Master of Draft Biomedical Studies",
    "Master of Withdrawn Biomedical Studies",
    "Master of Private Biomedical Research",
]


@dataclass
class FinderTree:
    home: HomePage
    finder: ProgrammeIndexPage
    events: EventIndexPage
    schools: SchoolIndexPage
    law: SchoolPage
    medicine: SchoolPage
    programmes: dict = field(default_factory=dict)  # title → live public ProgrammePage
    hidden: dict = field(default_factory=dict)  # title → draft / unpublished / private ProgrammePage
    degrees: dict = field(default_factory=dict)  # slug → DegreeType
    subjects: dict = field(default_factory=dict)  # slug → SubjectArea
    event: EventPage | None = None
    hidden_event: EventPage | None = None
    about: StandardPage | None = None
    hidden_page: StandardPage | None = None


def make_home():
    """A home page as the default site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    for page in Page.objects.filter(depth=2):
        page.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home", summary="Find your programme."))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Portal")
    return home


def add(parent, page):
    parent.add_child(instance=page)
    return page


def snippets():
    locale = Locale.get_default()
    degrees = {
        slug: DegreeType.objects.create(name=name, abbreviation=abbreviation, slug=slug, locale=locale)
        for slug, name, abbreviation in [
            ("msc", "Master of Science", "MSc"),
            ("llm", "Master of Laws", "LLM"),
            ("advm", "Advanced Master", "AdvM"),
            ("bsc", "Bachelor of Science", "BSc"),
            ("phd", "Doctor of Philosophy", "PhD"),
        ]
    }
    subjects = {
        slug: SubjectArea.objects.create(name=name, slug=slug, locale=locale)
        for slug, name in [
            ("law", "Law"),
            ("public-policy", "Public policy"),
            ("biomedical-sciences", "Biomedical sciences"),
            ("medicine", "Medicine"),
            ("nursing", "Nursing"),
        ]
    }
    return degrees, subjects


# title, school, degree, level, subjects, ects, months, mode, languages, start months, deadline day offsets
PROGRAMMES = [
    ("Advanced Master of European Social Security", "law", "advm", Level.ADVANCED_MASTER, ["law", "public-policy"],
     60, 12, Mode.BLENDED, ["en"], [9], [100]),
    ("Master of Laws in Energy Law", "law", "llm", Level.MASTER, ["law"], 60, 12, Mode.ON_CAMPUS, ["en"], [9], [-200]),
    ("Master of Public Sector Innovation and eGovernance", "law", "msc", Level.MASTER, ["public-policy"],
     120, 24, Mode.BLENDED, ["en"], [8, 9], [30]),
    ("Master of Biomedical Sciences", "medicine", "msc", Level.MASTER, ["biomedical-sciences"],
     120, 24, Mode.ON_CAMPUS, ["en", "nl"], [9, 2], [160, -290]),
    ("Bachelor of Medicine", "medicine", "bsc", Level.BACHELOR, ["medicine"], 180, 36, Mode.ON_CAMPUS, ["nl"], [9], []),
    ("Doctorate in Molecular Medicine", "medicine", "phd", Level.DOCTORATE, ["biomedical-sciences", "medicine"],
     240, 48, Mode.ON_CAMPUS, ["en"], [2], [10]),
    ("Master of Nursing Online", "medicine", "msc", Level.MASTER, ["nursing"], 90, 18, Mode.ONLINE, ["en", "fr"],
     [2], [-5]),
]  # fmt: skip


def add_programme(parent, title, degree, level, subjects, ects, months, mode, languages, starts, deadlines, today):
    page = ProgrammePage(
        title=title,
        summary=f"{title}: a programme of {ects} ECTS.",
        degree_type=degree,
        study_level=level,
        ects_credits=ects,
        duration_months=months,
        study_mode=mode,
        location="Leuven, Belgium",
    )
    page.subject_areas = subjects
    add(parent, page)
    for order, language in enumerate(languages):
        TeachingLanguage.objects.create(page=page, language=language, sort_order=order)
    for order, month in enumerate(starts):
        Intake.objects.create(page=page, start_month=month, sort_order=order)
    for order, offset in enumerate(deadlines):
        ApplicationDeadline.objects.create(page=page, date=today + timedelta(days=offset), sort_order=order)
    return page


def build_finder_tree(today=None):
    today = today or timezone.localdate()
    home = make_home()
    finder = add(home, ProgrammeIndexPage(title="Programmes", slug="programmes", summary="Find a programme."))
    events = add(home, EventIndexPage(title="Events", slug="events"))
    schools = add(home, SchoolIndexPage(title="Schools", slug="schools"))
    law = add(schools, SchoolPage(title="Faculty of Law", slug="law", summary="Law in Leuven."))
    medicine = add(schools, SchoolPage(title="Faculty of Medicine", slug="medicine", summary="Medicine in Leuven."))
    degrees, subjects = snippets()
    tree = FinderTree(home, finder, events, schools, law, medicine, degrees=degrees, subjects=subjects)

    parents = {"law": law, "medicine": medicine}
    for title, school, degree, level, areas, ects, months, mode, languages, starts, deadlines in PROGRAMMES:
        tree.programmes[title] = add_programme(
            parents[school], title, degrees[degree], level, [subjects[s] for s in areas],
            ects, months, mode, languages, starts, deadlines, today,
        )  # fmt: skip

    add_compare_facts(tree.programmes["Master of Biomedical Sciences"], tree.programmes["Master of Laws in Energy Law"])
    add_hidden_programmes(tree, today)
    add_other_pages(tree)
    return tree


def add_compare_facts(biomedical, energy_law):
    TuitionFee.objects.create(page=biomedical, applicant_group="EEA students", amount=Decimal("1156.60"))
    TuitionFee.objects.create(page=biomedical, applicant_group="Non-EEA students", amount=Decimal("7000"), sort_order=1)
    TuitionFee.objects.create(page=energy_law, applicant_group="All students", amount=Decimal("3500"))
    toefl = LanguageTest.objects.create(name="TOEFL iBT", scale="0–120", locale=Locale.get_default())
    LanguageMinimum.objects.create(page=biomedical, test=toefl, minimum_score=Decimal("94"))
    for order, name in enumerate(
        ["Bachelor in de biomedische wetenschappen", "Bachelor in de geneeskunde", "B3", "B4"]
    ):
        QualifyingDegree.objects.create(page=biomedical, name=name, campuses="Leuven", sort_order=order)


def add_hidden_programmes(tree, today):
    msc, biomedical = tree.degrees["msc"], [tree.subjects["biomedical-sciences"]]
    common = dict(
        degree=msc, level=Level.MASTER, subjects=biomedical, ects=120, months=24, mode=Mode.ON_CAMPUS,
        languages=["en"], starts=[9], deadlines=[50], today=today,
    )  # fmt: skip
    draft_title, withdrawn_title, private_title = HIDDEN_TITLES
    draft = ProgrammePage(
        title=draft_title, summary="Not published yet.", degree_type=msc, ects_credits=120, duration_months=24,
        live=False,
    )  # fmt: skip
    tree.hidden[draft_title] = add(tree.medicine, draft)
    withdrawn = add_programme(tree.medicine, withdrawn_title, **common)
    withdrawn.unpublish()
    tree.hidden[withdrawn_title] = withdrawn
    private = add_programme(tree.medicine, private_title, **common)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")
    tree.hidden[private_title] = private


def add_other_pages(tree):
    start = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=20), datetime.min.time()))
    start += timedelta(hours=10)
    tree.event = add(
        tree.law,
        EventPage(
            title="Law open day", slug="law-open-day", summary="Meet the Faculty of Law & its students.",
            start=start, end=start + timedelta(hours=6), venue="Aula Pieter De Somer",
        ),
    )  # fmt: skip
    tree.hidden_event = add(
        tree.law,
        EventPage(
            title="Law draft open day", slug="law-draft", start=start, end=start + timedelta(hours=2),
            venue="Aula", live=False,
        ),
    )  # fmt: skip
    tree.about = add(tree.home, StandardPage(title="About the portal", slug="about", summary="Who runs this portal."))
    tree.hidden_page = add(tree.home, StandardPage(title="About the draft portal", slug="about-draft", live=False))
