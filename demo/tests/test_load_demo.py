"""`manage.py load_demo` builds the demo site from the seed listings, and a second run changes nothing."""

import datetime
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from announcements.models import Announcement
from core.models import HomePage, StandardPage
from events.models import EventPage
from programmes.models import DegreeType, LanguageTest, PartnerInstitution, ProgrammePage, SubjectArea
from schools.models import SchoolPage

BRUSSELS = ZoneInfo("Europe/Brussels")
PSIE_SLUG = "erasmus-mundus-msc-public-sector-innovation-and-egovernance"
ENGLISH = {"locale__language_code": "en"}


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    models = [
        Page,
        Revision,
        get_image_model(),
        SubjectArea,
        DegreeType,
        LanguageTest,
        PartnerInstitution,
        Announcement,
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo(settings, tmp_path):
    """Run load_demo twice; return both outputs and the object counts after each run."""
    settings.MEDIA_ROOT = tmp_path
    first_output = load_demo()
    after_first = counts()
    second_output = load_demo()
    return {"first": first_output, "second": second_output, "after_first": after_first, "after_second": counts()}


def stream_text(stream_value):
    """A StreamField's raw content as one string, without rendering block templates."""
    return " ".join(str(block["value"]) for block in stream_value.raw_data)


def programme(slug):
    return ProgrammePage.objects.live().get(slug=slug, **ENGLISH)


@pytest.mark.django_db
def test_second_run_creates_nothing(demo):
    changed = [line for line in demo["second"].splitlines() if not line.startswith("Unchanged")]
    assert demo["after_first"] == demo["after_second"], changed
    # root, then in English and in Dutch: home, 3 indexes, 3 standard pages, school, 3 programmes, 3 events
    assert demo["after_first"]["Page"] == 1 + 2 * 14
    assert demo["after_first"]["Image"] == 1
    assert "Created programme “Master of Biomedical Sciences”" in demo["first"]
    assert "Unchanged programme “Master of Biomedical Sciences”" in demo["second"]
    assert "Created" not in demo["second"] and "Updated" not in demo["second"]
    assert "already up to date" in demo["second"]


@pytest.mark.django_db
def test_a_changed_fact_is_restored_with_one_new_revision(demo):
    page = programme("master-of-biomedical-sciences")
    page.ects_credits = 90
    page.save()
    revisions = Revision.objects.count()

    output = load_demo()

    assert "Updated programme “Master of Biomedical Sciences” (ects_credits)" in output
    assert programme("master-of-biomedical-sciences").ects_credits == 120
    assert Revision.objects.count() == revisions + 1, list(
        Revision.objects.order_by("-pk").values_list("object_str", "content_type__model")[:4]
    )


@pytest.mark.django_db
def test_home_page_replaces_the_welcome_page(demo):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("localhost", 80, "Leuven programme portal")
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    urls = {page.url for page in Page.objects.live().filter(depth__gt=1)}
    assert {
        "/en/",
        "/en/programmes/",
        "/en/events/",
        "/en/schools/",
        "/en/schools/ku-leuven/",
        "/en/about/",
        "/en/privacy/",
    } <= urls
    menu = set(Page.objects.live().in_menu().filter(**ENGLISH).values_list("title", flat=True))
    assert menu == {"Programmes", "Events", "Schools", "About this portal"}
    accessibility = StandardPage.objects.get(slug="accessibility", **ENGLISH)
    assert "WCAG) 2.2 at level AA" in stream_text(accessibility.body)
    assert "Report a problem" in stream_text(accessibility.body)


@pytest.mark.django_db
def test_school_page(demo):
    school = SchoolPage.objects.live().get(slug="ku-leuven", **ENGLISH)
    assert school.url == "/en/schools/ku-leuven/"
    assert school.about.startswith("<p>KU Leuven is an institution for research and education with international")
    assert school.website == "https://www.kuleuven.be"
    assert school.postgraduate_programme_count == 105
    assert school.logo.title == "KU Leuven logo" and school.logo.width > school.logo.height
    assert [p.title for p in ProgrammePage.listing().descendant_of(school)] == [
        "Erasmus Mundus Master of Science in Public Sector Innovation and eGovernance",
        "Master of Biomedical Sciences",
        "Master of European Social Security",
    ]


@pytest.mark.django_db
def test_public_sector_innovation_facts(demo):
    page = programme(PSIE_SLUG)
    assert (page.degree_type.abbreviation, page.study_level) == ("MSc", "master")
    assert (page.ects_credits, page.duration_months, page.study_mode, page.pace) == (120, 24, "on_campus", "full_time")
    assert [area.name for area in page.subject_areas.all()] == ["Public Policy"]
    assert page.start_months() == "September"
    assert page.language_names() == "English"
    today = timezone.localdate()
    next_first_of_july = datetime.date(today.year + (today > datetime.date(today.year, 7, 1)), 7, 1)
    assert [(d.date, d.applicant_group) for d in page.deadlines.all()] == [
        (next_first_of_july, "Students with a degree obtained at an institution outside the Flemish Community")
    ]
    assert {p.name for p in page.partner_institutions.all()} == {
        "KU Leuven",
        "Tallinn University of Technology (TalTech)",
        "University of Münster",
    }
    degrees = list(page.qualifying_degrees.all())
    assert len(degrees) == 39
    assert (degrees[0].name, degrees[0].campuses) == ("Bachelor handelsingenieur", "Brussel, Leuven")
    assert (degrees[6].name, degrees[6].campuses) == ("Bachelor in de rechten", "Brussel, Kortrijk, Leuven")
    assert str(degrees[-1]) == "Master of Sociology (Leuven)"
    minimums = {m.test.name: m.minimum_score for m in page.language_minimums.all()}
    assert minimums == {"TOEFL iBT": 84, "IELTS Academic": 7, "Duolingo English Test": 100}
    assert "English-speaking Canada" in page.language_requirements
    assert "professional experience in the field of study" in page.admission_requirements
    assert page.strengths.count() == 4


@pytest.mark.django_db
def test_european_social_security_facts(demo):
    page = programme("master-of-european-social-security")
    assert (page.degree_type.name, page.study_level) == ("Advanced Master", "advanced_master")
    assert (page.ects_credits, page.duration_months, page.study_mode) == (60, 12, "blended")
    [intake] = page.intakes.all()
    assert intake.get_start_month_display() == "August"
    assert "summer school" in intake.note
    assert "internship in a social security institution" in stream_text(page.description)
    assert page.strengths.count() == 3
    assert page.last_reviewed == datetime.date(2020, 8, 1)
    assert [area.name for area in page.subject_areas.all()] == ["Social Security"]


@pytest.mark.django_db
def test_biomedical_sciences_facts(demo):
    page = programme("master-of-biomedical-sciences")
    assert (page.degree_type.abbreviation, page.ects_credits, page.duration_months) == ("MSc", 120, 24)
    assert "The main goal of the curriculum is to train researchers in biomedical sciences" in page.curriculum
    assert "Careers of biomedical scientists often have an international dimension" in page.career_opportunities
    assert "<h3>Start your career, during your studies</h3>" in page.career_opportunities
    assert "Student Career Center" in page.career_opportunities
    assert "Is this the right program for me?" in [block.value for block in page.description]
    assert page.last_reviewed == datetime.date(2020, 3, 1)


def load_demo_on(day):
    out = StringIO()
    call_command("load_demo", "--today", day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_online_open_day(demo):
    event = EventPage.objects.live().get(slug="online-open-day", **ENGLISH)
    assert event.url == "/en/schools/ku-leuven/online-open-day/"
    assert event.start.astimezone(BRUSSELS).timetz().replace(tzinfo=None) == datetime.time(10, 0)
    assert (event.start.astimezone(BRUSSELS).month, event.start.astimezone(BRUSSELS).day) == (12, 1)
    assert event.end - event.start == datetime.timedelta(hours=6)
    assert event.start.date() > timezone.localdate()
    assert (event.attendance_mode, event.status) == ("online", "scheduled")
    assert event.online_url.startswith("https://")
    assert event.related_programmes.count() == 3
    assert event.summary == "KU Leuven will host an online open day on 1 December."


@pytest.mark.django_db
def test_open_day_and_campus_day_take_sign_ups(demo):
    from registrations.models import RegistrationSettings

    settings = {
        row.page.slug: row
        for row in RegistrationSettings.objects.filter(page__locale__language_code="en").select_related("page")
    }
    assert set(settings) == {"online-open-day", "campus-information-day"}
    assert settings["online-open-day"].capacity == 300 and settings["online-open-day"].enabled
    assert settings["campus-information-day"].capacity == 12  # a small one: its waiting list shows in the demo
    assert not EventPage.objects.get(
        slug="online-open-day", **ENGLISH
    ).registration_url  # sign-up happens on the portal


@pytest.mark.parametrize(
    ("today", "open_day", "deadline", "past_event"),
    [
        (
            datetime.date(2026, 12, 1),
            datetime.date(2027, 12, 1),
            datetime.date(2027, 7, 1),
            datetime.date(2026, 10, 15),
        ),
        (
            datetime.date(2027, 3, 15),
            datetime.date(2027, 12, 1),
            datetime.date(2027, 7, 1),
            datetime.date(2026, 10, 15),
        ),
        (datetime.date(2027, 7, 1), datetime.date(2027, 12, 1), datetime.date(2027, 7, 1), datetime.date(2026, 10, 15)),
        (
            datetime.date(2027, 12, 2),
            datetime.date(2028, 12, 1),
            datetime.date(2028, 7, 1),
            datetime.date(2027, 10, 15),
        ),
    ],
)
@pytest.mark.django_db
def test_dates_follow_the_day_the_demo_is_loaded(settings, tmp_path, today, open_day, deadline, past_event):
    settings.MEDIA_ROOT = tmp_path
    load_demo_on(today)

    events = {event.slug: event for event in EventPage.objects.live().filter(**ENGLISH)}
    assert events["online-open-day"].start.astimezone(BRUSSELS).date() == open_day
    assert events["campus-information-day"].start.astimezone(BRUSSELS).date() > today
    assert events["biomedical-sciences-webinar"].start.astimezone(BRUSSELS).date() == past_event
    assert [d.date for d in programme(PSIE_SLUG).deadlines.all()] == [deadline]
    announcement = Announcement.objects.get(**ENGLISH)
    assert announcement.live and announcement.expire_at == events["online-open-day"].end


@pytest.mark.django_db
def test_a_later_day_moves_the_dates_and_the_same_day_changes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo_on(datetime.date(2026, 12, 1))
    Announcement.objects.update(live=False, expired=True)  # as publish_scheduled leaves it after the open day

    moved = load_demo_on(datetime.date(2027, 12, 2))
    again = load_demo_on(datetime.date(2027, 12, 2))

    assert "Updated event “Online open day” (start, end)" in moved
    assert "Updated announcement" in moved
    assert Announcement.objects.get(**ENGLISH).live
    assert "Created" not in again and "Updated" not in again


def test_next_and_previous_dates():
    from demo.content import next_date, previous_date

    assert next_date(12, 1, datetime.date(2026, 12, 1)) == datetime.date(2026, 12, 1)
    assert next_date(12, 1, datetime.date(2026, 12, 1), after_today=True) == datetime.date(2027, 12, 1)
    assert next_date(7, 1, datetime.date(2026, 12, 3)) == datetime.date(2027, 7, 1)
    assert previous_date(10, 15, datetime.date(2026, 10, 15)) == datetime.date(2025, 10, 15)


@pytest.mark.django_db
def test_every_demo_page_renders(demo, client):
    for page in Page.objects.live().filter(depth__gt=1):
        response = client.get(page.url, HTTP_HOST="localhost")
        assert response.status_code == 200, page.url
    psie = client.get(programme(PSIE_SLUG).url, HTTP_HOST="localhost")
    assert "Tallinn University of Technology (TalTech)" in psie.text
    assert "Master in het publiek management en beleid" in psie.text


@pytest.mark.django_db
def test_the_dashboard_greets_editors_with_the_site_name(demo, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "x" * 12))
    html = client.get("/admin/").content.decode()
    assert "Leuven programme portal" in html and "Welcome to the localhost" not in html


@pytest.mark.django_db
def test_editors_can_open_every_demo_page_in_the_admin(demo, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "x" * 12))
    for page in Page.objects.filter(depth__gt=1):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page.url


