from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = "Caching"

    def ready(self):
        from core import ports

        from . import dependencies, invalidation, memo

        ports.provide("remember", memo.remember)
        ports.provide("depends_on", dependencies.collect)
        invalidation.connect()
