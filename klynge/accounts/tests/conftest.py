import pytest
import requests
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from klynge.accounts.tests.oidc_provider import Provider
from klynge.lib.broker import PROVIDER_ID, openid_connect_providers, origin


@pytest.fixture
def broker(settings):
    """A broker on 127.0.0.1, configured as the environment would configure it (no level check
    unless a test sets settings.KLYNGE_OIDC_REQUIRED_LOA)."""
    with Provider() as provider:
        settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers(
            server_url=provider.url,
            client_id=provider.client_id,
            secret=provider.secret,
            name="MitID Erhverv",
            scope=["openid", "email", "profile"],
        )
        settings.KLYNGE_OIDC_NAME = "MitID Erhverv"
        settings.KLYNGE_OIDC_REQUIRED_LOA = None
        csp = dict(django_settings.SECURE_CSP)
        csp["form-action"] = [*csp["form-action"], origin(provider.url)]
        settings.SECURE_CSP = csp
        yield provider


def start_url() -> str:
    """The login button's target: the Danish address, whatever language a request left on."""
    with translation.override("da"):
        return reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})


def log_in_through(client, provider, next_url="/"):
    """What a browser does: post the login button, visit the broker, come back with the code.
    Returns Klynge's answer to the callback."""
    response = client.post(start_url(), {"next": next_url})
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(f"{provider.url}/authorize?")
    at_broker = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert at_broker.status_code == 302, at_broker.text
    callback = at_broker.headers["Location"]
    assert callback.startswith("http://testserver/konto/oidc/"), callback
    return client.get(callback.removeprefix("http://testserver"))
