"""The MitID Erhverv broker's log-in button, from settings alone (no query on the login page)."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from klynge.lib.broker import PROVIDER_ID

register = template.Library()


@register.simple_tag
def broker_name() -> str:
    """The broker's name when one is configured, else an empty string."""
    return settings.KLYNGE_OIDC_NAME if settings.SOCIALACCOUNT_PROVIDERS else ""


@register.inclusion_tag("socialaccount/broker_button.html", takes_context=True)
def broker_login(context) -> dict:
    """A form that starts the broker login; nothing at all when no broker is configured."""
    if not settings.SOCIALACCOUNT_PROVIDERS:
        return {"broker": ""}
    # Always the Danish address, so the broker knows one callback URL whatever the page's
    # language; the next page (in the page's language) comes back through `next`.
    with translation.override(settings.LANGUAGE_CODE):
        action = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    request = context.get("request")
    next_url = context.get("redirect_field_value") or (request and request.GET.get("next"))
    return {
        "broker": settings.KLYNGE_OIDC_NAME,
        "action": action,
        "next": next_url or reverse("dashboard"),
        "csrf_token": context.get("csrf_token"),
    }
