from wagtail import hooks

from core.contributions import PAGE_CONTEXT_HOOK
from core.models import HomePage
from core.ports import remember
from core.visibility import public

from .models import SchoolPage

HOME_SCHOOLS = 12  # the home page shows the first schools by name and links to the school directory for the rest


@hooks.register(PAGE_CONTEXT_HOOK)
def schools_on_home_page(page, request, context):
    """The home page lists the site's first schools and counts them all, kept until the content changes."""
    if isinstance(page, HomePage):

        def load():
            schools = public(SchoolPage.objects.live().descendant_of(page)).order_by("title", "pk")
            return list(schools[:HOME_SCHOOLS]), schools.count()

        context["schools"], context["school_count"] = remember(
            ("home-schools", page.pk), load, tags=["schools", "restrictions"]
        )
