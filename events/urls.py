from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("events/feed.ics", views.site_feed, name="feed"),
    path("events/schools/<int:school_id>/feed.ics", views.school_feed, name="school_feed"),
    path("events/ics/<int:page_id>.ics", views.event_ics, name="event_ics"),
]
