from django.apps import AppConfig


class OoapiConfig(AppConfig):
    name = "ooapi"
    verbose_name = "Open Education API"
