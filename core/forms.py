"""Admin forms for content with a publishing schedule (pages, announcements)."""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from .synchronised import make_synchronised_fields_read_only


def same_minute(first, second):
    """The admin's date-time fields show minutes, so a value sent back unchanged has lost its seconds."""
    return first.replace(second=0, microsecond=0) == second.replace(second=0, microsecond=0)


class PassedExpiryFormMixin:
    """Saving content whose expiry has passed (whether or not the scheduler has acted on it) drops that expiry.

    Wagtail refuses an expiry in the past ("Expiry date/time must be in the future"), so without this the next save of
    an expired page or announcement fails on a date the editor never touched. A past expiry the editor types in is
    still refused. Runs before Wagtail's own check, which reads `cleaned_data` after calling this `clean`.
    """

    def clean(self):
        expire_at = self.cleaned_data.get("expire_at")
        stored = getattr(self.instance, "expire_at", None)
        if expire_at and stored and expire_at <= timezone.now() and same_minute(expire_at, stored):
            self.cleaned_data["expire_at"] = None
        return super().clean()


class PortalPageForm(PassedExpiryFormMixin, WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        make_synchronised_fields_read_only(self, self.instance)
