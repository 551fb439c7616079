"""Which announcements a public page shows, the admin form that checks an announcement's audience, and the demo
announcement."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from announcements.models import Announcement
from announcements.scope import owns_all_announcements, targetable
from core.forms import PassedExpiryFormMixin
from core.languages import active_language
from core.ports import remember
from core.visibility import has_expired

DEMO_ANNOUNCEMENT_TEXT = "KU Leuven will host an online open day on 1 December"


def targeted_announcements():
    """Every live announcement with the translation keys of the schools and programmes it targets, kept until
    content changes.

    An announcement and its translations share their targets (the pages chosen in any of them; in practice the
    source's), and a target is a page in every language: the Dutch translation of a banner on a school shows on the
    school's Dutch pages, while a page shows only the banners in its own language (`shown_on`). `publish_scheduled`
    flips `live` at go-live and expiry (a content change); expiry itself is checked per request.
    """

    def load():
        announcements = list(Announcement.objects.filter(live=True).select_related("link_page", "locale"))
        keys = {announcement.translation_key for announcement in announcements}
        schools = targets_by_key(Announcement.schools.through.objects, "schoolpage", keys)
        programmes = targets_by_key(Announcement.programmes.through.objects, "programmepage", keys)
        return [
            (
                announcement,
                frozenset(schools.get(announcement.translation_key, ())),
                frozenset(programmes.get(announcement.translation_key, ())),
            )
            for announcement in announcements
        ]

    return remember("live-announcements", load, tags=["announcements"])


def targets_by_key(links, target, keys):
    """{announcement translation key: translation keys of the pages it or a translation of it targets}, one query."""
    found = {}
    rows = links.filter(announcement__translation_key__in=keys).values_list(
        "announcement__translation_key", f"{target}__translation_key"
    )
    for announcement_key, page_key in rows:
        found.setdefault(announcement_key, set()).add(page_key)
    return found


def page_and_ancestor_keys(page):
    """The translation keys of `page` and its live public ancestors (no query while content is unchanged)."""
    ancestors = page.public_ancestors() if hasattr(page, "public_ancestors") else page.get_ancestors()
    return {page.translation_key, *(ancestor.translation_key for ancestor in ancestors)}


def shown_on(announcement, school_keys, programme_keys, page, page_keys):
    """Whether the announcement's audience includes `page` (None: a page outside the tree, e.g. search, in the active
    language). A page shows only the announcements in its own language."""
    if page is None:
        language_code = announcement.locale.language_code
        return announcement.audience == Announcement.Audience.SITE and language_code == active_language()
    if announcement.locale_id != page.locale_id:
        return False
    if announcement.audience == Announcement.Audience.SITE:
        return True
    if announcement.audience == Announcement.Audience.SCHOOLS:
        return not school_keys.isdisjoint(page_keys)
    return announcement.audience == Announcement.Audience.PROGRAMMES and page.translation_key in programme_keys


def live_announcements(page=None, now=None):
    """The announcements to show on `page` (None: a page outside the tree, e.g. search), most important first.

    Live means published by Wagtail and not past expiry: the expiry check here keeps an expired banner away even if
    `publish_scheduled` has not run yet. No query while content is unchanged, whatever the number of announcements.
    """
    now = now or timezone.now()
    page = page if page is not None and page.pk else None
    keys = page_and_ancestor_keys(page) if page is not None else set()
    shown = [
        announcement
        for announcement, school_keys, programme_keys in targeted_announcements()
        if not has_expired(announcement, now) and shown_on(announcement, school_keys, programme_keys, page, keys)
    ]
    newest_first = sorted(shown, key=lambda item: (item.first_published_at or now, item.pk), reverse=True)
    return sorted(newest_first, key=lambda item: item.level != Announcement.Level.IMPORTANT)


class AnnouncementForm(PassedExpiryFormMixin, WagtailAdminModelForm):
    """Checks that an announcement aimed at schools or programmes names at least one, and offers each user only what
    they may aim it at: school staff their own schools and programmes (never the whole site), Marketing every live,
    public one. What is already chosen stays on offer, so saving never drops it unseen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is not None:
            self.limit_choices(user)

    def limit_choices(self, user):
        for name in ("schools", "programmes", "link_page"):
            if name in self.fields:
                self.fields[name].queryset = self.targetable_or_chosen(name, user)
        if not owns_all_announcements(user) and "audience" in self.fields:
            field = self.fields["audience"]
            field.choices = [(value, label) for value, label in field.choices if value != Announcement.Audience.SITE]
            if self.initial.get("audience") == Announcement.Audience.SITE:
                self.initial["audience"] = Announcement.Audience.SCHOOLS

    def targetable_or_chosen(self, name, user):
        queryset = self.fields[name].queryset
        chosen = self.chosen_ids(name)
        offered = targetable(queryset, user)
        if name in ("schools", "programmes"):
            # Aimed at a school or programme in every language (matched by translation key): each offered once.
            offered = offered.filter(locale=Locale.get_default())
        return (offered | queryset.filter(pk__in=chosen)).distinct() if chosen else offered

    def chosen_ids(self, name):
        if not self.instance.pk:
            return []
        if name == "link_page":
            return [self.instance.link_page_id] if self.instance.link_page_id else []
        return [item.pk for item in getattr(self.instance, name).all()]

    def clean(self):
        cleaned_data = super().clean()
        audience = cleaned_data.get("audience")
        if audience == Announcement.Audience.SCHOOLS and not cleaned_data.get("schools"):
            self.add_error("schools", _("Choose at least one school, or show the announcement on the whole site."))
        if audience == Announcement.Audience.PROGRAMMES and not cleaned_data.get("programmes"):
            self.add_error(
                "programmes", _("Choose at least one programme, or show the announcement on the whole site.")
            )
        if cleaned_data.get("link_page") and cleaned_data.get("link_url"):
            self.add_error("link_url", _("Link to a page or to a web address, not both."))
        return cleaned_data


def ensure_demo_announcement(school_page, event_page):
    """The KU Leuven open-day banner: on the school's pages, live now, expiring when the open day ends.

    Running it again for the same open day changes nothing; for a moved open day it republishes the banner until
    the new end. Returns the announcement.
    """
    existing = Announcement.objects.filter(text=DEMO_ANNOUNCEMENT_TEXT).first()
    if existing is not None:
        if existing.expire_at != event_page.end or not existing.live:
            existing.expire_at = event_page.end
            existing.link_page = event_page
            existing.save_revision(log_action=True).publish()
            existing.refresh_from_db()
        return existing
    announcement = Announcement(
        text=DEMO_ANNOUNCEMENT_TEXT,
        level=Announcement.Level.IMPORTANT,
        audience=Announcement.Audience.SCHOOLS,
        link_page=event_page,
        link_text="Register for the open day",
        expire_at=event_page.end,
        live=False,
    )
    announcement.schools = [school_page]
    announcement.save()
    announcement.save_revision(log_action=True).publish()
    announcement.refresh_from_db()
    return announcement
