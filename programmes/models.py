"""Programme pages, the programme finder page, and the taxonomy snippets they are described with."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site, TranslatableMixin
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import BasePage
from core.visibility import public

MONTH_CHOICES = list(MONTHS.items())
RICH_TEXT = ["bold", "italic", "link", "ul", "ol", "h3"]


class SubjectArea(TranslatableMixin, models.Model):
    name = models.CharField(max_length=100, help_text="e.g. Public Policy, Biomedical Sciences.")
    slug = models.SlugField(max_length=100, help_text="Used in finder links; lowercase letters, digits and hyphens.")

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_subject_area_slug")]

    def __str__(self):
        return self.name


class DegreeType(TranslatableMixin, models.Model):
    name = models.CharField(max_length=100, help_text="The degree awarded, e.g. Master of Science.")
    abbreviation = models.CharField(max_length=20, help_text="Short form shown in listings, e.g. MSc.")
    slug = models.SlugField(max_length=100)

    panels = [FieldPanel("name"), FieldPanel("abbreviation"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_degree_type_slug")]

    def __str__(self):
        return self.abbreviation


class LanguageTest(TranslatableMixin, models.Model):
    name = models.CharField(max_length=100, help_text="e.g. TOEFL iBT, IELTS Academic.")
    scale = models.CharField(max_length=60, blank=True, help_text="The score range, e.g. 0–120 or band 0–9.")

    panels = [FieldPanel("name"), FieldPanel("scale")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnerInstitution(TranslatableMixin, models.Model):
    name = models.CharField(max_length=150)
    city = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=80, blank=True)
    website = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldRowPanel([FieldPanel("city"), FieldPanel("country")]), FieldPanel("website")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.country})" if self.country else self.name


class ProgrammeIndexPage(BasePage):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count_per_parent = 1  # one per language tree (its home page)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from .finder import Finder

        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        finder = Finder(request.GET, site.root_page if site else self.get_parent())
        context["finder"] = finder
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # A search the finder cannot run (e.g. far too long) still gets the page and a message, but not a 200.
        finder = (getattr(response, "context_data", None) or {}).get("finder")
        if finder is not None and finder.has_errors:
            response.status_code = 400
        return response


class ProgrammePage(BasePage):
    # The same in every language: copied from the English page to its translations when it is published
    # (core/synchronised.py); read-only in a translation's editor.
    synchronised_fields = [
        "degree_type",
        "study_level",
        "subject_areas",
        "ects_credits",
        "duration_months",
        "study_mode",
        "pace",
        "teaching_languages",
        "hero_image",
        "partner_institutions",
        "intakes",
        "deadlines",
        "tuition_fees",
        "qualifying_degrees",
        "language_minimums",
        "programme_url",
        "last_reviewed",
    ]

    class StudyLevel(models.TextChoices):
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master")
        ADVANCED_MASTER = "advanced_master", _("Advanced master (postgraduate)")
        DOCTORATE = "doctorate", _("Doctorate")

    class StudyMode(models.TextChoices):
        ON_CAMPUS = "on_campus", _("On campus")
        ONLINE = "online", _("Online")
        BLENDED = "blended", _("Blended (on campus and online)")

    class Pace(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        FLEXIBLE = "flexible", _("Full or part time")

    degree_type = models.ForeignKey(
        DegreeType, null=True, on_delete=models.PROTECT, related_name="+", help_text="The degree students receive."
    )
    study_level = models.CharField(max_length=20, choices=StudyLevel, default=StudyLevel.MASTER)
    subject_areas = ParentalManyToManyField(
        SubjectArea, blank=True, help_text="The main subject area first; students filter the finder by these."
    )
    ects_credits = models.PositiveSmallIntegerField(
        "ECTS credits", validators=[MinValueValidator(1), MaxValueValidator(480)], help_text="e.g. 60 or 120."
    )
    duration_months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(96)], help_text="Nominal length in months, e.g. 24."
    )
    study_mode = models.CharField(max_length=20, choices=StudyMode, default=StudyMode.ON_CAMPUS)
    pace = models.CharField(max_length=20, choices=Pace, default=Pace.FULL_TIME)
    location = models.CharField(max_length=150, blank=True, help_text="Where teaching happens, e.g. “Leuven, Belgium”.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = StreamField(BodyBlock(), blank=True, help_text="What the programme is about, in sections.")
    curriculum = RichTextField(blank=True, features=RICH_TEXT, help_text="Aims and structure of the curriculum.")
    admission_requirements = RichTextField(
        blank=True, features=RICH_TEXT, help_text="Academic requirements and how admission is decided."
    )
    qualifying_degrees_intro = models.CharField(
        max_length=255,
        blank=True,
        help_text="The sentence above the list of qualifying degrees, e.g. which institutions they must come from.",
    )
    language_requirements = RichTextField(
        blank=True, features=RICH_TEXT, help_text="Language proficiency rules and exemptions, in words."
    )
    career_opportunities = RichTextField(blank=True, features=RICH_TEXT)
    scholarships = RichTextField(blank=True, features=RICH_TEXT, help_text="Funding students can apply for.")
    partner_institutions = ParentalManyToManyField(
        PartnerInstitution, blank=True, help_text="For joint programmes: the universities that co-organise it."
    )
    programme_url = models.URLField(
        "institution's programme page", blank=True, help_text="The programme's page on the university's own website."
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the facts on this page were last checked; shown to visitors."
    )

    # The main menu highlights this section, not the school the page sits under.
    menu_section = "programmes.ProgrammeIndexPage"
    parent_page_types = ["schools.SchoolPage"]
    subpage_types = []

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("curriculum"),
        index.SearchField("career_opportunities"),
        index.AutocompleteField("title"),
        index.FilterField("study_mode"),
        index.FilterField("study_level"),
        index.FilterField("degree_type"),
        index.FilterField("ects_credits"),
        index.FilterField("duration_months"),
        index.RelatedFields("subject_areas", [index.SearchField("name")]),
    ]

    key_facts_panels = [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("degree_type"), FieldPanel("study_level")]),
        FieldPanel("subject_areas"),
        FieldRowPanel([FieldPanel("ects_credits"), FieldPanel("duration_months")]),
        FieldRowPanel([FieldPanel("study_mode"), FieldPanel("pace")]),
        InlinePanel("teaching_languages", heading="Teaching languages", label="Language", min_num=1),
        FieldPanel("location"),
        FieldPanel("hero_image"),
    ]
    content_panels = Page.content_panels + key_facts_panels
    about_panels = [
        FieldPanel("description"),
        InlinePanel("strengths", heading="Programme strengths", label="Strength"),
        FieldPanel("curriculum"),
        FieldPanel("career_opportunities"),
        FieldPanel("partner_institutions"),
    ]
    admission_panels = [
        InlinePanel("intakes", heading="Intakes", label="Intake", min_num=1),
        InlinePanel("deadlines", heading="Application deadlines", label="Deadline"),
        FieldPanel("admission_requirements"),
        MultiFieldPanel(
            [FieldPanel("qualifying_degrees_intro"), InlinePanel("qualifying_degrees", label="Degree")],
            heading="Qualifying degrees",
        ),
        InlinePanel("language_minimums", heading="Language test minimum scores", label="Test"),
        FieldPanel("language_requirements"),
    ]
    cost_panels = [InlinePanel("tuition_fees", heading="Tuition fees", label="Fee"), FieldPanel("scholarships")]
    source_panels = [FieldPanel("programme_url"), FieldPanel("last_reviewed")]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Key facts"),
            ObjectList(about_panels, heading="About"),
            ObjectList(admission_panels, heading="Admission"),
            ObjectList(cost_panels, heading="Costs"),
            ObjectList(source_panels, heading="Source"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    facts_loaded = False  # set by `prepare_to_serve`: the facts below are in memory

    def prepare_to_serve(self):
        from .facts import load_facts

        load_facts(self)  # every fact the page and its structured data show, in one query

    def get_context(self, request, *args, **kwargs):
        if not getattr(request, "is_preview", False):  # a preview shows the editor's unsaved facts
            self.prepare_to_serve()  # a no-op when routing has loaded them already
        return super().get_context(request, *args, **kwargs)

    @classmethod
    def listing(cls):
        """Live public programmes with everything a result card shows, in a fixed number of queries."""
        return (
            public(cls.objects.live())
            .select_related("degree_type")
            .prefetch_related("teaching_languages", "intakes", "deadlines")
            .order_by("title")
        )

    def next_deadline(self, today=None):
        """The soonest deadline still open, or else the most recent one (closed). None when there are none."""
        today = today or timezone.localdate()
        deadlines = sorted(self.deadlines.all(), key=lambda d: d.date)
        upcoming = [d for d in deadlines if d.date >= today]
        if upcoming:
            return upcoming[0]
        return deadlines[-1] if deadlines else None

    def language_names(self):
        return ", ".join(language.get_language_display() for language in self.teaching_languages.all())

    def start_months(self):
        return ", ".join(intake.get_start_month_display() for intake in self.intakes.all())


class TeachingLanguage(Orderable):
    LANGUAGES = [
        ("en", _("English")),
        ("nl", _("Dutch")),
        ("fr", _("French")),
        ("de", _("German")),
        ("es", _("Spanish")),
    ]

    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="teaching_languages")
    language = models.CharField(max_length=5, choices=LANGUAGES, default="en")

    panels = [FieldPanel("language")]

    def __str__(self):
        return self.get_language_display()


class Intake(Orderable):
    synchronised_fields = ["start_month"]  # its note is translated
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="intakes")
    start_month = models.PositiveSmallIntegerField(choices=MONTH_CHOICES, help_text="The month teaching starts.")
    note = models.CharField(
        max_length=255, blank=True, help_text="Anything students should know, e.g. “starts with a summer school”."
    )

    panels = [FieldPanel("start_month"), FieldPanel("note")]

    def get_start_month_display(self):
        # Django's generic version rebuilds the choices dict on every call: ten times slower on a result page.
        return str(MONTHS.get(self.start_month, self.start_month))


class ApplicationDeadline(Orderable):
    synchronised_fields = ["date"]  # the applicant group's name is translated
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="deadlines")
    date = models.DateField(help_text="The last day applications are accepted.")
    applicant_group = models.CharField(
        max_length=150,
        default="All applicants",
        help_text="Who this deadline applies to, e.g. “Students with a degree from outside the Flemish Community”.",
    )

    panels = [FieldPanel("date"), FieldPanel("applicant_group")]

    def is_open(self, today=None):
        return self.date >= (today or timezone.localdate())


class TuitionFee(Orderable):
    class Period(models.TextChoices):
        YEAR = "year", _("per year")
        PROGRAMME = "programme", _("for the whole programme")

    synchronised_fields = ["amount", "currency", "period"]  # the applicant group's name is translated
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="tuition_fees")
    applicant_group = models.CharField(
        max_length=150, default="All students", help_text="Who pays this fee, e.g. “EEA students”."
    )
    amount = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="EUR", help_text="Three-letter ISO code, e.g. EUR.")
    period = models.CharField(max_length=20, choices=Period, default=Period.YEAR)

    panels = [
        FieldPanel("applicant_group"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("currency")]),
        FieldPanel("period"),
    ]


class QualifyingDegree(Orderable):
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="qualifying_degrees")
    name = models.CharField(max_length=200, help_text="e.g. Bachelor in de rechten.")
    campuses = models.CharField(max_length=200, blank=True, help_text="Where it is taught, e.g. “Brussel, Leuven”.")

    panels = [FieldPanel("name"), FieldPanel("campuses")]

    def __str__(self):
        return f"{self.name} ({self.campuses})" if self.campuses else self.name


class LanguageMinimum(Orderable):
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="language_minimums")
    test = models.ForeignKey(LanguageTest, on_delete=models.PROTECT, related_name="+")
    minimum_score = models.DecimalField(max_digits=5, decimal_places=1, help_text="The lowest accepted overall score.")

    panels = [FieldPanel("test"), FieldPanel("minimum_score")]


class ProgrammeStrength(Orderable):
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="strengths")
    text = models.TextField(help_text="One reason to choose this programme, in a sentence or two.")

    panels = [FieldPanel("text")]
