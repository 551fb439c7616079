from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Security"

    def ready(self):
        from core import ports

        from . import rich_text, signals
        from .roles import register_page_permission_policy
        from .sign_in import client_ip

        register_page_permission_policy()
        signals.connect()
        rich_text.connect()
        ports.provide("client_address", client_ip)
