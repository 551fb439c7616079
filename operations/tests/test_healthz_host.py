"""`/healthz` answers only for the hosts the site serves: a foreign Host gets the styled 400, like any other URL."""

from django.test import Client


def test_healthz_refuses_a_foreign_host_with_the_styled_400(db, settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    response = Client(raise_request_exception=False).get("/healthz", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>This address could not be understood</h1>" in html
    assert "attacker.example" not in html
    assert "database" not in html


def test_healthz_answers_for_an_allowed_host(db, settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    response = Client().get("/healthz", HTTP_HOST="portal.example.org")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
