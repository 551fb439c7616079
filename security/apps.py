from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Security"

    def ready(self):
        from . import rich_text, signals
        from .roles import register_page_permission_policy

        register_page_permission_policy()
        signals.connect()
        rich_text.connect()
