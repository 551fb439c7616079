from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = "Caching"

    def ready(self):
        from core import ports

        from . import invalidation, memo

        ports.provide("remember", memo.remember)
        invalidation.connect()
