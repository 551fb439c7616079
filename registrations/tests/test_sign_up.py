"""Signing up through the public form, on PostgreSQL: places, the waiting list, bad input, the cached event page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registrations.factories import RegistrationFactory
from registrations.models import Registration, RegistrationSettings


def form_data(**changes):
    data = {"name": "Ada Lovelace", "email": "ada@example.org", "consent": "on", "heard_about": "search"}
    data.update(changes)
    return data


def sign_up(event, **changes):
    return Client().post(reverse("registrations:sign_up", args=[event.pk]), form_data(**changes))


@pytest.mark.django_db
def test_event_page_shows_places_left_and_links_to_the_form_not_the_join_link(open_day, visit):
    page = visit(open_day)
    assert page.status_code == 200
    assert "2 places left" in page.text
    assert page.links_to(reverse("registrations:sign_up", args=[open_day.pk]))
    assert "secret-room" not in page.html  # the join link goes only to those who signed up
    assert "example.org/register" not in page.html  # the external link gives way to sign-up here


@pytest.mark.django_db
def test_public_ics_download_leaves_out_the_join_link(open_day):
    response = Client().get(reverse("events:event_ics", args=[open_day.pk]))
    assert response.status_code == 200
    assert b"secret-room" not in response.content


@pytest.mark.django_db
def test_sign_up_confirms_then_waiting_list_when_full(open_day, site_tree, visit):
    from core.factories import StandardPageFactory

    privacy = StandardPageFactory(parent=site_tree.home, title="Privacy", slug="privacy")
    form = visit(reverse("registrations:sign_up", args=[open_day.pk]))
    assert form.status_code == 200
    assert site_tree.programme.title in form.text
    notice = form.soup.find("a", string=lambda s: s and "privacy notice" in s)
    assert notice is not None and notice["href"] == privacy.url

    first = sign_up(open_day, email="one@example.org", programmes=[site_tree.programme.pk])
    assert first.status_code == 302
    assert "confirmed=1" in first["Location"]
    sign_up(open_day, email="two@example.org")
    assert "Full — join the waiting list" in visit(open_day).text

    third = sign_up(open_day, email="three@example.org")
    assert "waiting=1" in third["Location"]
    assert "You are on the waiting list" in visit(third["Location"]).text
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"one@example.org": "confirmed", "two@example.org": "confirmed", "three@example.org": "waiting"}
    assert list(Registration.objects.get(email="one@example.org").programmes.all()) == [site_tree.programme]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"email": "not-an-address"}, 400, "Enter an e-mail address like name@example.org."),
        ({"name": ""}, 400, "Enter your name."),
        ({"consent": ""}, 400, "Tick the box to agree"),
        ({"heard_about": "tv"}, 400, "Choose an answer from the list."),
        ({"programmes": ["999999"]}, 400, "Choose programmes from the list."),
        ({"website": "http://spam.example"}, 400, "Your sign-up could not be accepted."),
    ],
)
def test_bad_input_gets_a_clear_4xx(open_day, changes, status, message):
    response = sign_up(open_day, **changes)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_field_errors_are_linked_to_their_inputs(open_day):
    html = sign_up(open_day, email="bad").content.decode()
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_double_sign_up_in_any_letter_case_is_refused(open_day):
    assert sign_up(open_day, email="ada@example.org").status_code == 302
    again = sign_up(open_day, email="ADA@Example.org")
    assert again.status_code == 409
    assert "already signed up" in again.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_closed_registration_is_refused_with_a_message(open_day):
    RegistrationSettings.objects.filter(page=open_day).update(closes_at=timezone.now() - timedelta(minutes=1))
    response = sign_up(open_day)
    assert response.status_code == 403
    assert "Registration for this event is closed." in response.content.decode()
    assert (
        "Registration is closed." in Client().get(reverse("registrations:sign_up", args=[open_day.pk])).content.decode()
    )


@pytest.mark.django_db
def test_not_yet_open_says_when_it_opens(open_day, visit):
    RegistrationSettings.objects.filter(page=open_day).update(opens_at=timezone.now() + timedelta(days=2))
    assert "Registration opens on" in visit(open_day).text
    assert sign_up(open_day).status_code == 403


@pytest.mark.django_db
def test_event_without_sign_up_has_no_form(site_tree):
    response = Client().get(reverse("registrations:sign_up", args=[site_tree.event.pk]))
    assert response.status_code == 404
    assert Client().post(reverse("registrations:sign_up", args=[site_tree.event.pk]), form_data()).status_code == 404


@pytest.mark.django_db
def test_sign_up_pages_are_never_cached(open_day):
    response = Client().get(reverse("registrations:sign_up", args=[open_day.pk]))
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_rate_limit_per_email(open_day, settings):
    settings.REGISTRATION_RATE_PER_EMAIL = 2
    from django.core.cache import cache

    cache.clear()
    statuses = [sign_up(open_day, email="ada@example.org").status_code for _ in range(3)]
    assert statuses == [302, 409, 429]
    cache.clear()


@pytest.mark.django_db
def test_forged_cancel_token_gets_a_clear_400():
    response = Client().get(reverse("registrations:cancel", args=["forged:token"]))
    assert response.status_code == 400
    assert "This cancel link is not valid." in response.content.decode()


@pytest.mark.django_db
def test_cancel_link_of_a_cancelled_registration_says_so(open_day):
    from registrations.services import cancel_token

    registration = RegistrationFactory(event=open_day)
    url = reverse("registrations:cancel", args=[cancel_token(registration)])
    assert Client().post(url).status_code == 200
    assert not Registration.objects.exists()
    gone = Client().get(url)
    assert gone.status_code == 404
    assert "it has been cancelled" in gone.content.decode()


@pytest.mark.django_db
def test_rate_limit_per_client_address(open_day, settings):
    from django.core.cache import cache

    settings.REGISTRATION_RATE_PER_ADDRESS = 2
    cache.clear()
    statuses = [sign_up(open_day, email=f"s{i}@example.org").status_code for i in range(3)]
    assert statuses == [302, 302, 429]
    assert "Too many sign-ups from this address" in sign_up(open_day, email="s9@example.org").content.decode()
    cache.clear()


@pytest.mark.django_db
def test_no_personal_data_in_the_logs(open_day, caplog, capsys, django_capture_on_commit_callbacks):
    from registrations.services import cancel_token

    with caplog.at_level("DEBUG"), django_capture_on_commit_callbacks(execute=True):
        sign_up(open_day, name="Ada Lovelace", email="ada@example.org")
        registration = Registration.objects.get()
        Client().post(reverse("registrations:cancel", args=[cancel_token(registration)]))
    logged = caplog.text + "".join(capsys.readouterr())
    assert "portal.request" in logged or "Sent the confirmed e-mail" in logged
    assert "ada@example.org" not in logged and "Ada Lovelace" not in logged


@pytest.mark.django_db
def test_editors_switch_registration_on_in_the_event_editor(open_day, superuser_client):
    response = superuser_client.get(reverse("wagtailadmin_pages:edit", args=[open_day.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Registration on this site" in html
    assert "registration_settings-0-capacity" in html


@pytest.mark.django_db
def test_structured_data_offers_places_and_hides_the_join_link(open_day):
    import json

    from bs4 import BeautifulSoup

    html = Client().get(open_day.url).content.decode()
    blocks = [
        json.loads(tag.string) for tag in BeautifulSoup(html, "html.parser")("script", type="application/ld+json")
    ]
    [data] = [block for block in blocks if block.get("@type") == "Event"]
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["offers"]["price"] == 0 and data["offers"]["priceCurrency"] == "EUR"
    assert data["remainingAttendeeCapacity"] == 2 and data["maximumAttendeeCapacity"] == 2
    assert data["location"]["url"].endswith(reverse("registrations:sign_up", args=[open_day.pk]))
    assert "secret-room" not in json.dumps(data)


@pytest.mark.django_db
def test_sign_up_works_while_redis_is_down(open_day, settings, smtp):
    # Nothing listens on this port (the rate limit's counter and the page cache both live in Redis).
    settings.CACHES = {
        "default": {"BACKEND": "caching.resilient_cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:18699/10"}
    }
    response = sign_up(open_day, email="during-outage@example.org")
    assert response.status_code == 302
    assert "confirmed=1" in response["Location"]
    assert Registration.objects.filter(email="during-outage@example.org", status="confirmed").exists()


@pytest.mark.django_db
def test_after_a_capacity_rise_those_waiting_get_the_places_before_newcomers(open_day, smtp):
    for email in ["one@example.org", "two@example.org", "waits@example.org"]:
        sign_up(open_day, email=email)
    RegistrationSettings.objects.filter(page=open_day).update(capacity=3)  # not yet moved up by the scheduled job

    newcomer = sign_up(open_day, email="new@example.org")

    assert "waiting=1" in newcomer["Location"]
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["waits@example.org"] == "confirmed" and statuses["new@example.org"] == "waiting"


@pytest.mark.django_db
def test_publishing_a_raised_capacity_moves_people_up_at_once(open_day, smtp, django_capture_on_commit_callbacks):
    for email in ["one@example.org", "two@example.org", "waits@example.org"]:
        sign_up(open_day, email=email)
    event = open_day.specific
    settings = event.registration_settings.get()
    settings.capacity = 3
    event.registration_settings = [settings]
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    assert Registration.objects.get(email="waits@example.org").status == "confirmed"
    [promotion] = smtp.wait_for(1)
    assert promotion["To"] == "waits@example.org" and promotion["Subject"] == f"A place is free for you: {event.title}"


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["cancelled", "postponed", "over"])
def test_a_cancellation_moves_no_one_up_for_an_event_not_going_ahead(
    open_day, smtp, django_capture_on_commit_callbacks, change
):
    from registrations.services import cancel_token

    for email in ["one@example.org", "two@example.org", "waits@example.org"]:
        sign_up(open_day, email=email)
    event = open_day.specific
    if change == "over":
        event.start, event.end = timezone.now() - timedelta(hours=2), timezone.now() - timedelta(hours=1)
    else:
        event.status = change
    event.save_revision().publish()

    leaving = Registration.objects.get(email="one@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("registrations:cancel", args=[cancel_token(leaving)]))
    assert response.status_code == 200
    assert Registration.objects.get(email="waits@example.org").status == "waiting"
    assert smtp.messages == []


@pytest.mark.django_db
def test_the_calendar_file_of_a_cancelled_event_has_no_join_link(open_day):
    from registrations import mail

    registration = RegistrationFactory(event=open_day)
    assert b"secret-room" in mail.calendar_bytes(registration, "https://portal.example.org/e/", "portal.example.org")
    open_day.status = "cancelled"
    assert b"secret-room" not in mail.calendar_bytes(
        registration, "https://portal.example.org/e/", "portal.example.org"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["closed", "cancelled", "over"])
def test_structured_data_offers_nothing_once_sign_up_is_not_open(open_day, change):
    import json

    from bs4 import BeautifulSoup

    event = open_day.specific
    if change == "closed":
        RegistrationSettings.objects.filter(page=event).update(closes_at=timezone.now() - timedelta(minutes=1))
    elif change == "cancelled":
        event.status = "cancelled"
    else:
        event.start, event.end = timezone.now() - timedelta(hours=2), timezone.now() - timedelta(hours=1)
    event.save_revision().publish()

    html = Client().get(event.url).content.decode()
    blocks = [
        json.loads(tag.string) for tag in BeautifulSoup(html, "html.parser")("script", type="application/ld+json")
    ]
    [data] = [block for block in blocks if block.get("@type") == "Event"]
    assert "offers" not in data


@pytest.mark.django_db
def test_the_rate_limit_keys_cannot_be_checked_against_a_list_of_addresses(open_day):
    import hashlib

    from django.core.cache import cache

    from registrations.throttle import PREFIX

    cache.clear()
    sign_up(open_day, email="ada@example.org")
    plain = hashlib.sha256(b"email:ada@example.org").hexdigest()[:32]
    assert cache.get(f"{PREFIX}:email:{plain}") is None  # a plain hash of a guessed address finds nothing
    cache.clear()


@pytest.mark.django_db
def test_the_next_open_day_callout_mentions_registration_when_sign_up_is_here(open_day, site_tree, visit):
    open_day.registration_url = ""
    open_day.save_revision().publish()
    callout = visit(site_tree.school).soup.find("a", class_="next-event__more")
    assert callout is not None and "Details and registration" in callout.get_text()


@pytest.mark.django_db
def test_cancelling_for_an_unpublished_event_links_nowhere_broken(open_day):
    from registrations.services import cancel_token

    registration = RegistrationFactory(event=open_day)
    open_day.unpublish()
    response = Client().post(reverse("registrations:cancel", args=[cancel_token(registration)]))
    assert response.status_code == 200
    assert "is cancelled and your details are deleted" in response.content.decode()
    assert 'href="None"' not in response.content.decode()
