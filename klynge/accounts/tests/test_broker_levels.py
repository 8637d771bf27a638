"""The NSIS levels as brokers write them, and the provider settings built from the environment."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from klynge.lib.broker import Level, level, openid_connect_providers, origin, required_level


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("Low", Level.LOW),
        ("Lav", Level.LOW),
        ("Substantial", Level.SUBSTANTIAL),
        ("substantial", Level.SUBSTANTIAL),
        ("Betydelig", Level.SUBSTANTIAL),
        ("https://data.gov.dk/concept/core/nsis/Substantial", Level.SUBSTANTIAL),
        ("https://data.gov.dk/concept/core/nsis/loa/High", Level.HIGH),
        ("urn:dk:gov:saml:attribute:AssuranceLevel:high", Level.HIGH),
        ("Høj", Level.HIGH),
        (" High ", Level.HIGH),
        ("Næsten", None),
        ("3", None),
        ("", None),
        (None, None),
        (["Substantial"], None),
        (2, None),
    ],
)
def test_level_of_a_claim(claim, expected):
    assert level(claim) == expected


def test_the_required_level_setting():
    assert required_level("") is None
    assert required_level("  ") is None
    assert required_level("substantial") == Level.SUBSTANTIAL
    assert required_level("Betydelig") == Level.SUBSTANTIAL
    assert required_level("high") == Level.HIGH
    with pytest.raises(ImproperlyConfigured, match="KLYNGE_OIDC_REQUIRED_LOA"):
        required_level("medium")


def test_levels_are_ordered():
    assert Level.LOW < Level.SUBSTANTIAL < Level.HIGH


def test_no_server_means_no_provider():
    assert openid_connect_providers("", "", "", "MitID Erhverv", ["openid"]) == {}


def test_a_server_without_client_credentials_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="KLYNGE_OIDC_CLIENT_ID"):
        openid_connect_providers("https://broker.example", "klynge", "", "MitID Erhverv", [])


def test_the_provider_settings():
    providers = openid_connect_providers(
        "https://broker.example/op", "klynge", "hemmelig", "MitID Erhverv", ["openid", "nemlogin"]
    )
    (app,) = providers["openid_connect"]["APPS"]
    assert app["provider_id"] == "mitid-erhverv"
    assert app["name"] == "MitID Erhverv"
    assert (app["client_id"], app["secret"]) == ("klynge", "hemmelig")
    assert app["settings"]["server_url"] == "https://broker.example/op"
    assert app["settings"]["scope"] == ["openid", "nemlogin"]
    assert app["settings"]["oauth_pkce_enabled"] is True


def test_origin():
    assert origin("https://broker.example/op/connect") == "https://broker.example"
    assert origin("http://127.0.0.1:8123") == "http://127.0.0.1:8123"


def test_settings_from_the_environment(tmp_path):
    """The settings module reads the broker from the environment, the secret from a file too."""
    import json
    import os
    import subprocess
    import sys

    secret = tmp_path / "secret"
    secret.write_text("fra-en-fil\n")
    env = {
        **os.environ,
        "KLYNGE_OIDC_SERVER_URL": "https://broker.example/op/",
        "KLYNGE_OIDC_CLIENT_ID": "klynge",
        "KLYNGE_OIDC_CLIENT_SECRET_FILE": str(secret),
        "KLYNGE_OIDC_NAME": "MitID Erhverv (test)",
        "KLYNGE_OIDC_REQUIRED_LOA": "substantial",
        "KLYNGE_OIDC_SCOPE": "openid nemlogin",
    }
    script = (
        "import json, klynge.settings as s; print(json.dumps([s.SOCIALACCOUNT_PROVIDERS,"
        " int(s.KLYNGE_OIDC_REQUIRED_LOA), s.SECURE_CSP['form-action']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    providers, required, form_action = json.loads(result.stdout)
    (app,) = providers["openid_connect"]["APPS"]
    assert app["secret"] == "fra-en-fil"
    assert app["name"] == "MitID Erhverv (test)"
    assert app["settings"]["server_url"] == "https://broker.example/op"
    assert app["settings"]["scope"] == ["openid", "nemlogin"]
    assert required == Level.SUBSTANTIAL
    assert form_action == ["'self'", "https://broker.example"]
