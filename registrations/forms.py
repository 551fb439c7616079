"""The public sign-up form: the questions the event's settings ask, a consent checkbox and a honeypot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.visibility import public

from .models import HeardAbout

DEFAULT_CONSENT = _(
    "I agree that my name and e-mail address are used to organise this event and to e-mail me about it. "
    "They are deleted after the event."
)


class SignUpForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send your confirmation here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.org."),
        },
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes you are interested in"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose programmes from the list.")},
    )
    heard_about = forms.ChoiceField(
        label=_("How did you hear about us?"),
        choices=[("", _("Choose (optional)")), *HeardAbout.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose an answer from the list.")},
    )
    consent = forms.BooleanField(
        required=True, error_messages={"required": _("Tick the box to agree, or we cannot sign you up.")}
    )
    # Left empty by people (it is hidden from them); bots that fill in every field are turned away.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, event, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = settings.consent_text or DEFAULT_CONSENT
        programmes = public(event.related_programmes.live()).order_by("title")
        if settings.ask_programmes and programmes.exists():
            self.fields["programmes"].queryset = programmes
        else:
            del self.fields["programmes"]
        if not settings.ask_heard_about:
            del self.fields["heard_about"]

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def is_bot(self):
        return bool(self.data.get("website"))

    def registration_fields(self):
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "email": data["email"],
            "programmes": data.get("programmes") or [],
            "heard_about": data.get("heard_about", ""),
        }
