"""The demo content of the portal, as typed data: the facts of the three seed listings in shared/seeds/.

Seed 000: Master of European Social Security (Advanced Master, KU Leuven).
Seed 001: Erasmus Mundus MSc in Public Sector Innovation and eGovernance (KU Leuven, TalTech, Münster).
Seed 002: Master of Biomedical Sciences (KU Leuven).

Text is transcribed from the seeds; the few facts that required fields need but the seeds do not give are
marked "Not in the seed". `manage.py load_demo` turns this data into pages and snippets.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from html import escape
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")

# A StreamField block as (block type, raw value): ("heading", text) or ("paragraph", rich text HTML).
Block = tuple[str, str]


def paragraphs(*texts: str) -> str:
    """Rich text HTML: one <p> per plain-text paragraph."""
    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in texts)


def bullets(*items: str) -> str:
    """Rich text HTML: a bulleted list of plain-text items."""
    return "<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"


def next_date(month: int, day: int, today: date, *, after_today: bool = False) -> date:
    """The next `day`/`month` on or after `today` (strictly after it with `after_today`)."""
    candidate = date(today.year, month, day)
    if candidate < today or (after_today and candidate == today):
        candidate = date(today.year + 1, month, day)
    return candidate


def previous_date(month: int, day: int, today: date) -> date:
    """The last `day`/`month` strictly before `today`."""
    candidate = date(today.year, month, day)
    return candidate if candidate < today else date(today.year - 1, month, day)


def heading(text: str) -> Block:
    return ("heading", text)


def paragraph(*texts: str) -> Block:
    return ("paragraph", paragraphs(*texts))


# --- Taxonomy snippets -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DegreeTypeData:
    slug: str
    name: str
    abbreviation: str


@dataclass(frozen=True)
class SubjectAreaData:
    slug: str
    name: str


@dataclass(frozen=True)
class LanguageTestData:
    name: str
    scale: str


@dataclass(frozen=True)
class PartnerInstitutionData:
    name: str
    city: str
    country: str
    website: str


MSC = DegreeTypeData(slug="msc", name="Master of Science", abbreviation="MSc")
ADVANCED_MASTER = DegreeTypeData(slug="advanced-master", name="Advanced Master", abbreviation="Adv. Master")
DEGREE_TYPES = [MSC, ADVANCED_MASTER]

PUBLIC_POLICY = SubjectAreaData(slug="public-policy", name="Public Policy")
SOCIAL_SECURITY = SubjectAreaData(slug="social-security", name="Social Security")
BIOMEDICAL_SCIENCES = SubjectAreaData(slug="biomedical-sciences", name="Biomedical Sciences")
SUBJECT_AREAS = [PUBLIC_POLICY, SOCIAL_SECURITY, BIOMEDICAL_SCIENCES]

# Seed 001 gives its language minimums as three bare scores, "84+ 7+ 100+", without test names. The portal reads
# them in the aggregator's usual order: TOEFL iBT, IELTS Academic, then Duolingo English Test (the only common
# test whose 10–160 scale fits 100).
TOEFL_IBT = LanguageTestData(name="TOEFL iBT", scale="0–120")
IELTS_ACADEMIC = LanguageTestData(name="IELTS Academic", scale="band 0–9")
DUOLINGO = LanguageTestData(name="Duolingo English Test", scale="10–160")
LANGUAGE_TESTS = [TOEFL_IBT, IELTS_ACADEMIC, DUOLINGO]

# The three universities that jointly organise the Erasmus Mundus PSIE programme (seed 001: "jointly organized by
# three universities"; their names and websites are not in the seed).
KU_LEUVEN = PartnerInstitutionData(
    name="KU Leuven", city="Leuven", country="Belgium", website="https://www.kuleuven.be"
)
TALTECH = PartnerInstitutionData(
    name="Tallinn University of Technology (TalTech)", city="Tallinn", country="Estonia", website="https://taltech.ee"
)
MUNSTER = PartnerInstitutionData(
    name="University of Münster", city="Münster", country="Germany", website="https://www.uni-muenster.de"
)
PARTNER_INSTITUTIONS = [KU_LEUVEN, TALTECH, MUNSTER]


# --- Pages -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexPageData:
    slug: str
    title: str
    summary: str
    intro: str
    show_in_menus: bool = True


@dataclass(frozen=True)
class StandardPageData:
    slug: str
    title: str
    summary: str
    body: list[Block]
    show_in_menus: bool = False


@dataclass(frozen=True)
class SchoolData:
    slug: str
    title: str
    summary: str
    about: str
    website: str
    address: str
    postgraduate_programme_count: int
    logo_title: str


@dataclass(frozen=True)
class IntakeData:
    start_month: int
    note: str = ""


@dataclass(frozen=True)
class DeadlineData:
    """A yearly deadline: the seed's day and month, placed in the coming intake's cycle when the demo is loaded."""

    month: int
    day: int
    applicant_group: str = "All applicants"

    def date_for(self, today: date) -> date:
        """The next occurrence on or after `today`, so the deadline is open on the day the demo is loaded."""
        return next_date(self.month, self.day, today)


@dataclass(frozen=True)
class QualifyingDegreeData:
    name: str
    campuses: str = ""


@dataclass(frozen=True)
class LanguageMinimumData:
    test: LanguageTestData
    minimum_score: Decimal


@dataclass(frozen=True)
class ProgrammeData:
    seed: str
    slug: str
    title: str
    summary: str
    degree_type: DegreeTypeData
    study_level: str  # a ProgrammePage.StudyLevel value
    subject_areas: list[SubjectAreaData]
    ects_credits: int
    duration_months: int
    study_mode: str  # a ProgrammePage.StudyMode value
    pace: str  # a ProgrammePage.Pace value
    teaching_languages: list[str]  # TeachingLanguage codes
    location: str
    intakes: list[IntakeData]
    description: list[Block]
    strengths: list[str]
    programme_url: str
    deadlines: list[DeadlineData] = field(default_factory=list)
    curriculum: str = ""
    admission_requirements: str = ""
    qualifying_degrees_intro: str = ""
    qualifying_degrees: list[QualifyingDegreeData] = field(default_factory=list)
    language_minimums: list[LanguageMinimumData] = field(default_factory=list)
    language_requirements: str = ""
    career_opportunities: str = ""
    scholarships: str = ""
    partner_institutions: list[PartnerInstitutionData] = field(default_factory=list)
    last_reviewed: date | None = None


@dataclass(frozen=True)
class EventData:
    """A yearly event, held on `day`/`month` in Brussels time: the next occurrence after the day the demo is loaded,
    or with `upcoming=False` the last one before it."""

    slug: str
    title: str
    summary: str
    month: int
    day: int
    starts: time
    ends: time
    attendance_mode: str  # an EventPage.AttendanceMode value
    status: str  # an EventPage.Status value
    online_url: str
    registration_url: str
    description: str
    related_programmes: list[ProgrammeData]
    upcoming: bool = True
    venue: str = ""
    address: str = ""
    # Sign-up on the portal (registrations/): the RegistrationSettings fields, e.g. {"capacity": 300}; None: none.
    registration: dict | None = None

    def day_for(self, today: date) -> date:
        if self.upcoming:
            return next_date(self.month, self.day, today, after_today=True)
        return previous_date(self.month, self.day, today)

    def start_for(self, today: date) -> datetime:
        return datetime.combine(self.day_for(today), self.starts, tzinfo=BRUSSELS)

    def end_for(self, today: date) -> datetime:
        return datetime.combine(self.day_for(today), self.ends, tzinfo=BRUSSELS)


HOME_TITLE = "Find your master’s programme at KU Leuven"
HOME_SLUG = "home"
HOME_SUMMARY = "Find and compare postgraduate programmes at KU Leuven and sign up for open days."
HOME_INTRO = paragraphs(
    "Find a master’s or advanced master’s programme at KU Leuven, compare the facts that matter to you, "
    "and meet the university at one of its open days."
)

PROGRAMME_INDEX = IndexPageData(
    slug="programmes",
    title="Programmes",
    summary="Every programme on the portal, filterable by subject, degree, study mode and language.",
    intro=paragraphs("Filter the programmes by subject area, degree, study mode or teaching language."),
)
EVENT_INDEX = IndexPageData(
    slug="events",
    title="Events",
    summary="Open days and information sessions, on campus and online.",
    intro=paragraphs("Meet our schools at an open day or an information session, on campus or online."),
)
SCHOOL_INDEX = IndexPageData(
    slug="schools",
    title="Schools",
    summary="The schools and faculties whose programmes are on this portal.",
    intro=paragraphs("The schools and faculties whose programmes you can find on this portal."),
)

# Placeholder contact addresses for the demo; replace them with real mailboxes before launch.
ACCESSIBILITY_EMAIL = "accessibility@example.org"
PRIVACY_EMAIL = "privacy@example.org"

STANDARD_PAGES = [
    StandardPageData(
        slug="about",
        title="About this portal",
        summary="What this portal is, where its facts come from and how to check them.",
        show_in_menus=True,
        body=[
            paragraph(
                "This portal presents the postgraduate programmes of KU Leuven in one place, so that you can find "
                "and compare them, and sign up for open days and information sessions.",
                "Each programme page gives the key facts in the same order: the degree, credits and duration, how "
                "and where it is taught, when it starts, admission requirements and deadlines. Every page shows "
                "when its facts were last reviewed; check the programme’s page on the university’s own website "
                "before you apply.",
            ),
            heading("Who runs it"),
            paragraph(
                "The schools edit their own programme and event pages. The portal team looks after the rest of the "
                "site."
            ),
        ],
    ),
    StandardPageData(
        slug="accessibility",
        title="Accessibility statement",
        summary="How accessible this portal is, and how to report a problem.",
        body=[
            heading("Our commitment"),
            paragraph(
                "We want everyone to be able to use this portal. We aim to meet the Web Content Accessibility "
                "Guidelines (WCAG) 2.2 at level AA on every page."
            ),
            heading("What you can expect"),
            (
                "paragraph",
                bullets(
                    "You can reach and use everything with a keyboard alone.",
                    "Pages work with screen readers and have headings, landmarks and a skip link.",
                    "You can zoom text up to 200% and pages reflow down to a narrow screen without losing content.",
                    "Text and controls meet the WCAG contrast minimums.",
                    "Content does not depend on colour, sound or motion alone.",
                ),
            ),
            heading("How we test"),
            paragraph(
                "We check every page type with automated accessibility tests (axe-core) on each change, and by hand "
                "with a keyboard and a screen reader."
            ),
            heading("Report a problem"),
            (
                "paragraph",
                "<p>If something on this portal is hard or impossible for you to use, please tell us. Email "
                f'<a href="mailto:{ACCESSIBILITY_EMAIL}">{ACCESSIBILITY_EMAIL}</a> with the address of the page '
                "and what went wrong. We reply within five working days, and we can send you the information in "
                "another format in the meantime.</p>",
            ),
        ],
    ),
    StandardPageData(
        slug="privacy",
        title="Privacy",
        summary="What this portal records about visitors, and why.",
        body=[
            paragraph(
                "You can use this portal without an account. We do not use advertising or tracking cookies, and we "
                "do not sell or share information about visitors."
            ),
            heading("What we record"),
            paragraph(
                "Our web servers keep standard access logs (time, page, browser and IP address) for up to 30 days, to "
                "keep the site secure and running. Staff who sign in to edit the portal get a session cookie."
            ),
            heading("Event registration"),
            paragraph(
                "When you sign up for an event on this portal, we keep your name, e-mail address, the programmes you "
                "are interested in and how you heard about us, to organise the event and to e-mail you the "
                "confirmation, a reminder and any change of your place on the waiting list. Staff of the school "
                "that organises the event see them. You can cancel at any time through the link in your e-mail, "
                "which deletes your details at once; otherwise your name and e-mail address are deleted 30 days "
                "after the event, leaving only anonymous counts."
            ),
            paragraph("Registration links for events may lead to another website, which has its own privacy notice."),
            heading("Questions"),
            (
                "paragraph",
                "<p>Write to "
                f'<a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a> with any question about your data.</p>',
            ),
        ],
    ),
]

# "About the School" in seed 002 (seed 000's "About the School" is the open day notice, see ONLINE_OPEN_DAY).
KU_LEUVEN_SCHOOL = SchoolData(
    slug="ku-leuven",
    title="KU Leuven",
    summary="KU Leuven is an institution for research and education with international appeal.",
    about=paragraphs(
        "KU Leuven is an institution for research and education with international appeal. All programmes at this "
        "University are based on the innovative research of its scientists and professors and are ranked among the "
        "top 100 in the world."
    ),
    website="https://www.kuleuven.be",
    # Not in the seeds: the university's official address.
    address="Oude Markt 13\n3000 Leuven\nBelgium",
    # Seed 001: "More programmes from the university — Postgrad Programmes 105".
    postgraduate_programme_count=105,
    logo_title="KU Leuven logo",
)


# --- Seed 000: Master of European Social Security -----------------------------------------------------------------

EUROPEAN_SOCIAL_SECURITY = ProgrammeData(
    seed="000_082c411eb4d885bf.txt",
    slug="master-of-european-social-security",
    title="Master of European Social Security",
    summary=(
        "A one-year advanced master (60 ECTS) on Europe’s social security systems and the role of the European "
        "Union. Blended: condensed in-person weeks in Leuven, the rest online, with an internship in a social "
        "security institution."
    ),
    degree_type=ADVANCED_MASTER,
    study_level="advanced_master",
    subject_areas=[SOCIAL_SECURITY],
    ects_credits=60,
    # "starting with a summer school in August and concluding in July the following academic year".
    duration_months=12,
    study_mode="blended",
    # The seed does not state the pace; 60 ECTS in twelve months is a full-time load.
    pace="full_time",
    teaching_languages=["en"],
    location="Leuven, Belgium (and online)",
    intakes=[
        IntakeData(
            start_month=8,
            note="Starts with a summer school in August and ends in July of the following academic year",
        )
    ],
    description=[
        paragraph(
            "KU Leuven's Advanced Master of European Social Security gives you the opportunity to understand the "
            "many different approaches to social security that co-exist within the historic continent of Europe. At "
            "the same time, you will gain a better understanding of your own national system within the context of "
            "the wider continental picture. The programme also includes a careful, in-depth study of the role of "
            "international bodies such as the European Union.",
            "As a student of the program, you’ll become part of an international network of experts in the field of "
            "social security. Students come from various European countries and beyond and have different academic "
            "backgrounds and motives for participation. The teaching staff consists of renowned professors from KU "
            "Leuven and other European universities specialising in various disciplines related to social security.",
        ),
        heading("Programme structure and internship"),
        paragraph(
            "The program comprises 60 ECTS, starting with a summer school in August and concluding in July the "
            "following academic year.",
            "During the Master of European Social Security, your academic skills will be developed and challenged "
            "through the experience of an internship in a social security institution or organisation. Through our "
            "partnerships you can take on an internship position in proportion to your own level of experience and "
            "field of expertise, focusing either on practice or research.",
        ),
        heading("Teaching format"),
        paragraph(
            "The in-person classes and workshops, held in Leuven (Belgium), are condensed together into a limited "
            "number of weeks. The remaining coursework is completed via a digital learning platform. The platform "
            "connects you to Europe's best lecturers, who guide you through their specially designed course "
            "materials remotely."
        ),
    ],
    strengths=[
        "The unique teaching format offers you the best of both worlds: an authentic university experience at one "
        "of Europe's foremost universities and the flexibility to complete the majority of the program from home.",
        "Throughout the program, you will be connected to a unique international network of universities and be in "
        "contact with teaching staff and fellow participants from all over Europe.",
        "The multidisciplinary and multinational approach will broaden your perspective and will help you look at "
        "problems from a new angle. This alternative approach develops your ability to adapt to new situations and "
        "will be highly valuable throughout your professional career.",
    ],
    # Not in the seed (it only links to "the institution's website").
    programme_url="https://www.kuleuven.be/programmes/advanced-master-european-social-security",
    last_reviewed=date(2020, 8, 1),  # "Last updated Aug 2020"
)


# --- Seed 001: Erasmus Mundus MSc in Public Sector Innovation and eGovernance -------------------------------------

# The seed's list, verbatim: degree name, then the campuses in parentheses.
PSIE_QUALIFYING_DEGREE_LINES = [
    "Bachelor handelsingenieur (Brussel,  Leuven)",
    "Bachelor handelsingenieur in de beleidsinformatica (Leuven)",
    "Bachelor in de communicatiewetenschappen (Leuven)",
    "Bachelor in de economische wetenschappen (Leuven)",
    "Bachelor in de ingenieurswetenschappen (Leuven)",
    "Bachelor in de politieke wetenschappen en de sociologie (Leuven)",
    "Bachelor in de rechten (Brussel,  Kortrijk,  Leuven)",
    "Bachelor in de rechten (Hasselt)",
    "Bachelor in de toegepaste economische wetenschappen (Kortrijk,  Leuven)",
    "Bachelor of Business Administration (Brussel)",
    "Bachelor of Business Engineering (Brussel)",
    "Master handelsingenieur (Leuven)",
    "Master handelsingenieur in de beleidsinformatica (Leuven)",
    "Master in de Europese studies: transnationale en mondiale perspectieven (Leuven)",
    "Master in de communicatiewetenschappen (Leuven)",
    "Master in de economie, het recht en de bedrijfskunde (Leuven)",
    "Master in de economische wetenschappen (Leuven)",
    "Master in de ingenieurswetenschappen: computerwetenschappen (Leuven)",
    "Master in de politieke wetenschappen (Leuven)",
    "Master in de rechten (Leuven)",
    "Master in de rechten (Hasselt)",
    "Master in de sociologie (Leuven)",
    "Master in de toegepaste economische wetenschappen (Leuven)",
    "Master in het informatiemanagement (Leuven)",
    "Master in het publiek management en beleid (Leuven)",
    "Master of Business Administration (Antwerpen)",
    "Master of Business Administration (Brussel)",
    "Master of Business Economics (Leuven)",
    "Master of Business Engineering (Leuven)",
    "Master of Business and Information Systems Engineering (Leuven)",
    "Master of Communication Sciences: Digital Media and Society (Leuven)",
    "Master of Economics (Leuven)",
    "Master of Engineering: Computer Science (Leuven)",
    "Master of European Studies: Transnational and Global Perspectives (Leuven)",
    "Master of Information Management (Leuven)",
    "Master of International Politics (Leuven)",
    "Master of Law (Leuven)",
    "Master of Management Engineering (Brussel)",
    "Master of Sociology (Leuven)",
]


def parse_qualifying_degree(line: str) -> QualifyingDegreeData:
    """Split "Bachelor in de rechten (Brussel,  Kortrijk,  Leuven)" into the name and "Brussel, Kortrijk, Leuven"."""
    match = re.fullmatch(r"(?P<name>.+?)\s*\((?P<campuses>[^()]*)\)", line.strip())
    if not match:
        return QualifyingDegreeData(name=line.strip())
    campuses = ", ".join(part.strip() for part in match["campuses"].split(","))
    return QualifyingDegreeData(name=match["name"], campuses=campuses)


PUBLIC_SECTOR_INNOVATION = ProgrammeData(
    seed="001_3054ecca865f6e34.txt",
    slug="erasmus-mundus-msc-public-sector-innovation-and-egovernance",
    title="Erasmus Mundus Master of Science in Public Sector Innovation and eGovernance",
    summary=(
        "A two-year Erasmus Mundus MSc (120 ECTS), jointly organised by KU Leuven, TalTech and the University of "
        "Münster, that combines public administration and public management with information systems and "
        "eGovernance."
    ),
    degree_type=MSC,
    study_level="master",
    subject_areas=[PUBLIC_POLICY],
    ects_credits=120,
    duration_months=24,
    study_mode="on_campus",
    # The seed does not state the pace; 120 ECTS in 24 months is a full-time load.
    pace="full_time",
    teaching_languages=["en"],
    location="Leuven, Belgium; Tallinn, Estonia; Münster, Germany",
    intakes=[IntakeData(start_month=9)],
    # The seed lists 01 Jul 2026 as the application deadline (the demo places 1 July in the coming intake's cycle), and in detail under "Students with a degree obtained
    # at an institution outside the Flemish Community"; students with a Flemish degree are admitted "after
    # admissions procedure", with no date given. So the one deadline belongs to that group.
    deadlines=[
        DeadlineData(
            month=7,
            day=1,
            applicant_group="Students with a degree obtained at an institution outside the Flemish Community",
        )
    ],
    description=[
        paragraph(
            "Responding to the growing need for professionals in eGovernance and digitalization in the public "
            "sector, this unique, interuniversity and interdisciplinary programme empowers students to become "
            "specialists that combine competencies on public administration and public management with expertise on "
            "information systems and eGovernance.",
            "The public sector needs interdisciplinary expertise to be able to fully benefit from the potential of "
            "ICT and technological innovations. Within a context wherein ICT becomes increasingly important for the "
            "modernization and innovation of the public sector, the sector itself needs experts (1) who are able to "
            "translate technological expertise into efficiency, effectiveness, performance and user needs, and (2) "
            "who are able to take into account organizational, cultural, social and structural peculiarities of the "
            "public sector when implementing new technologies.",
            "Experience our excellent research-based education in an international student group, providing you all "
            "the opportunities for a rich learning experience. A specific focus is placed on the use of case "
            "studies; the emphasis is placed on how new problems in the field of public administration and public "
            "policy can be solved through the use of (technological) innovations. Moreover, specific courses are "
            "built to help you increase your international experience and interdisciplinary expertise. Added value "
            "is created by giving attention to the practical challenges of professionals in policy, administrative "
            "and consultative functions.",
        ),
    ],
    strengths=[
        "The Erasmus Mundus Master of Science in Public Sector Innovation and eGovernance programme aims at providing "
        "students with specialised competencies about public sector innovation and the role of ICT and technological "
        "evolutions in the innovation process.",
        "A unique Erasmus Mundus programme, subsidised by the Education, Audiovisual and Culture Executive Agency of "
        "the European Commission (EACEA).",
        "An interdisciplinary programme combining the expertise of the fields of public administration, public "
        "management, information systems and eGovernance.",
        "An international initial Master’s programme of 120 ECTS, jointly organized by three universities",
    ],
    admission_requirements=paragraphs(
        "Students with a degree obtained at an institution of the Flemish Community: after admissions procedure.",
        "Academic requirements: the degrees listed, or similar degrees, obtained in the Flemish Community.",
        "Applications from candidates with a degree from other disciplines than the ones mentioned, may be taken "
        "into consideration if professional experience in the field of study is demonstrated.",
    ),
    qualifying_degrees_intro=(
        "On the basis of the following degrees, or similar degrees, obtained at an institution of the Flemish "
        "Community:"
    ),
    qualifying_degrees=[parse_qualifying_degree(line) for line in PSIE_QUALIFYING_DEGREE_LINES],
    # "84+ 7+ 100+", see the note at LANGUAGE_TESTS.
    language_minimums=[
        LanguageMinimumData(test=TOEFL_IBT, minimum_score=Decimal("84")),
        LanguageMinimumData(test=IELTS_ACADEMIC, minimum_score=Decimal("7")),
        LanguageMinimumData(test=DUOLINGO, minimum_score=Decimal("100")),
    ],
    language_requirements=paragraphs(
        "As the Master of Science in Public Sector Innovation and eGovernance is taught in English, applicants are "
        "required to demonstrate proficiency in the English language by submitting an English proficiency test. "
        "Students who obtained their secondary school diploma or academic degree in English in one of the "
        "following countries can be exempted from this requirement: Australia, English-speaking Canada, Ireland, "
        "New Zealand, the United Kingdom or the United States of America. If you obtained your diploma in a country "
        "other than those mentioned above, you must submit one of the accepted tests, even if your studies were in "
        "English or the administrative language of the country is English."
    ),
    # Not in the seed: its "Scholarships" section is the aggregator's generic filler text, so the portal gives the
    # general guidance that holds for every Erasmus Mundus Joint Master instead.
    scholarships=paragraphs(
        "As an Erasmus Mundus Joint Master, this programme can award scholarships funded by the European Union to "
        "the best-ranked applicants. A scholarship covers the participation costs, travel and installation costs, "
        "and a monthly allowance for the whole two-year programme.",
        "You apply for the scholarship in the same application as for the programme, before the application "
        "deadline: no separate form is needed. The consortium of the three universities ranks all applicants on "
        "their academic record and motivation.",
        "If you do not receive an Erasmus Mundus scholarship, you can still be admitted as a self-funded student. "
        "Ask the programme about other grants, such as those of KU Leuven or of your own country, and check the "
        "programme’s website for this year’s amounts and conditions.",
    ),
    partner_institutions=[KU_LEUVEN, TALTECH, MUNSTER],
    # Not in the seed.
    programme_url="https://www.kuleuven.be/programmes/master-public-sector-innovation-egovernance",
)


# --- Seed 002: Master of Biomedical Sciences ----------------------------------------------------------------------

BIOMEDICAL = ProgrammeData(
    seed="002_77e6f8a578c031c2.txt",
    slug="master-of-biomedical-sciences",
    title="Master of Biomedical Sciences",
    summary=(
        "A two-year research master (120 ECTS) that prepares biomedical scientists for research on human health "
        "and disease in academic and pharmaceutical laboratories, with an individually tailored curriculum and an "
        "international exchange."
    ),
    degree_type=MSC,
    study_level="master",
    subject_areas=[BIOMEDICAL_SCIENCES],
    # Not in the seed: KU Leuven's published figures for this master (120 ECTS over two years, full time, on
    # campus in Leuven, taught in English, starting in September).
    ects_credits=120,
    duration_months=24,
    study_mode="on_campus",
    pace="full_time",
    teaching_languages=["en"],
    location="Leuven, Belgium",
    intakes=[IntakeData(start_month=9)],
    description=[
        paragraph(
            # The seed reads "have delivered deliver"; the doubled verb is dropped.
            "Biomedical sciences have experienced a spectacular evolution during the past decades, and the "
            "laboratories at KU Leuven and University Hospital Gasthuisberg have delivered cutting edge work in the "
            "field of disease management, prevention, and the development of new therapies. Understanding the human "
            "body in its healthy and diseased state is an early stepping-stone to evolving new tools for improving "
            "longevity and quality of life."
        ),
        heading("What is the program all about?"),
        paragraph(
            "The Master of Biomedical Sciences (Leuven) program provides exceptional preparation for researchers, and "
            "those seeking an optimal scientific biomedical background in order to work or teach in the critical "
            "areas of human disease and health.",
            "Biomedical scientists will be expertly prepared for a career of exciting scientific research in "
            "academic or pharmaceutical laboratories dedicated to improving knowledge of human health, and finding "
            "prevention strategies and cures for diseases.",
            "The individually tailored curriculum allows you to focus on the areas you want to explore in greater "
            "depth. You will be taught by biomedical and clinical researchers active in the field, keeping you "
            "closely involved and up-to-date with the latest developments.",
        ),
        heading("Why study this program?"),
        paragraph(
            "Graduates of this Master’s program will be fully equipped to solve critical biomedical challenges, "
            "whether it be as part of a group or individually."
        ),
        heading("Is this the right program for me?"),
        paragraph(
            "Prospective students interested in the master of Biomedical sciences should be well versed in the "
            "workings of the human body, and have a wish to work on the frontline of the ongoing battle for a better "
            "understanding of human health and diseases. Are you willing to dedicate your career to applying "
            "biomedical knowledge in order to improve the prevention of disease and develop effective treatments? If "
            "so, then this Master’s program is perfect for you."
        ),
    ],
    # The bullets under "Why study this program?".
    strengths=[
        "The international exchange program is key to opening mindsets to global solutions in health and disease, "
        "and by doing scientific research in a domestic or foreign laboratory, you will strengthen your scientific "
        "skills and learn the latest scientific methods.",
        "Graduates can expect to embark on international-level careers in diverse areas.",
        "All of these skills and accumulated knowledge will be applied in your final master's thesis.",
    ],
    curriculum=paragraphs(
        "The main goal of the curriculum is to train researchers in biomedical sciences by providing a rigorous "
        "scientific training based on the acquisition of knowledge, the collection and interpretation of "
        "information and the use of modern research techniques. This is expected to stimulate the critical thinking "
        "and independence required to address a specific research question related to (dis)function of the human "
        "body and its interaction with the environment. Furthermore, the curriculum provides broad, intellectually "
        "rigorous training allowing for a wide array of job opportunities in the industry, research centers, and "
        "society.",
        "The aims of the curriculum follow the educational principles of KU Leuven, important among which is the "
        "independence of the student. For the acquisition of knowledge, the university uses its own high-quality "
        "interdisciplinary scientific research. KU Leuven aims to be a center of critical thinking where, in "
        "addition to factual knowledge, people are stimulated to identify, define and solve problems.",
        "The quality of the curriculum is guaranteed due to the strong interconnection between education and "
        "research in the Biomedical Sciences in the broadest sense. The faculty commits itself to a future-oriented "
        "educational project in an academic setting that is at once intellectually stimulating, socially supportive "
        "and student-friendly.",
    ),
    # In the seed this sentence closes "Is this the right program for me?"; it is about admission.
    admission_requirements=paragraphs(
        "For a complete list of prerequisite knowledge areas and a more thorough understanding of the International "
        "Committee’s evaluation process, please visit the faculty website where you will find more detailed "
        "information about the requirements of the program."
    ),
    career_opportunities=(
        paragraphs(
            "Careers of biomedical scientists often have an international dimension and will touch on very diverse "
            "aspects of human health. Biomedical scientists are prepared for a personal career full of scientific "
            "research, and move into academic or pharmaceutical laboratories to contribute to a better understanding "
            "of human health and finding prevention strategies and cures for diseases."
        )
        + "<h3>Start your career, during your studies</h3>"
        + paragraphs(
            "During your bachelor's and master's program you can already shape your career path by choosing a "
            "certain specialization, studying abroad (Erasmus), doing a work placement, or starting your own "
            "business.",
            "The Student Career Center is happy to put you on the right track towards your first work experience. "
            "The center also coaches you in the search for an interesting job and helps you with job interviews. For "
            "students wanting to start their own business KU Leuven also has Lcie, the KU Leuven community that "
            "encourages students with innovative and entrepreneurial ideas.",
            "Don’t know where to start? The Student Career Center's databases contain offers for jobs, volunteer "
            "work, innovation projects, and student jobs. You can also visit one of the events organized by the "
            "Career Center.",
        )
    ),
    # Not in the seed.
    programme_url="https://www.kuleuven.be/programmes/master-biomedical-sciences",
    last_reviewed=date(2020, 3, 1),  # "Last updated Mar 2020"
)

PROGRAMMES = [EUROPEAN_SOCIAL_SECURITY, PUBLIC_SECTOR_INNOVATION, BIOMEDICAL]


# --- Events -----------------------------------------------------------------------------------------------------

# The seed says only "KU Leuven will host an online open day on 1 december". The demo keeps the day and month and
# places it on the next 1 December after the day `load_demo` runs, so the demo never shows a past open day; the hours
# and links are the portal's own.
ONLINE_OPEN_DAY = EventData(
    slug="online-open-day",
    title="Online open day",
    summary="KU Leuven will host an online open day on 1 December.",
    month=12,
    day=1,
    starts=time(10, 0),
    ends=time(16, 0),
    attendance_mode="online",
    status="scheduled",
    online_url="https://www.kuleuven.be/open-day",
    registration_url="",
    registration={"enabled": True, "capacity": 300},
    description=(
        "<p>KU Leuven will host an online open day on 1 December. For more information, please visit "
        '<a href="https://www.kuleuven.be">the school’s website</a>.</p>'
    ),
    related_programmes=PROGRAMMES,
)

# Not in the seeds: two more events of the portal's own, one upcoming and one past, so that every listing shows
# both kinds.
CAMPUS_INFORMATION_DAY = EventData(
    slug="campus-information-day",
    title="Master’s information day on campus",
    summary="Meet the programme coordinators and current students in Leuven.",
    month=3,
    day=7,
    starts=time(13, 0),
    ends=time(17, 0),
    attendance_mode="on_campus",
    status="scheduled",
    online_url="",
    registration_url="",
    registration={"enabled": True, "capacity": 12},
    description="<p>Meet the coordinators of the master’s programmes and ask current students about their studies.</p>",
    related_programmes=[PUBLIC_SECTOR_INNOVATION, BIOMEDICAL],
    venue="Auditorium Maximilianum",
    address="Tiensestraat 41\n3000 Leuven\nBelgium",
)
BIOMEDICAL_WEBINAR = EventData(
    slug="biomedical-sciences-webinar",
    title="Webinar: Master of Biomedical Sciences",
    summary="An hour with the programme director about the curriculum, the research labs and admission.",
    month=10,
    day=15,
    starts=time(17, 0),
    ends=time(18, 0),
    attendance_mode="online",
    status="scheduled",
    online_url="https://www.kuleuven.be/open-day/webinars",
    registration_url="",
    description="<p>The programme director presents the curriculum, the research labs and how to apply.</p>",
    related_programmes=[BIOMEDICAL],
    upcoming=False,
)

EVENTS = [ONLINE_OPEN_DAY, CAMPUS_INFORMATION_DAY, BIOMEDICAL_WEBINAR]
