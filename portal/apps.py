from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from . import cache_invalidation, signals
        from .roles import register_page_permission_policy

        register_page_permission_policy()
        signals.connect()
        cache_invalidation.connect()
