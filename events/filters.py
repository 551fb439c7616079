"""The events listing's filters: a plain GET form (school, way of attending, programme) that works without JavaScript."""

from django import forms
from django.db.models import Min, Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.ports import remember
from core.visibility import public
from programmes.models import ProgrammePage
from schools.models import SchoolPage

from .models import EventPage

Mode = EventPage.AttendanceMode
Status = EventPage.Status

MODE_CHOICES = [
    ("", _("Any way of attending")),
    ("online", _("Online (including hybrid)")),
    ("on_campus", _("On campus (including hybrid)")),
    ("hybrid", _("Hybrid only")),
]

# Hybrid events can be attended both ways; an event that moved online can no longer be attended on campus.
MODE_FILTERS = {
    "online": Q(attendance_mode__in=[Mode.ONLINE, Mode.HYBRID]) | Q(status=Status.MOVED_ONLINE),
    "on_campus": Q(attendance_mode__in=[Mode.ON_CAMPUS, Mode.HYBRID]) & ~Q(status=Status.MOVED_ONLINE),
    "hybrid": Q(attendance_mode=Mode.HYBRID) & ~Q(status=Status.MOVED_ONLINE),
}


def school_options(site_root):
    """Live public schools of the site, kept until the content changes."""
    schools = public(SchoolPage.objects.live().descendant_of(site_root)).order_by("title").only("title", "path")
    return remember(("event-filter-schools", site_root.pk), lambda: list(schools), tags=["schools", "restrictions"])


PROGRAMME_CHOICES = 50  # the programme filter offers at most this many, whatever the size of the catalogue


def presented(site_root, **event_conditions):
    """The live public programmes of the site that a live event (meeting `eventpage__...` conditions) presents."""
    programmes = public(ProgrammePage.objects.live().descendant_of(site_root))
    return programmes.filter(eventpage__live=True, **event_conditions)  # one join: the same event meets them all


def programme_options(site_root, today):
    """(id, title) of the programmes worth filtering by: those that live events not yet over present, at most
    PROGRAMME_CHOICES of them (those of the soonest events), by title. Kept until the content or the day changes."""

    def load():
        upcoming = presented(site_root, eventpage__end__gte=timezone.now())
        soonest = upcoming.annotate(soonest=Min("eventpage__start")).order_by("soonest", "title")
        return sorted(soonest.values_list("pk", "title")[:PROGRAMME_CHOICES], key=lambda choice: choice[1].casefold())

    return remember(
        ("event-filter-programmes", site_root.pk, today),
        load,
        tags=["events", "programme-titles", "restrictions"],
    )


def programme_choices(site_root, chosen):
    """The programmes the filter offers, and the `chosen` one (the `programme` GET value, e.g. from a link) if it is
    not among them but some live event presents it: one query only then."""
    offered = programme_options(site_root, timezone.localdate())
    if not chosen or not chosen.isdecimal() or len(chosen) > 18 or int(chosen) in dict(offered):
        return offered
    found = presented(site_root).filter(pk=int(chosen)).values_list("pk", "title").first()
    return [*offered, found] if found else offered


class QuickSelect(forms.Select):
    """A `<select>` written in Python, not through a template per option: Django's option template made the programme
    filter most of the events listing's render time when it offered every programme."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(choice)}"{SELECTED if str(choice) in chosen else ""}>{escape(label)}</option>'
            for choice, label in self.choices
        )
        return format_html(
            "<select{}>{}</select>",
            flatatt({**self.build_attrs(self.attrs, attrs), "name": name}),
            mark_safe(options),  # each value and label escaped above: escape() per option, not format_html's work
        )


SELECTED = " selected"


class EventFilterForm(forms.Form):
    school = forms.TypedChoiceField(label=_("School"), required=False, coerce=int, empty_value=None, widget=QuickSelect)
    mode = forms.ChoiceField(label=_("How to attend"), required=False, choices=MODE_CHOICES, widget=QuickSelect)
    programme = forms.TypedChoiceField(
        label=_("Programme"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )

    def __init__(self, data, *, schools, programmes):
        super().__init__(data)
        self.schools = {school.pk: school for school in schools}
        self.fields["school"].choices = [("", _("All schools"))] + [(s.pk, s.title) for s in schools]
        self.fields["programme"].choices = [("", _("All programmes")), *programmes]

    @property
    def is_filtering(self):
        return self.is_valid() and any(self.cleaned_data.values())

    def chosen(self):
        """The valid choices, as (field, value) pairs in a fixed order: what `filter` applies."""
        self.is_valid()
        return tuple((name, self.cleaned_data[name]) for name in self.fields if self.cleaned_data.get(name))

    def filter(self, events):
        """Apply the valid choices to a queryset of events; invalid ones are left out (and reported by the form)."""
        self.is_valid()
        chosen = self.cleaned_data
        if school_id := chosen.get("school"):
            events = events.descendant_of(self.schools[school_id])
        if mode := chosen.get("mode"):
            events = events.filter(MODE_FILTERS[mode])
        if programme_id := chosen.get("programme"):
            events = events.filter(related_programmes=programme_id)
        return events