@pytest.mark.django_db
def test_open_day_announcement_is_live_on_the_school_pages_until_the_open_day_ends(demo, client):
    announcement = Announcement.objects.get(**ENGLISH)
    assert announcement.live and announcement.schools.get().slug == "ku-leuven"
    open_day = EventPage.objects.get(slug="online-open-day", **ENGLISH)
    assert announcement.expire_at == open_day.end
    banner = f'data-announcement-id="{announcement.pk}"'
    pages = [SchoolPage.objects.get(**ENGLISH), programme(PSIE_SLUG), open_day]
    # Look at the site an hour before the open day starts, then after it ends.
    with mock.patch("django.utils.timezone.now", return_value=open_day.start - datetime.timedelta(hours=1)):
        for page in pages:
            html = client.get(page.url).content.decode()
            assert banner in html and "KU Leuven will host an online open day on 1 December" in html
        assert banner not in client.get(HomePage.objects.get(**ENGLISH).url).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=open_day.end + datetime.timedelta(minutes=1)):
        assert all(banner not in client.get(page.url).content.decode() for page in pages)


@pytest.mark.django_db
def test_with_users_creates_one_account_per_role_and_prints_passwords_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("load_demo", "--with-users", stdout=out)
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"marketing", "ku-leuven-editor", "ku-leuven-moderator"} <= usernames
    assert get_user_model().objects.get(username="ku-leuven-editor").groups.get().name == "KU Leuven editors"
    again = StringIO()
    call_command("load_demo", "--with-users", stdout=again)
    assert "password unchanged" in again.getvalue()
    assert get_user_model().objects.count() == len(usernames)


