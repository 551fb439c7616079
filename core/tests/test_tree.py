"""The page tree rules: which page types may live where, and which exist only once."""

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.factories import HomePageFactory, StandardPageFactory
from core.models import HomePage, StandardPage
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventIndexPage, EventPage
from programmes.factories import DegreeTypeFactory, ProgrammeIndexPageFactory, ProgrammePageFactory
from programmes.models import ProgrammeIndexPage, ProgrammePage
from schools.factories import SchoolIndexPageFactory, SchoolPageFactory
from schools.models import SchoolIndexPage, SchoolPage

SINGLETONS = [HomePage, ProgrammeIndexPage, EventIndexPage, SchoolIndexPage]


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


class AllowedTypesTests(WagtailPageTestCase):
    def test_programmes_live_only_inside_a_school(self):
        self.assertAllowedParentPageTypes(ProgrammePage, {SchoolPage})
        self.assertCanCreateAt(SchoolPage, ProgrammePage)
        for parent in (HomePage, ProgrammeIndexPage, EventIndexPage, SchoolIndexPage, StandardPage, EventPage):
            self.assertCanNotCreateAt(parent, ProgrammePage)

    def test_events_live_inside_a_school_or_the_events_listing(self):
        self.assertAllowedParentPageTypes(EventPage, {SchoolPage, EventIndexPage})
        self.assertCanCreateAt(SchoolPage, EventPage)
        self.assertCanCreateAt(EventIndexPage, EventPage)
        for parent in (HomePage, ProgrammeIndexPage, SchoolIndexPage, StandardPage, ProgrammePage):
            self.assertCanNotCreateAt(parent, EventPage)

    def test_schools_live_in_the_directory_and_may_nest(self):
        self.assertAllowedParentPageTypes(SchoolPage, {SchoolIndexPage, SchoolPage})
        self.assertAllowedSubpageTypes(SchoolPage, {SchoolPage, ProgrammePage, EventPage})
        self.assertAllowedSubpageTypes(SchoolIndexPage, {SchoolPage})
        self.assertCanNotCreateAt(HomePage, SchoolPage)

    def test_standard_pages_live_under_home_or_another_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanNotCreateAt(SchoolPage, StandardPage)

    def test_home_holds_the_sections_and_sits_at_the_top(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {ProgrammeIndexPage, EventIndexPage, SchoolIndexPage, StandardPage})
        self.assertAllowedSubpageTypes(ProgrammeIndexPage, set())
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedSubpageTypes(ProgrammePage, set())
        self.assertAllowedSubpageTypes(EventPage, set())


class SingletonTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        ProgrammeIndexPageFactory(parent=cls.home)
        EventIndexPageFactory(parent=cls.home)
        cls.school_index = SchoolIndexPageFactory(parent=cls.home)

    def setUp(self):
        self.login()

    def test_there_is_only_one_home_page_and_one_of_each_index(self):
        root = Page.get_first_root_node()
        self.assertFalse(HomePage.can_create_at(root))
        for model in SINGLETONS[1:]:
            self.assertFalse(model.can_create_at(self.home), model.__name__)
        # Pages without a limit can still be added.
        self.assertTrue(StandardPage.can_create_at(self.home))
        self.assertTrue(SchoolPage.can_create_at(self.school_index))

    def assertRefused(self, url, msg=None):
        """The admin turns the editor away: back to the dashboard with a "no permission" message."""
        response = self.client.get(url, follow=True)
        self.assertEqual(response.redirect_chain, [(reverse("wagtailadmin_home"), 302)], msg)
        self.assertContains(response, "Sorry, you do not have permission to access this area.", msg_prefix=msg or "")

    def test_the_admin_refuses_a_second_home_or_index_page(self):
        for model in SINGLETONS[1:]:
            self.assertRefused(add_url(model, self.home), model.__name__)
        self.assertRefused(add_url(HomePage, Page.get_first_root_node()), "HomePage")

    def test_the_admin_offers_only_standard_pages_under_a_complete_home(self):
        # With every index page present, the only type left is StandardPage: the admin goes straight to its form.
        response = self.client.get(reverse("wagtailadmin_pages:add_subpage", args=[self.home.pk]))
        self.assertRedirects(response, add_url(StandardPage, self.home))

    def test_the_admin_refuses_a_programme_outside_a_school(self):
        self.assertRefused(add_url(ProgrammePage, EventIndexPage.objects.get()))
        self.assertRefused(add_url(ProgrammePage, self.home))
        self.assertRefused(add_url(ProgrammePage, self.school_index))


class AdminCreationTests(WagtailPageTestCase):
    """The admin's own add form creates pages where the tree allows them."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.school_index = SchoolIndexPageFactory(parent=cls.home)
        cls.school = SchoolPageFactory(parent=cls.school_index)
        cls.degree = DegreeTypeFactory()

    def setUp(self):
        self.login()

    def test_the_admin_offers_faculties_programmes_and_events_inside_a_school(self):
        response = self.client.get(reverse("wagtailadmin_pages:add_subpage", args=[self.school.pk]))
        self.assertEqual(response.status_code, 200)
        for model in (SchoolPage, ProgrammePage, EventPage):
            self.assertContains(response, add_url(model, self.school))
        for model in (StandardPage, HomePage, SchoolIndexPage):
            self.assertNotContains(response, add_url(model, self.school))

    def test_a_faculty_can_be_added_inside_a_school(self):
        data = nested_form_data(
            {"title": "Faculty of Medicine", "summary": "Medicine in Leuven.", "about": rich_text("")}
        )
        self.assertCanCreate(self.school, SchoolPage, data)
        self.assertTrue(SchoolPage.objects.child_of(self.school).filter(title="Faculty of Medicine").exists())

    def test_a_programme_can_be_added_inside_a_school(self):
        data = nested_form_data(
            {
                "title": "Master of Biomedical Sciences",
                "degree_type": self.degree.pk,
                "study_level": "master",
                "ects_credits": 120,
                "duration_months": 24,
                "study_mode": "on_campus",
                "pace": "full_time",
                "teaching_languages": inline_formset([{"language": "en"}]),
                "intakes": inline_formset([{"start_month": 9, "note": ""}]),
                "deadlines": inline_formset([]),
                "strengths": inline_formset([]),
                "qualifying_degrees": inline_formset([]),
                "language_minimums": inline_formset([]),
                "tuition_fees": inline_formset([]),
                "description": streamfield([]),
                "curriculum": rich_text(""),
                "career_opportunities": rich_text(""),
                "admission_requirements": rich_text(""),
                "language_requirements": rich_text(""),
                "scholarships": rich_text(""),
            }
        )
        self.assertCanCreate(self.school, ProgrammePage, data)
        programme = ProgrammePage.objects.get(title="Master of Biomedical Sciences")
        self.assertTrue(programme.live)
        self.assertEqual(programme.get_parent().pk, self.school.pk)

    def test_nested_schools_and_portal_events_can_be_built_with_the_factories(self):
        faculty = SchoolPageFactory(parent=self.school, title="Faculty of Law")
        programme = ProgrammePageFactory(parent=faculty)
        portal_event = EventPageFactory(parent=EventIndexPageFactory(parent=self.home))
        self.assertEqual(programme.school().pk, faculty.pk)
        self.assertIsNone(portal_event.school())
        self.assertEqual(StandardPageFactory(parent=self.home).get_parent().pk, self.home.pk)
