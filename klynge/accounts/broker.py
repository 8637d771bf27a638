"""Log-in through a MitID Erhverv broker (allauth's OpenID Connect provider, configured from the
environment; see klynge/lib/broker.py).

The broker vouches for a person; Klynge decides who that is. A login goes on only when
- the ID token's NSIS level is at least KLYNGE_OIDC_REQUIRED_LOA (when one is set),
- the broker says the e-mail address is verified, and
- the address is an account's, or a registered person's without one (the account is then made,
  as login by code does).
Everything else gets a Danish page saying why. Nobody is signed up from the broker alone, and no
link to the broker identity is stored: the broker's claims are not kept. A login whose token met a
required level of Betydelig or higher counts as two-factor for the session.
"""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa import stages as mfa_stages
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from klynge.accounts.models import User
from klynge.accounts.services import provision_account
from klynge.lib.broker import Level, level

logger = logging.getLogger(__name__)

LEVEL_NAMES = {
    Level.LOW: _lazy("Lav"),
    Level.SUBSTANTIAL: _lazy("Betydelig"),
    Level.HIGH: _lazy("Høj"),
}


def claims(sociallogin) -> tuple[dict, dict]:
    """The ID token's claims and the user-info answer, as allauth received them."""
    data = sociallogin.account.extra_data or {}
    return data.get("id_token") or {}, data.get("userinfo") or {}


def token_level(sociallogin) -> Level | None:
    """The NSIS level the ID token vouches for (never the user-info answer)."""
    id_token, _userinfo = claims(sociallogin)
    return level(id_token.get(settings.KLYNGE_OIDC_LOA_CLAIM))


def level_is_enough(sociallogin) -> bool:
    required = settings.KLYNGE_OIDC_REQUIRED_LOA
    found = token_level(sociallogin)
    return required is None or (found is not None and found >= required)


def counts_as_two_factor(sociallogin) -> bool:
    """A required level was checked, and the token's is one that takes two factors."""
    found = token_level(sociallogin)
    return (
        settings.KLYNGE_OIDC_REQUIRED_LOA is not None
        and found is not None
        and found >= max(settings.KLYNGE_OIDC_REQUIRED_LOA, Level.SUBSTANTIAL)
    )


def verified_email(sociallogin) -> str | None:
    """The address the broker vouches for (user-info first, as allauth reads it, then the ID
    token), or None when it has none or does not say it is verified."""
    id_token, userinfo = claims(sociallogin)
    for source in (userinfo, id_token):
        email = source.get(settings.KLYNGE_OIDC_EMAIL_CLAIM)
        if isinstance(email, str) and email.strip():
            verified = source.get("email_verified")
            return email.strip().lower() if verified in (True, "true") else None
    return None


def account_for(email: str):
    """The account with this address; a registered person without one gets it now."""
    provision_account(email)
    return User.objects.filter(email__iexact=email).first()


def refuse(request, reason: str, message: str):
    """Stop the login with a Danish page; the log says why without naming the person."""
    logger.warning("Broker login refused: %s", reason)
    context = {"message": message, "broker": settings.KLYNGE_OIDC_NAME}
    raise ImmediateHttpResponse(render(request, "socialaccount/refused.html", context, status=403))


class BrokerAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        # The callback has one (Danish) address; the page's language comes back in `next`.
        language = translation.get_language_from_path(sociallogin.state.get("next") or "")
        with translation.override(language or translation.get_language()):
            sociallogin.user = self.account_or_refuse(request, sociallogin)

    def account_or_refuse(self, request, sociallogin):
        name = settings.KLYNGE_OIDC_NAME
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            refuse(
                request,
                "connect",
                _(
                    "Log ind med %(broker)s finder din konto ud fra din e-mailadresse; "
                    "der er ikke noget at forbinde."
                )
                % {"broker": name},
            )
        if not level_is_enough(sociallogin):
            refuse(
                request,
                "level",
                _(
                    "%(broker)s bekræftede ikke dit login på sikringsniveau %(level)s eller "
                    "højere. Log ind igen med MitID, eller brug din e-mail og adgangskode."
                )
                % {"broker": name, "level": LEVEL_NAMES[settings.KLYNGE_OIDC_REQUIRED_LOA]},
            )
        email = verified_email(sociallogin)
        if email is None:
            refuse(
                request,
                "unverified e-mail",
                _(
                    "%(broker)s sendte ikke en bekræftet e-mailadresse, så vi kan ikke finde din "
                    "konto. Bed din organisations MitID Erhverv-administrator om at registrere din "
                    "e-mailadresse, eller log ind med e-mail og adgangskode."
                )
                % {"broker": name},
            )
        user = account_for(email)
        if user is None:
            refuse(
                request,
                "unknown e-mail",
                _(
                    "Klynge kender ikke e-mailadressen %(email)s. Konti oprettes ikke ved login: "
                    "bed din klyngekoordinator eller sekretariatet om at registrere dig med den "
                    "e-mailadresse, du har i %(broker)s."
                )
                % {"email": email, "broker": name},
            )
        return user

    def on_authentication_error(self, request, provider, error=None, exception=None, **kwargs):
        logger.warning(
            "Broker login failed: %s (%s)", error, type(exception).__name__ if exception else "-"
        )


class AuthenticateStage(mfa_stages.AuthenticateStage):
    """allauth's second-factor step, skipped when the broker's token already vouched for two."""

    def _should_handle(self, request) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and counts_as_two_factor(sociallogin):
            return False
        return super()._should_handle(request)
