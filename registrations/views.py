"""The public sign-up and cancel pages. Never cached: they carry a CSRF token and personal state."""

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from core.visibility import public
from events.models import EventPage

from . import services, throttle
from .forms import SignUpForm

TEMPLATE = "registrations/sign_up.html"


def event_taking_sign_ups(page_id):
    """The live, public event `page_id` and its registration settings, or 404."""
    event = public(EventPage.objects.live()).filter(pk=page_id).first()
    settings = services.settings_for(event) if event else None
    if settings is None:
        raise Http404(_("This event does not take registrations here."))
    return event, settings


def privacy_url(event):
    """The site's privacy notice (the live page with the slug "privacy"), or None."""
    site = event.get_site()
    pages = Page.objects.live().filter(slug="privacy")
    notice = pages.descendant_of(site.root_page).first() if site else pages.first()
    return notice.url if notice else None


def sign_up_page(request, event, settings, form, status=200, message=""):
    context = {
        "event": event,
        "availability": services.availability(event, settings),
        "form": form,
        "message": message,
        "privacy_url": privacy_url(event),
    }
    return render(request, TEMPLATE, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_up(request, page_id):
    event, settings = event_taking_sign_ups(page_id)
    if request.method == "GET":
        return sign_up_page(request, event, settings, SignUpForm(event=event, settings=settings))
    form = SignUpForm(request.POST, event=event, settings=settings)
    if not services.takes_sign_ups(event, settings):
        return sign_up_page(request, event, settings, form, 403, _("Registration for this event is closed."))
    if form.is_bot():
        return sign_up_page(request, event, settings, form, 400, _("Your sign-up could not be accepted."))
    if not form.is_valid():
        return sign_up_page(request, event, settings, form, 400)
    fields = form.registration_fields()
    if throttle.over_limit(request, fields["email"]):
        message = _("Too many sign-ups from this address. Please try again in an hour.")
        return sign_up_page(request, event, settings, form, 429, message)
    try:
        registration = services.register(event, request=request, **fields)
    except services.SignUpRefused as refusal:
        form.add_error("email" if isinstance(refusal, services.AlreadyRegistered) else None, refusal.message)
        return sign_up_page(request, event, settings, form, refusal.status)
    done = reverse("registrations:done", args=[event.pk])
    return redirect(f"{done}?{registration.status}=1")


@never_cache
@require_http_methods(["GET"])
def done(request, page_id):
    event, settings = event_taking_sign_ups(page_id)
    context = {
        "event": event,
        "waiting": "waiting" in request.GET,
        "availability": services.availability(event, settings),
    }
    return render(request, "registrations/done.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request, token):
    try:
        registration = services.registration_for_token(token)
    except signing.BadSignature:
        context = {"problem": _("This cancel link is not valid. Copy the whole link from your e-mail, or reply to it.")}
        return render(request, "registrations/cancel.html", context, status=400)
    if registration is None:
        context = {"problem": _("This registration no longer exists: it has been cancelled and its details deleted.")}
        return render(request, "registrations/cancel.html", context, status=404)
    event = registration.event
    if request.method == "POST":
        services.cancel(registration, request)
        return render(request, "registrations/cancel.html", {"event": event, "cancelled": True})
    return render(request, "registrations/cancel.html", {"event": event, "registration": registration})
