from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from wagtail.signals import page_published

        from .synchronised import page_published_handler

        page_published.connect(page_published_handler, dispatch_uid="core.synchronise_translations")
