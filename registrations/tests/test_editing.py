"""Editors switch sign-up on in the event's editor; publishing keeps the registrations already taken."""

from datetime import timedelta

from django.urls import reverse

from registrations.factories import RegistrationFactory
from registrations.models import Registration, RegistrationSettings
from security.tests.role_tree import page_form_data


def publish_with(client, event, **changes):
    data = page_form_data(event, **changes)
    data["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), data)


def test_publishing_the_event_with_registration_switches_sign_up_on(site_tree, superuser_client, visit):
    event = site_tree.event
    inline = {
        "registration_settings-TOTAL_FORMS": "1",
        "registration_settings-INITIAL_FORMS": "0",
        "registration_settings-0-enabled": "on",
        "registration_settings-0-capacity": "25",
        "registration_settings-0-ask_programmes": "on",
        "registration_settings-0-consent_text": "I agree.",
    }
    response = publish_with(superuser_client, event, **inline)
    assert response.status_code == 302, response.content.decode()[:2000]
    settings = RegistrationSettings.objects.get(page=event)
    assert settings.capacity == 25 and not settings.ask_heard_about
    assert "25 places left" in visit(event.url).text

    RegistrationFactory(event=event)
    assert publish_with(superuser_client, event.specific, title="Law open day 2027").status_code == 302
    assert Registration.objects.filter(event=event).count() == 1  # an edit keeps the sign-ups
    assert "24 places left" in visit(event.url).text


def test_the_events_app_does_not_name_the_registration_settings_it_edits(superuser_client, site_tree):
    """Layering: registrations adds its panel to the event editor (EventPage.add_content_panels); events never
    names the relation. The editor still shows it, after the event's own fields."""
    import inspect

    import events.models

    assert "registration_settings" not in inspect.getsource(events.models)
    html = superuser_client.get(reverse("wagtailadmin_pages:edit", args=[site_tree.event.pk])).content.decode()
    assert html.index("registration_settings-TOTAL_FORMS") > html.index('name="related_programmes"')


def settings_inline(**fields):
    data = {
        "registration_settings-TOTAL_FORMS": "1",
        "registration_settings-INITIAL_FORMS": "0",
        "registration_settings-0-enabled": "on",
        "registration_settings-0-consent_text": "I agree.",
    }
    data.update({f"registration_settings-0-{name}": value for name, value in fields.items()})
    return data


def test_a_registration_window_that_closes_before_it_opens_is_refused_in_the_editor(site_tree, superuser_client):
    from django.utils import timezone

    event = site_tree.event
    local = timezone.localtime(event.start)
    day_before = (local - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    two_days_before = (local - timedelta(days=2)).strftime("%Y-%m-%d %H:%M")

    backwards = publish_with(superuser_client, event, **settings_inline(opens_at=day_before, closes_at=two_days_before))
    assert backwards.status_code == 200
    assert "Registration must close after it opens." in backwards.content.decode()
    assert not RegistrationSettings.objects.filter(page=event).exists()


def test_registration_cannot_close_after_the_event_starts(site_tree):
    import pytest
    from django.core.exceptions import ValidationError

    event = site_tree.event
    settings = RegistrationSettings(page=event, closes_at=event.start + timedelta(hours=1))
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert refused.value.message_dict["closes_at"] == ["Registration must close by the start of the event."]
    settings.closes_at = event.start
    settings.full_clean()  # closing as it starts is the default, and fine
