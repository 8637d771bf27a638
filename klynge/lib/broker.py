"""Log-in through a MitID Erhverv broker: the NSIS assurance levels it vouches for, and allauth's
OpenID Connect provider settings built from the environment (see settings.py and the README).

Plain values only: settings.py imports this module before any app is loaded.
"""

import re
from enum import IntEnum
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# allauth's provider id; the broker is given the callback /konto/oidc/<PROVIDER_ID>/login/callback/.
PROVIDER_ID = "mitid-erhverv"
# Where NemLog-in and the MitID Erhverv brokers put the level ("Substantial" or a URI ending so).
LOA_CLAIM = "https://data.gov.dk/concept/core/nsis/loa"


class Level(IntEnum):
    """NSIS sikringsniveauer: Lav, Betydelig, Høj. Betydelig and Høj always take two factors."""

    LOW = 1
    SUBSTANTIAL = 2
    HIGH = 3


NAMES = {
    "low": Level.LOW,
    "lav": Level.LOW,
    "substantial": Level.SUBSTANTIAL,
    "betydelig": Level.SUBSTANTIAL,
    "high": Level.HIGH,
    "høj": Level.HIGH,
}


def level(value) -> Level | None:
    """The level a claim names: "Substantial", "Betydelig" or a URI such as
    "https://data.gov.dk/concept/core/nsis/Substantial"; None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    word = re.split(r"[/:#]", value.strip())[-1]
    return NAMES.get(word.lower())


def required_level(value: str) -> Level | None:
    """KLYNGE_OIDC_REQUIRED_LOA: empty for no check, else a level name (low, substantial, high)."""
    if not value.strip():
        return None
    found = level(value)
    if found is None:
        raise ImproperlyConfigured(
            f"KLYNGE_OIDC_REQUIRED_LOA must be low, substantial or high, not {value!r}"
        )
    return found


def openid_connect_providers(
    server_url: str, client_id: str, secret: str, name: str, scope: list[str]
) -> dict:
    """SOCIALACCOUNT_PROVIDERS with the one broker, or nothing when no server URL is set."""
    if not server_url:
        return {}
    if not client_id or not secret:
        raise ImproperlyConfigured(
            "KLYNGE_OIDC_SERVER_URL is set: KLYNGE_OIDC_CLIENT_ID and KLYNGE_OIDC_CLIENT_SECRET "
            "must be set too."
        )
    app = {
        "provider_id": PROVIDER_ID,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": server_url,
            "scope": scope,
            # Proof key for the code exchange (RFC 7636): the brokers support it, and a stolen
            # authorisation code is then worth nothing.
            "oauth_pkce_enabled": True,
        },
    }
    return {"openid_connect": {"APPS": [app]}}


def origin(url: str) -> str:
    """scheme://host[:port] of a URL, for the Content-Security-Policy's form-action."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
