from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("programmes/compare/", views.compare, name="compare"),
]
