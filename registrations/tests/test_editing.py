"""Editors switch sign-up on in the event's editor; publishing keeps the registrations already taken."""

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
