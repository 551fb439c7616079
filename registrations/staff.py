"""Staff views in the Wagtail admin: registrations per event, counts, a streamed CSV export and a printable
check-in list on which attendance is marked.

A staff member sees the registrations of the events they may edit, nothing else: a school's editors and moderators
their school's events, Marketing the portal-wide ones, superusers all. That is the page permission rule Wagtail
already applies (and the security layer narrows, see README "School lines in the admin"); another school's event
answers 404.
"""

import csv

from django.db.models import Count, F, Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from events.models import EventPage

from .models import Registration

EDIT_ACTIONS = ["change", "publish"]
# A spreadsheet runs a cell that starts with one of these as a formula: such values are exported as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def events_for(user):
    """The events with sign-up that `user` may see the registrations of: those they may edit."""
    events = EventPage.objects.filter(registration_settings__isnull=False)
    if user.is_superuser:
        return events
    editable = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(user, EDIT_ACTIONS)
    return events.filter(pk__in=editable.values("pk"))


def event_for(user, page_id):
    event = events_for(user).filter(pk=page_id).first()
    if event is None:
        raise Http404(_("No event with registrations of yours has this id."))
    return event


def counted(events):
    confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
    return events.annotate(
        places=F("registration_settings__capacity"),
        confirmed=Count("registrations", filter=confirmed),
        waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
        attended=Count("registrations", filter=confirmed & Q(registrations__attended_at__isnull=False)),
    )


def per_programme(event):
    """(programme title, registered, attended) for the confirmed registrations of `event`."""
    through = Registration.programmes.through
    rows = (
        through.objects.filter(registration__event=event, registration__status=Registration.Status.CONFIRMED)
        .values("programmepage__title")
        .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(registration__attended_at__isnull=False)))
        .order_by("programmepage__title")
    )
    return [(row["programmepage__title"], row["registered"], row["attended"]) for row in rows]


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("registrations_admin:index"), "label": _("Registrations")},
            {"url": "", "label": self.get_page_title()},
        ]


class IndexView(StaffView):
    template_name = "registrations/admin/index.html"
    page_title = gettext_lazy("Registrations")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        events = counted(events_for(self.request.user)).order_by("-start")
        return super().get_context_data(events=events, **kwargs)


class EventView(StaffView):
    template_name = "registrations/admin/event.html"

    def dispatch(self, request, page_id):
        self.event = event_for(request.user, page_id)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return _("Registrations: %(event)s") % {"event": self.event.title}

    def get_context_data(self, **kwargs):
        registrations = self.event.registrations.prefetch_related("programmes").order_by("status", "created_at", "pk")
        return super().get_context_data(
            event=counted(EventPage.objects.filter(pk=self.event.pk)).get(),
            settings=self.event.registration_settings.first(),
            registrations=registrations,
            per_programme=per_programme(self.event),
            **kwargs,
        )


class CheckInView(EventView):
    """A printable list of the confirmed registrations, with a box per person to mark who came."""

    template_name = "registrations/admin/check_in.html"

    def get_page_title(self):
        return _("Check-in: %(event)s") % {"event": self.event.title}

    def get_context_data(self, **kwargs):
        confirmed = self.event.registrations.filter(status=Registration.Status.CONFIRMED).order_by("name", "pk")
        return TemplateView.get_context_data(self, event=self.event, registrations=confirmed, **kwargs)

    def post(self, request, page_id):
        confirmed = self.event.registrations.filter(status=Registration.Status.CONFIRMED)
        present = {value for value in request.POST.getlist("attended") if value.isdigit()}
        confirmed.filter(pk__in=present, attended_at__isnull=True).update(attended_at=timezone.now())
        confirmed.exclude(pk__in=present).update(attended_at=None)
        return redirect(reverse("registrations_admin:check_in", args=[self.event.pk]) + "?saved=1")


class Echo:
    """A file-like object that hands back what is written: csv.writer's rows for a streamed response."""

    def write(self, value):
        return value


def as_text(value):
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_rows(event):
    writer = csv.writer(Echo())
    yield writer.writerow(
        [_("Name"), _("E-mail"), _("Status"), _("Signed up"), _("Programmes of interest"), _("Heard about us")]
        + [_("Attended")]
    )
    registrations = event.registrations.prefetch_related("programmes").order_by("status", "created_at", "pk")
    for registration in registrations.iterator(chunk_size=500):
        programmes = "; ".join(programme.title for programme in registration.programmes.all())
        cells = [
            registration.name,
            registration.email,
            registration.get_status_display(),
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            programmes,
            registration.get_heard_about_display(),
            _("yes") if registration.attended else _("no"),
        ]
        yield writer.writerow([as_text(cell) for cell in cells])


def export(request, page_id):
    event = event_for(request.user, page_id)
    response = StreamingHttpResponse(csv_rows(event), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrations-{event.slug}.csv"'
    response["Cache-Control"] = "no-store"
    return response


class RegistrationsViewSet(ViewSet):
    name = "registrations_admin"
    url_prefix = "registrations"
    icon = "group"
    menu_label = gettext_lazy("Registrations")
    add_to_admin_menu = True
    menu_order = 250

    def get_urlpatterns(self):
        return [
            path("", IndexView.as_view(), name="index"),
            path("<int:page_id>/", EventView.as_view(), name="event"),
            path("<int:page_id>/check-in/", CheckInView.as_view(), name="check_in"),
            path("<int:page_id>/export.csv", export, name="export"),
        ]
