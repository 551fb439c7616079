"""Rich text from any source (a shell, an import, an API) is sanitised on save to what its editor features allow, and
the page editor still opens it."""

import json

import pytest
from django.apps import apps
from django.db.models.signals import pre_save
from django.urls import reverse

from core.factories import StandardPageFactory
from security.rich_text import rich_text_fields, sanitise

HOSTILE = (
    '<p data-block-key="k1">Read <b>this</b> <a href="javascript:alert(1)">now</a>'
    ' and <a linktype="page" id="3">the guide</a><br>'
    '<img src="x" onerror="alert(2)"></p><script>alert(3)</script>'
    '<p data-block-key="k2" onclick="alert(4)" style="color:red"><i>Bye</i> <a href="https://kuleuven.be/">KU</a></p>'
)


def assert_harmless(html):
    for marker in ("<script", "alert(", "onerror", "onclick", "javascript:", "<img", "style="):
        assert marker not in html, (marker, html)


def assert_kept(html):
    assert '<p data-block-key="k1">' in html
    assert '<a linktype="page" id="3">the guide</a>' in html
    assert '<a href="https://kuleuven.be/">KU</a>' in html
    assert "<b>this</b>" in html and "<i>Bye</i>" in html
    assert "<br/>" in html  # self-closed, as Wagtail's editor reads it


def test_sanitise_keeps_wagtails_database_format_and_drops_the_rest():
    html = sanitise(HOSTILE, ["bold", "italic", "link"])
    assert_harmless(html)
    assert_kept(html)
    embed = '<embed embedtype="image" id="7" format="left" alt="A hall"/>'
    assert sanitise(embed, ["image"]) == embed
    assert sanitise(embed, ["bold"]) == ""
    assert sanitise('<h2 data-block-key="h">T</h2>', ["bold"]) == "T"


def test_every_model_with_rich_text_is_sanitised_on_save():
    models = [model for model in apps.get_models() if rich_text_fields(model)]
    assert len(models) >= 6
    for model in models:
        receivers = pre_save._live_receivers(model)
        assert any(getattr(receiver, "__name__", "") == "instance_saving" for receiver in receivers[0]), model


def test_a_rich_text_field_saved_from_a_shell_is_sanitised(site_tree, visit):
    programme = site_tree.programme
    programme.curriculum = HOSTILE
    programme.save_revision().publish()

    programme.refresh_from_db()
    assert_harmless(programme.curriculum)
    assert_kept(programme.curriculum)
    page = visit(programme)
    assert page.status_code == 200
    for marker in ("alert(", "onerror", "javascript:"):
        assert marker not in page.html, marker
    assert "the guide" in page.text


def test_rich_text_blocks_in_a_streamfield_are_sanitised(site_tree):
    page = StandardPageFactory(parent=site_tree.home, title="About", slug="about")
    page.body = json.dumps(
        [{"type": "paragraph", "value": HOSTILE}, {"type": "heading", "value": "<b>kept as text</b>"}]
    )
    page.save()

    page.refresh_from_db()
    stored = page.body.get_prep_value()
    paragraph = stored[0]["value"]
    assert_harmless(paragraph)
    assert_kept(paragraph)
    assert stored[1]["value"] == "<b>kept as text</b>"  # a CharBlock is not HTML: it is escaped when shown


@pytest.mark.django_db
def test_the_editor_opens_a_draft_stored_with_hostile_html(site_tree, superuser_client):
    programme = site_tree.programme
    programme.curriculum = "<p>Unclosed <b>bold</p></b><br><p>end"
    programme.save_revision()  # a draft written by a script: only the revision holds it

    response = superuser_client.get(reverse("wagtailadmin_pages:edit", args=[programme.id]))

    assert response.status_code == 200
    draft = programme.get_latest_revision_as_object()
    assert "<br/>" in draft.curriculum


def test_rich_text_stored_around_the_orm_is_cleaned_by_the_one_off_command(site_tree, visit):
    from io import StringIO

    from django.core.management import call_command
    from wagtail.models import Revision

    from programmes.models import ProgrammePage

    programme = site_tree.programme
    ProgrammePage.objects.filter(pk=programme.pk).update(curriculum=HOSTILE)  # no save(): no sanitiser ran
    old_revision = programme.save_revision()
    old_revision.content["curriculum"] = HOSTILE
    Revision.objects.filter(pk=old_revision.pk).update(content=old_revision.content)  # what History would preview
    programme.save_revision()  # a newer revision: the hostile one is now an old version
    assert "<script>alert(3)" in visit(programme.url).html  # what an import around the ORM leaves public

    dry = StringIO()
    call_command("sanitise_rich_text", "--dry-run", stdout=dry)
    assert "would change" in dry.getvalue()
    programme.refresh_from_db()
    assert "<script" in programme.curriculum

    out = StringIO()
    call_command("sanitise_rich_text", stdout=out)
    programme.refresh_from_db()
    assert_harmless(programme.curriculum)
    assert_kept(programme.curriculum)
    assert "programmes.ProgrammePage: 1 changed" in out.getvalue()
    public = visit(programme.url)
    assert "<script>alert(3)" not in public.html and "javascript:" not in public.html
    assert "the guide" in public.text
    old_revision.refresh_from_db()
    assert_harmless(old_revision.content["curriculum"])

    again = StringIO()
    call_command("sanitise_rich_text", stdout=again)
    assert "changed 0 row(s)" in again.getvalue()
