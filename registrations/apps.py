from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from wagtail.signals import page_published

        from events.models import EventPage

        from .models import settings_panel
        from .services import promote_after_publish

        EventPage.add_content_panels(settings_panel())

        def promote_on_publish(sender, instance, **kwargs):
            promote_after_publish(instance)

        page_published.connect(promote_on_publish, sender=EventPage, weak=False, dispatch_uid="registrations-promote")
