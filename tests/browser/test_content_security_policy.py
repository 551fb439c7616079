"""The Content Security Policy in a real browser: no page of the public site or of the admin editor trips it."""

import pytest
from django.contrib.auth import get_user_model

from programmes.models import ProgrammePage

PASSWORD = "a-long-browser-test-password"


def csp_violations(page):
    """The browser's report of everything the policy blocked on `page`, collected as it loads."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def sign_in(page, base_url):
    user = get_user_model().objects.create_superuser("csp-editor", "csp@example.org", PASSWORD)
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/admin/")


@pytest.mark.django_db(transaction=True)
def test_public_pages_load_everything_under_the_strict_policy(demo_site, page):
    violations = csp_violations(page)
    programme = ProgrammePage.objects.live().first()
    for path in ("/en/", "/en/programmes/", programme.url, "/en/events/", "/en/search/?q=law"):
        response = page.goto(demo_site.url + path, wait_until="networkidle")
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_the_admin_page_editor_works_under_the_admin_policy(demo_site, page):
    violations = csp_violations(page)
    sign_in(page, demo_site.url)
    programme = ProgrammePage.objects.live().first()
    page.goto(f"{demo_site.url}/admin/pages/{programme.pk}/edit/", wait_until="networkidle")
    page.get_by_role("button", name="Toggle preview").click()
    heading = page.frame_locator("iframe#w-preview-iframe").locator("h1").first
    heading.wait_for(state="attached")
    assert heading.text_content().strip() == programme.title
    for path in ("/admin/images/", "/admin/documents/", "/admin/pages/search/?q=law"):
        page.goto(demo_site.url + path, wait_until="networkidle")
    assert violations == []
