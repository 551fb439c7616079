"""Factories for the site core's pages: home, standard pages.

Pages are created live (Wagtail's default) without a revision. `publish(page)` gives a page a published revision
the way the admin does, for tests that need one.
"""

import factory
import wagtail_factories
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from .models import HomePage, StandardPage


def publish(page):
    """Publish the page's current state through a revision, as an editor pressing "Publish" does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def dutch_locale():
    return Locale.objects.get_or_create(language_code="nl")[0]


def translate(page, language="nl", title=None, publish=True, **fields):
    """The page's translation into `language`, made as the admin's "Translate" does (untranslated parents copied and
    published too), with a Dutch title; published unless `publish=False`."""
    locale = Locale.objects.get_or_create(language_code=language)[0]
    translation = page.specific.copy_for_translation(locale, copy_parents=True)
    for ancestor in translation.get_ancestors().filter(depth__gt=1, live=False).specific():
        ancestor.save_revision().publish()
    translation.title = title or f"{page.title} (NL)"
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    revision = translation.save_revision()  # a draft as the editor saved it
    if publish:
        revision.publish()
        translation.refresh_from_db()
    return translation


def make_site_root(home):
    """Point the default site at `home` and remove Wagtail's "Welcome" page, which would otherwise linger."""
    welcome_pages = Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore")
    for page in welcome_pages.exclude(pk=home.pk):
        page.delete()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.root_page, site.site_name = "localhost", 80, home, "Leuven programme portal"
    site.save()
    return site


def site_home():
    """The home page, created (and made the default site's root) if there is none yet."""
    return HomePage.objects.first() or HomePageFactory()


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "portal-home"  # Wagtail's welcome page holds "home" until make_site_root removes it
    summary = "Find your programme at KU Leuven."
    intro = "<p>Master's programmes, advanced masters and open days across our schools.</p>"
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage
        skip_postgeneration_save = True

    @factory.post_generation
    def site_root(obj, create, extracted, **kwargs):
        """The new home page becomes the default site's root unless `site_root=False` is passed."""
        if create and extracted is not False:
            make_site_root(obj)


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"About the portal {n}")
    summary = "Who runs this portal and why."
    body = factory.LazyFunction(
        lambda: [
            ("heading", "Who we are"),
            ("paragraph", RichText("<p>The portal lists the university's programmes and events.</p>")),
        ]
    )
    parent = factory.LazyFunction(site_home)

    class Meta:
        model = StandardPage
