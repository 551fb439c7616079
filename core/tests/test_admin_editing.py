"""An editor changes a programme through the real Wagtail edit form: drafts stay private, previews show the change,
publishing makes it public."""

import json
import re
from datetime import date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail.test.utils.form_data import querydict_from_html

from events.factories import BRUSSELS
from events.models import EventPage
from programmes.models import ProgrammePage

NEW_SUMMARY = "Two years of European social security law, taught by the people who write it."


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.id])


def add_empty_streamfields(html, data):
    """StreamFields are drawn by the admin's JavaScript, which posts `<name>-count` and one group of fields per block.
    The test programmes' StreamFields are empty, so the browser would send only a count of 0."""
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    for widget in form.find_all(attrs={"data-controller": "w-block"}):
        value = json.loads(widget["data-w-block-arguments-value"])[0]
        assert not value, f"{widget['id']} is not empty: this helper only handles empty StreamFields"
        data[f"{widget['id']}-count"] = "0"


def edit_form_data(client, page, **changes):
    """Everything the edit form would send unchanged (fields, inline formsets and their management forms), plus
    `changes`: read from the form the admin renders, as a browser would."""
    response = client.get(edit_url(page))
    assert response.status_code == 200
    html = response.content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    add_empty_streamfields(html, data)
    for name, value in changes.items():
        data[name] = value
    return data


def form_errors(response):
    """The edit form's own and its inline formsets' errors, for failure messages."""
    if not response.context or "form" not in response.context:
        return response
    form = response.context["form"]
    formsets = {name: (formset.errors, formset.non_form_errors()) for name, formset in form.formsets.items()}
    return {"form": form.errors, "non_field": form.non_field_errors(), "formsets": formsets}


def save(client, page, data, publish=False):
    if publish:
        data["action-publish"] = "action-publish"
    response = client.post(edit_url(page), data)
    # A valid form redirects; an invalid one re-renders the form (200) with its errors.
    assert response.status_code == 302, form_errors(response)
    return response


@pytest.fixture
def programme(site_tree):
    return site_tree.programme


def test_the_form_holds_every_fact_the_page_shows(superuser_client, programme):
    response = superuser_client.get(edit_url(programme))
    html = response.content.decode()

    assert response.status_code == 200
    for name in ("title", "summary", "ects_credits", "duration_months", "degree_type", "study_mode", "programme_url"):
        assert f'name="{name}"' in html, name
    # The "last reviewed" date and the application deadline (an inline row) are editable.
    assert 'name="last_reviewed"' in html
    assert 'name="deadlines-0-date"' in html
    assert 'name="deadlines-0-applicant_group"' in html
    # The inline formsets carry their management forms.
    for prefix in ("teaching_languages", "intakes", "deadlines", "tuition_fees"):
        for field in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            assert f'name="{prefix}-{field}"' in html, f"{prefix}-{field}"


def test_a_draft_stays_private_until_it_is_published(superuser_client, programme, visit):
    data = edit_form_data(superuser_client, programme, summary=NEW_SUMMARY, ects_credits="90")

    save(superuser_client, programme, data)

    programme.refresh_from_db()
    assert programme.has_unpublished_changes
    public = visit(programme)
    assert public.status_code == 200
    assert NEW_SUMMARY not in public.text
    assert re.search(r"ECTS credits\s+120\b", public.text)

    save(superuser_client, programme, edit_form_data(superuser_client, programme), publish=True)

    public = visit(programme)
    assert NEW_SUMMARY in public.text
    assert re.search(r"ECTS credits\s+90\b", public.text)


def test_the_preview_shows_the_unsaved_change(superuser_client, programme, visit):
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[programme.id])
    data = edit_form_data(superuser_client, programme, summary=NEW_SUMMARY, ects_credits="90")
    data["deadlines-0-applicant_group"] = "Applicants seen in the preview"  # an unsaved fact (a child row)

    response = superuser_client.post(preview_url, data)
    assert response.status_code == 200
    assert response.json()["is_valid"] is True

    preview = superuser_client.get(preview_url)
    assert preview.status_code == 200
    preview_text = " ".join(BeautifulSoup(preview.content, "html.parser").get_text(" ").split())
    assert NEW_SUMMARY in preview_text
    assert re.search(r"ECTS credits\s+90\b", preview_text)
    assert "Applicants seen in the preview" in preview_text
    # Previewing changes nothing for visitors.
    assert NEW_SUMMARY not in visit(programme).text
    assert "Applicants seen in the preview" not in visit(programme).text


def test_an_invalid_change_is_refused_and_nothing_changes(superuser_client, programme, visit):
    data = edit_form_data(superuser_client, programme, ects_credits="0")
    data["action-publish"] = "action-publish"

    response = superuser_client.post(edit_url(programme), data)

    assert response.status_code == 200
    assert "ects_credits" in response.context["form"].errors
    assert re.search(r"ECTS credits\s+120\b", visit(programme).text)


def test_publishing_new_deadline_and_review_dates_shows_them(superuser_client, programme, visit):
    deadline = timezone.localdate() + timedelta(days=45)
    reviewed = date(2026, 11, 20)
    data = edit_form_data(
        superuser_client,
        programme,
        **{"deadlines-0-date": deadline.isoformat(), "last_reviewed": reviewed.isoformat()},
    )

    save(superuser_client, programme, data, publish=True)

    programme = ProgrammePage.objects.get(pk=programme.pk)
    assert programme.last_reviewed == reviewed
    assert [d.date for d in programme.deadlines.all()] == [deadline]
    page = visit(programme)
    assert re.search(rf"Next application deadline\s+{format_date(deadline, 'j F Y')}\s+Open", page.text)
    assert re.search(r"last reviewed:?\s+20 November 2026", page.text, re.IGNORECASE)


def test_saving_the_form_unchanged_keeps_every_date(superuser_client, programme):
    """The dates the admin writes into its form must read back as the same dates (5 February, not 2 May)."""
    next_year = timezone.localdate().year + 1
    programme.deadlines.update(date=date(next_year, 2, 5))
    ProgrammePage.objects.filter(pk=programme.pk).update(last_reviewed=date(2026, 10, 3))

    save(superuser_client, programme, edit_form_data(superuser_client, programme), publish=True)

    programme = ProgrammePage.objects.get(pk=programme.pk)
    assert programme.last_reviewed == date(2026, 10, 3)
    assert [d.date for d in programme.deadlines.all()] == [date(next_year, 2, 5)]


def test_saving_an_event_unchanged_keeps_its_start_and_end(superuser_client, site_tree):
    event = site_tree.event
    start = datetime(timezone.localdate().year + 1, 3, 5, 10, 0, tzinfo=BRUSSELS)
    EventPage.objects.filter(pk=event.pk).update(start=start, end=start + timedelta(hours=3))

    save(superuser_client, event, edit_form_data(superuser_client, event), publish=True)

    event = EventPage.objects.get(pk=event.pk)
    assert (event.start, event.end) == (start, start + timedelta(hours=3))
