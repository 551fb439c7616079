from wagtail import hooks

from core.contributions import PAGE_CONTEXT_HOOK
from core.models import HomePage
from schools.models import SchoolPage

from .ics import join_link_is_public
from .models import EventPage
from .selectors import upcoming_events_below

UPCOMING_ON_HOME = 3
UPCOMING_ON_SCHOOL = 5


@hooks.register(PAGE_CONTEXT_HOOK)
def upcoming_events_in_context(page, request, context):
    """The home page and school pages show the next few events at or below them."""
    if isinstance(page, HomePage):
        context["upcoming_events"] = upcoming_events_below(page, UPCOMING_ON_HOME)
    elif isinstance(page, SchoolPage):
        context["upcoming_events"] = upcoming_events_below(page, UPCOMING_ON_SCHOOL)
    elif isinstance(page, EventPage):
        # The one decision (events.ics, with its hook) on whether the page may show the join link.
        context["join_link_public"] = join_link_is_public(page)