@pytest.mark.django_db
def test_with_users_is_refused_under_production_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SETTINGS_MODULE = "portal.settings.production"
    with pytest.raises(CommandError, match="never created under production"):
        call_command("load_demo", "--with-users", stdout=StringIO())
    assert not get_user_model().objects.exists()


# --- The Dutch tree ---------------------------------------------------------------------------------------------------

DUTCH = {"locale__language_code": "nl"}


@pytest.mark.django_db
def test_every_demo_page_has_a_live_dutch_translation(demo):
    english_pages = Page.objects.live().filter(depth__gt=1, **ENGLISH)
    dutch_pages = {page.translation_key: page for page in Page.objects.live().filter(**DUTCH)}
    assert len(english_pages) == len(dutch_pages) == 14
    for page in english_pages:
        translation = dutch_pages[page.translation_key]
        assert translation.get_parent().translation_key == page.get_parent().translation_key
        assert translation.slug == (page.slug if page.depth > 2 else "home-nl")  # siblings of the root differ
    titles = {page.title for page in dutch_pages.values()}
    assert {
        "Vind je masteropleiding aan de KU Leuven",
        "Opleidingen",
        "Master in de biomedische wetenschappen",
        "Master in de Europese sociale zekerheid",
        "Erasmus Mundus Master of Science in publieke sectorinnovatie en e-governance",
        "Online opendag",
        "Toegankelijkheidsverklaring",
    } <= titles


