from wagtail import hooks

from core.contributions import PAGE_CONTEXT_HOOK
from events.ics import PRIVATE_JOIN_LINK_HOOK
from events.models import ON_SITE_SIGN_UP_HOOK, EventPage

from . import services


@hooks.register(PAGE_CONTEXT_HOOK)
def registration_in_context(page, request, context):
    """An event that takes sign-ups shows its places left and a link to the (uncached) sign-up form.

    The event page is cached; a sign-up, cancellation or promotion drops it (signals.registrations_changed), and the
    page cache never keeps it past registration opening or closing (caching/page_cache.py, next_boundary)."""
    if isinstance(page, EventPage):
        context["registration"] = services.kept_availability(page)


@hooks.register(ON_SITE_SIGN_UP_HOOK)
@hooks.register(PRIVATE_JOIN_LINK_HOOK)
def join_link_only_for_those_signed_up(page):
    return services.kept_availability(page) is not None


@hooks.register("register_admin_viewset")
def register_staff_views():
    from .staff import RegistrationsViewSet

    return RegistrationsViewSet()
