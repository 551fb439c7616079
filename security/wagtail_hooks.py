from django.urls import path, reverse
from wagtail import hooks

from .two_factor import SetupView, VerifyView


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", SetupView.as_view(), name="portal_two_factor"),
        path("two-factor/verify/", VerifyView.as_view(), name="portal_two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    return {
        "url": reverse("portal_two_factor"),
        "label": "Two-factor authentication",
        "help_text": "Ask for a code from an authenticator app after your password.",
    }