@pytest.mark.django_db
def test_the_dutch_programmes_keep_the_facts_and_the_seeds_dutch_degree_names(demo):
    english = programme(PSIE_SLUG)
    dutch = ProgrammePage.objects.live().get(slug=PSIE_SLUG, **DUTCH)
    assert (dutch.ects_credits, dutch.duration_months, dutch.degree_type_id) == (120, 24, english.degree_type_id)
    assert [d.date for d in dutch.deadlines.all()] == [d.date for d in english.deadlines.all()]
    assert list(dutch.subject_areas.all()) == list(english.subject_areas.all())  # the source items
    names = [degree.name for degree in dutch.qualifying_degrees.all()]
    assert names == [degree.name for degree in english.qualifying_degrees.all()]
    assert "Master in de ingenieurswetenschappen: computerwetenschappen" in names
    assert dutch.qualifying_degrees_intro.startswith("Op basis van de volgende diploma’s")
    assert [s.text for s in dutch.strengths.all()][0].startswith("De opleiding geeft je gespecialiseerde")


@pytest.mark.django_db
def test_the_taxonomy_has_dutch_labels(demo):
    from programmes.taxonomy import in_language

    biomedical = programme("master-of-biomedical-sciences")
    subjects = list(biomedical.subject_areas.all())
    assert [s.name for s in in_language(subjects, "nl")] == ["Biomedische wetenschappen"]
    assert [s.name for s in in_language(subjects, "en")] == ["Biomedical Sciences"]
    social = programme("master-of-european-social-security")
    assert [(d.name, d.abbreviation) for d in in_language([social.degree_type], "nl")] == [
        ("Master-na-master", "Manama")
    ]
    assert SubjectArea.objects.filter(**DUTCH).count() == 3 and DegreeType.objects.filter(**DUTCH).count() == 2


@pytest.mark.django_db
def test_the_dutch_open_day_banner_shows_on_the_dutch_school_pages(demo):
    from announcements.banners import live_announcements

    announcement = Announcement.objects.get(**DUTCH)
    english = Announcement.objects.get(**ENGLISH)
    open_day = EventPage.objects.get(slug="online-open-day", **DUTCH)
    assert announcement.translation_key == english.translation_key
    assert announcement.live and announcement.link_page_id == open_day.pk and announcement.expire_at == open_day.end
    school = SchoolPage.objects.get(**DUTCH)
    before = open_day.start - datetime.timedelta(hours=1)
    for page in [school, ProgrammePage.objects.get(slug=PSIE_SLUG, **DUTCH), open_day]:
        assert [banner.text for banner in live_announcements(page, now=before)] == [announcement.text]
    assert live_announcements(HomePage.objects.get(**DUTCH), now=before) == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["biomedische", "wetenschap", "biomedsche", "wetenschapen", "biomedische wetenschap"])
def test_dutch_search_finds_the_dutch_biomedical_page(demo, query):
    from django.utils import translation

    from core.languages import localized_root
    from search.pages import site_search

    dutch = ProgrammePage.objects.get(slug="master-of-biomedical-sciences", **DUTCH)
    root = Site.objects.get(is_default_site=True).root_page
    with translation.override("nl"):
        programmes = site_search(query, localized_root(root))[0]
    assert (programmes.heading, programmes.hits[0].page.pk) == ("Programmes", dutch.pk)
    assert all(hit.page.locale.language_code == "nl" for hit in programmes.hits)
