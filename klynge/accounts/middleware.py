from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from klynge.clusters.access import privileged

# In the session: the two-factor requirement is met ("broker" when a broker login vouched for it).
MFA_OK = "klynge_mfa_ok"

# What a privileged user who has not enrolled may reach: the enrolment pages and what they need
# (allauth asks for the password again first), logging out, and logging in anew through the broker.
ENROLMENT = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_list_webauthn",
        "mfa_add_webauthn",
        "account_reauthenticate",
        "account_logout",
        "openid_connect_login",
        "openid_connect_callback",
    }
)


class RequireMFAMiddleware:
    """When KLYNGE_REQUIRE_MFA is on, coordinators, board, secretariat and regional users must set
    up two-factor login (TOTP or a security key) before they can use anything else: until then
    every page, the account pages included, sends them to the enrolment page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.KLYNGE_REQUIRE_MFA
            and request.user.is_authenticated
            and not request.session.get(MFA_OK)
            and not self.allowed_before_enrolment(request.path_info)
        ):
            if self.needs_mfa(request.user):
                messages.warning(
                    request,
                    _(
                        "Du skal slå to-faktor-login til, før du kan bruge Klynge. Vælg en "
                        "autentificeringsapp eller en sikkerhedsnøgle herunder, eller log af."
                    ),
                )
                return redirect("mfa_index")
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
    def allowed_before_enrolment(path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            # Nothing there to protect; a 404 page must not swallow the message above.
            return True
        return match.view_name in ENROLMENT


class NoStoreMiddleware:
    """Pages may hold personal data: no browser or proxy keeps a copy unless a view says so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response
