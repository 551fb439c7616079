from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from core import ports

        from . import pages, signals

        ports.provide("matching_ids", pages.matching_ids)
        signals.connect()
