from django.urls import path, re_path

from . import views

app_name = "ooapi"

urlpatterns = [
    path("", views.service, name="service"),
    path("organisations", views.organisations, name="organisations"),
    path("organisations/<str:organisation_id>", views.organisation, name="organisation"),
    path(
        "organisations/<str:organisation_id>/programmes", views.organisation_programmes, name="organisation-programmes"
    ),
    path("programmes", views.programmes, name="programmes"),
    path("programmes/<str:programme_id>", views.programme, name="programme"),
    path("programmes/<str:programme_id>/programme-offerings", views.programme_offerings, name="programme-offerings"),
    path("programme-offerings/<str:offering_id>", views.programme_offering, name="programme-offering"),
    path("academic-sessions", views.academic_sessions, name="academic-sessions"),
    path("academic-sessions/<str:session_id>", views.academic_session, name="academic-session"),
    re_path(r"^.*$", views.unknown, name="unknown"),
]
