"""Request-level security helpers: the Wagtail admin's own Content Security Policy and the client address for lockouts.

The public site runs under the strict `SECURE_CSP` (Django's ContentSecurityPolicyMiddleware). The Wagtail admin
cannot: its page editor, choosers and widgets write inline <script> and style="" attributes that carry no nonce. So
every response under `PORTAL_ADMIN_CSP_PATHS` gets `PORTAL_ADMIN_CSP` instead, which allows inline code but keeps
everything else of the public policy (same-origin only, no plugins, no foreign <base>, forms post to the site only).
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy


class AdminContentSecurityPolicyMiddleware:
    """Put the admin policy on admin responses. Listed after Django's CSP middleware, which keeps a header it finds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        overridden = hasattr(response, "_csp_config")  # a view's own @csp_override wins
        if not overridden and self.is_admin(request.path):
            # Replaces, not only fills in: a page preview renders the page through the whole middleware stack
            # again, for the page's public URL, and comes back with the public policy, which forbids the framing.
            response[str(CSP.HEADER_ENFORCE)] = build_policy(settings.PORTAL_ADMIN_CSP, get_nonce(request))
        return response

    @staticmethod
    def is_admin(path):
        return any(path.startswith(prefix) for prefix in settings.PORTAL_ADMIN_CSP_PATHS)


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that comes with a request, i.e. every sign-in form.

    An authenticate() call without one (a management command, the test client's login()) has no client to lock out
    or count, so it goes straight on to the next backend instead of being refused.
    """

    def authenticate(self, request=None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request):
    """The visitor's address for login lockouts (django-axes' AXES_CLIENT_IP_CALLABLE).

    Behind TRUSTED_PROXY_COUNT reverse proxies, the address the nearest proxy saw is that many entries from the right
    of X-Forwarded-For (entries further left are whatever the client sent, so never trusted). Without proxies it is
    REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
