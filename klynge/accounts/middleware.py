from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from klynge.clusters.access import privileged

MFA_OK = "klynge_mfa_ok"


class RequireMFAMiddleware:
    """When KLYNGE_REQUIRE_MFA is on, coordinators, board, secretariat and regional users must set
    up two-factor login (TOTP or a security key) before they can use anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.KLYNGE_REQUIRE_MFA
            and request.user.is_authenticated
            and not request.session.get(MFA_OK)
            and not self.exempt(request.path_info)
        ):
            if self.needs_mfa(request.user):
                return redirect("mfa_activate_totp")
            request.session[MFA_OK] = True
        return self.get_response(request)

    @staticmethod
    def needs_mfa(user) -> bool:
        from allauth.mfa.models import Authenticator

        if not privileged(user):
            return False
        kinds = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        return not Authenticator.objects.filter(user=user, type__in=kinds).exists()

    @staticmethod
    def exempt(path: str) -> bool:
        prefixes = [reverse("mfa_index"), reverse("account_logout"), settings.STATIC_URL]
        prefixes.append(reverse("account_login").rsplit("/", 2)[0] + "/")
        return any(path.startswith(prefix) for prefix in prefixes)


class NoStoreMiddleware:
    """Pages may hold personal data: no browser or proxy keeps a copy unless a view says so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response
