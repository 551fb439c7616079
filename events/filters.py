"""The events listing's filters: a plain GET form (school, way of attending, programme) that works without JavaScript."""

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.ports import remember
from core.visibility import public
from programmes.models import ProgrammePage
from schools.models import SchoolPage

from .models import EventPage

Mode = EventPage.AttendanceMode
Status = EventPage.Status

MODE_CHOICES = [
    ("", "Any way of attending"),
    ("online", "Online (including hybrid)"),
    ("on_campus", "On campus (including hybrid)"),
    ("hybrid", "Hybrid only"),
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


def programme_options(site_root):
    """(id, title) of the live public programmes that at least one live event presents: the only ones worth
    filtering by. Kept until the content changes."""
    programmes = public(ProgrammePage.objects.live().descendant_of(site_root))
    presented = programmes.filter(eventpage__live=True).distinct().order_by("title").values_list("pk", "title")
    return remember(
        ("event-filter-programmes", site_root.pk),
        lambda: list(presented),
        tags=["events", "programme-titles", "restrictions"],
    )


class QuickSelect(forms.Select):
    """A `<select>` written in Python, not through a template per option: the programme filter can offer a thousand
    programmes, and Django's option template made that one field most of the events listing's render time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((choice, SELECTED if str(choice) in chosen else "", label) for choice, label in self.choices),
        )
        return format_html(
            "<select{}>{}</select>", flatatt({**self.build_attrs(self.attrs, attrs), "name": name}), options
        )


SELECTED = mark_safe(" selected")


class EventFilterForm(forms.Form):
    school = forms.TypedChoiceField(label="School", required=False, coerce=int, empty_value=None, widget=QuickSelect)
    mode = forms.ChoiceField(label="How to attend", required=False, choices=MODE_CHOICES, widget=QuickSelect)
    programme = forms.TypedChoiceField(
        label="Programme", required=False, coerce=int, empty_value=None, widget=QuickSelect
    )

    def __init__(self, data, *, schools, programmes):
        super().__init__(data)
        self.schools = {school.pk: school for school in schools}
        self.fields["school"].choices = [("", "All schools")] + [(s.pk, s.title) for s in schools]
        self.fields["programme"].choices = [("", "All programmes"), *programmes]

    @property
    def is_filtering(self):
        return self.is_valid() and any(self.cleaned_data.values())

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
