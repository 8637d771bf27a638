"""Keeping the session's two-factor mark (middleware.MFA_OK) true to how the user logged in."""

from allauth.account.signals import user_logged_in
from allauth.mfa.signals import authenticator_removed
from django.dispatch import receiver

from klynge.accounts.broker import counts_as_two_factor
from klynge.accounts.middleware import MFA_OK


@receiver(user_logged_in)
def broker_login_is_two_factor(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is not None and counts_as_two_factor(sociallogin):
        request.session[MFA_OK] = "broker"


@receiver(authenticator_removed)
def check_enrolment_again(sender, request, user, **kwargs):
    """Removing a second factor may leave none: the next request looks again."""
    if request.session.get(MFA_OK) is True:
        del request.session[MFA_OK]
