from django.urls import path

from . import views

app_name = "registrations"
urlpatterns = [
    path("events/<int:page_id>/sign-up/", views.sign_up, name="sign_up"),
    path("events/<int:page_id>/sign-up/done/", views.done, name="done"),
    path("events/sign-up/cancel/<str:token>/", views.cancel, name="cancel"),
]
