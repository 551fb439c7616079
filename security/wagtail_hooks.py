from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_scope import ADMIN_ONLY_MENU_ITEMS, visible_pages
from .two_factor import SetupView, VerifyView


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_only_visible_pages(pages, request):
    """Page choosers (browse and search) list only pages the user may edit or that are public and unchanged."""
    return visible_pages(pages, request.user)


@hooks.register("construct_reports_menu")
def hide_site_wide_reports(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in ADMIN_ONLY_MENU_ITEMS]


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_only_visible_pages(parent_page, pages, request):
    return visible_pages(pages, request.user)


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
        "label": _("Two-factor authentication"),
        "help_text": _("Ask for a code from an authenticator app after your password."),
    }
