"""Optional two-factor sign-in for staff: a code from an authenticator app (TOTP, through django-otp).

A staff member turns it on under Account → Two-factor authentication by entering the key into an app and confirming
one code. From then on the password alone is not enough: until a current code is given, every request of that session
is sent to the code page, so no admin page, preview or document is reachable with a stolen password. Staff without an
app sign in with their password as before.
"""

from base64 import b32encode
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic import WagtailAdminTemplateMixin


def has_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class TwoFactorMiddleware:
    """Sends a signed-in user who has an authenticator app but has not given its code to the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        locked = user.is_authenticated and not user.is_verified() and not self.is_open(request.path)
        if locked and has_authenticator(user):  # the query only for signed-in staff without a verified code
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal_two_factor_verify')}?{query}")
        return self.get_response(request)

    @staticmethod
    def is_open(path):
        return path in {reverse("portal_two_factor_verify"), reverse("wagtailadmin_logout")}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "")


WRONG_CODE = gettext_noop("That code is not right or has expired. Enter the code your app shows now.")


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if target and allowed else default


class VerifyView(FormView):
    """The second step of signing in, laid out like Wagtail's sign-in page."""

    template_name = "security/two_factor_verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified() or not has_authenticator(request.user):
            return redirect(safe_next(request, reverse("wagtailadmin_home")))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": safe_next(self.request, reverse("wagtailadmin_home"))}

    def form_valid(self, form):
        device = match_token(self.request.user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", gettext(WRONG_CODE))
            return self.form_invalid(form)
        otp_login(self.request, device)
        return redirect(safe_next(self.request, reverse("wagtailadmin_home")))


class SetupView(WagtailAdminTemplateMixin, FormView):
    """Turn the second step on (show the key, confirm one code) or off (with a current code)."""

    template_name = "security/two_factor_setup.html"
    form_class = CodeForm
    page_title = _("Two-factor authentication")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_account"), "label": _("Account")}, {"url": "", "label": self.page_title}]

    def pending_device(self):
        device, _created = TOTPDevice.objects.get_or_create(
            user=self.request.user, confirmed=False, defaults={"name": "Authenticator app"}
        )
        return device

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enabled"] = has_authenticator(self.request.user)
        if not context["enabled"]:
            device = self.pending_device()
            secret = b32encode(device.bin_key).decode()
            context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
            context["config_url"] = device.config_url
        return context

    def form_valid(self, form):
        user = self.request.user
        code = form.cleaned_data["code"]
        if has_authenticator(user):
            if match_token(user, code) is None:
                form.add_error("code", gettext(WRONG_CODE))
                return self.form_invalid(form)
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(self.request, _("Two-factor authentication is off: your password alone signs you in."))
            return redirect("portal_two_factor")
        device = self.pending_device()
        if not device.verify_token(code):
            form.add_error("code", gettext(WRONG_CODE))
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        messages.success(
            self.request, _("Two-factor authentication is on: you will be asked for a code after your password.")
        )
        return redirect("portal_two_factor")
