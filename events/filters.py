"""The events listing's filters: a plain GET form (school, way of attending, programme) that works without JavaScript."""

from django import forms
from django.db.models import Q

from portal.models import SchoolPage
from portal.visibility import public
from programmes.models import ProgrammePage

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
    return list(public(SchoolPage.objects.live().descendant_of(site_root)).order_by("title").only("title", "path"))


def programme_options(site_root):
    """Live public programmes that at least one live event presents: the only ones worth filtering by."""
    programmes = public(ProgrammePage.objects.live().descendant_of(site_root))
    return list(programmes.filter(eventpage__live=True).distinct().order_by("title").only("title"))


class EventFilterForm(forms.Form):
    school = forms.TypedChoiceField(label="School", required=False, coerce=int, empty_value=None)
    mode = forms.ChoiceField(label="How to attend", required=False, choices=MODE_CHOICES)
    programme = forms.TypedChoiceField(label="Programme", required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, schools, programmes):
        super().__init__(data)
        self.schools = {school.pk: school for school in schools}
        self.fields["school"].choices = [("", "All schools")] + [(s.pk, s.title) for s in schools]
        self.fields["programme"].choices = [("", "All programmes")] + [(p.pk, p.title) for p in programmes]

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
