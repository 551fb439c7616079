from wagtail import hooks

from core.contributions import PAGE_CONTEXT_HOOK
from core.models import HomePage
from core.ports import remember
from core.visibility import public

from .models import SchoolPage


@hooks.register(PAGE_CONTEXT_HOOK)
def schools_on_home_page(page, request, context):
    """The home page lists the site's schools, kept until the content changes."""
    if isinstance(page, HomePage):
        context["schools"] = remember(
            ("home-schools", page.pk),
            lambda: list(public(SchoolPage.objects.live().descendant_of(page)).order_by("title")),
            tags=["schools", "restrictions"],
        )
