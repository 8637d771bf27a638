"""Log-in through a MitID Erhverv broker, end to end against an OpenID Connect provider on
127.0.0.1 (tests/oidc_provider.py): discovery, authorize, token and user-info over real HTTP."""

import pytest
import requests
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from klynge.accounts.middleware import MFA_OK
from klynge.accounts.models import User
from klynge.accounts.tests.conftest import log_in_through, start_url
from klynge.accounts.tests.oidc_provider import Person
from klynge.conftest import make_person
from klynge.lib.broker import LOA_CLAIM, Level


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def test_login_reaches_the_dashboard_as_the_matched_person(world, client, broker):
    broker.person = Person("sub-karen", "Coordinator@Example.dk")
    response = log_in_through(client, broker)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_as(client) == str(world.users["coordinator"].pk)
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert "Karen Koordinator" in dashboard.text
    assert world.cluster_a.name in dashboard.text
    # The code was exchanged and the user-info fetched, server to server.
    assert ("POST", "/token") in broker.log and ("GET", "/userinfo") in broker.log
    # Nothing of the broker's is kept: no linked identity, no stored claims.
    assert SocialAccount.objects.count() == 0


def test_a_registered_person_without_an_account_gets_one(world, client, broker):
    person = make_person("Nina Nyansat", world.clinic_a2, email="nina@example.dk")
    broker.person = Person("sub-nina", "nina@example.dk")
    response = log_in_through(client, broker)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is not None and person.user.email == "nina@example.dk"
    assert logged_in_as(client) == str(person.user.pk)
    assert client.get(reverse("clusters:detail", args=[world.cluster_a.slug])).status_code == 200


def test_an_unknown_email_is_refused_and_no_account_is_made(world, client, broker):
    broker.person = Person("sub-x", "fremmed@example.dk")
    response = log_in_through(client, broker)
    assert response.status_code == 403
    assert "Log ind blev afvist" in response.text
    assert "Klynge kender ikke e-mailadressen fremmed@example.dk" in response.text
    assert logged_in_as(client) is None
    assert not User.objects.filter(email="fremmed@example.dk").exists()
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.parametrize("verified", [False, None, "false"])
def test_an_unverified_email_is_refused(world, client, broker, verified):
    person = make_person("Uffe Ubekræftet", world.clinic_a2, email="uffe@example.dk")
    broker.person = Person("sub-k", "coordinator@example.dk", email_verified=verified)
    response = log_in_through(client, broker)
    assert response.status_code == 403
    assert "sendte ikke en bekræftet e-mailadresse" in response.text
    assert logged_in_as(client) is None
    # Nor is a registered person given an account on an unverified address.
    broker.person = Person("sub-u", "uffe@example.dk", email_verified=verified)
    assert log_in_through(client, broker).status_code == 403
    person.refresh_from_db()
    assert person.user is None


def test_a_broker_without_any_email_is_refused(world, client, broker):
    broker.person = Person("sub-k", "coordinator@example.dk")
    broker.person.claims.pop("email")
    broker.person.userinfo.pop("email")
    assert log_in_through(client, broker).status_code == 403
    assert logged_in_as(client) is None


@pytest.mark.parametrize(
    ("required", "token", "accepted"),
    [
        (Level.SUBSTANTIAL, "Substantial", True),
        (Level.SUBSTANTIAL, "High", True),
        (Level.SUBSTANTIAL, "Low", False),
        (Level.SUBSTANTIAL, None, False),
        (Level.HIGH, "Substantial", False),
        (None, None, True),
    ],
)
def test_the_assurance_level_is_checked_from_the_id_token(
    world, client, broker, settings, required, token, accepted
):
    settings.KLYNGE_OIDC_REQUIRED_LOA = required
    broker.person = Person("sub-karen", "coordinator@example.dk", loa=token)
    response = log_in_through(client, broker)
    if accepted:
        assert response.status_code == 302
        assert logged_in_as(client) == str(world.users["coordinator"].pk)
    else:
        assert response.status_code == 403
        level = {Level.SUBSTANTIAL: "Betydelig", Level.HIGH: "Høj"}[required]
        assert f"på sikringsniveau {level} eller højere" in response.text
        assert logged_in_as(client) is None


def test_a_level_in_the_user_info_answer_does_not_count(world, client, broker, settings):
    settings.KLYNGE_OIDC_REQUIRED_LOA = Level.SUBSTANTIAL
    broker.person = Person("sub-karen", "coordinator@example.dk", loa="Low", userinfo_loa="High")
    assert LOA_CLAIM in broker.person.userinfo
    assert log_in_through(client, broker).status_code == 403
    assert logged_in_as(client) is None


def test_a_required_level_met_counts_as_two_factor(world, client, broker, settings):
    settings.KLYNGE_REQUIRE_MFA = True
    settings.KLYNGE_OIDC_REQUIRED_LOA = Level.SUBSTANTIAL
    broker.person = Person("sub-karen", "coordinator@example.dk", loa="Substantial")
    log_in_through(client, broker)
    assert client.session[MFA_OK] == "broker"
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("account_email")).status_code == 200


def test_without_a_required_level_a_broker_login_is_one_factor(world, client, broker, settings):
    settings.KLYNGE_REQUIRE_MFA = True
    broker.person = Person("sub-karen", "coordinator@example.dk", loa="Substantial")
    log_in_through(client, broker)
    assert logged_in_as(client) == str(world.users["coordinator"].pk)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_a_required_level_low_does_not_count_as_two_factor(world, client, broker, settings):
    settings.KLYNGE_REQUIRE_MFA = True
    settings.KLYNGE_OIDC_REQUIRED_LOA = Level.LOW
    broker.person = Person("sub-karen", "coordinator@example.dk", loa="Low")
    log_in_through(client, broker)
    assert logged_in_as(client) == str(world.users["coordinator"].pk)
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_index")


def test_an_enrolled_user_is_not_asked_for_a_code_after_a_two_factor_broker_login(
    world, client, broker, settings
):
    Authenticator.objects.create(
        user=world.users["coordinator"], type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    broker.person = Person("sub-karen", "coordinator@example.dk", loa="Substantial")
    # Without a required level the broker login is one factor: allauth asks for the code.
    response = log_in_through(client, broker)
    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_as(client) is None
    # With the level required and met, the login is complete.
    client.logout()
    settings.KLYNGE_OIDC_REQUIRED_LOA = Level.SUBSTANTIAL
    response = log_in_through(client, broker)
    assert response["Location"] == "/"
    assert logged_in_as(client) == str(world.users["coordinator"].pk)


def test_the_page_language_comes_back_through_next(world, client, broker):
    broker.person = Person("sub-karen", "coordinator@example.dk")
    page = client.get("/en/konto/login/")
    assert 'name="next" value="/en/"' in page.text
    assert "Log in with MitID Erhverv" in page.text
    # The button posts to the one (Danish) address the broker knows as callback.
    assert f'action="{start_url()}"' in page.text
    response = log_in_through(client, broker, next_url="/en/")
    assert response["Location"] == "/en/"
    assert "Welcome" in client.get("/en/").text


def test_a_refusal_speaks_the_language_of_the_page_the_login_began_on(world, client, broker):
    broker.person = Person("sub-x", "fremmed@example.dk")
    response = log_in_through(client, broker, next_url="/en/")
    assert response.status_code == 403
    assert "Login refused" in response.text
    assert "Klynge does not know the e-mail address fremmed@example.dk" in response.text


def test_the_login_page_shows_the_broker_button_only_when_configured(world, client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}  # what settings.py makes of an environment without one
    page = client.get(reverse("account_login"))
    assert "MitID" not in page.text
    assert "oidc" not in page.text
    assert client.post(start_url(), {"next": "/"}).status_code == 404


def test_the_login_page_with_a_broker(world, client, broker):
    page = client.get(reverse("account_login"))
    assert "Log ind med MitID Erhverv" in page.text
    assert f'action="{start_url()}"' in page.text
    # The browser may follow the button's redirect to the broker (CSP form-action).
    assert broker.url in page["Content-Security-Policy"]


def test_the_confirmation_page_of_a_plain_get(world, client, broker):
    page = client.get(start_url())
    assert page.status_code == 200
    assert "Du sendes videre til MitID Erhverv" in page.text
    assert f'action="{start_url()}"' in page.text


def test_connecting_an_identity_to_an_account_is_refused(world, login, broker):
    client = login(world.users["member"])
    broker.person = Person("sub-other", "coordinator@example.dk")
    response = client.post(start_url(), {"process": "connect", "next": "/"})
    callback = requests.get(response["Location"], allow_redirects=False, timeout=5)
    answer = client.get(callback.headers["Location"].removeprefix("http://testserver"))
    assert answer.status_code == 403
    assert "ikke noget at forbinde" in answer.text
    assert logged_in_as(client) == str(world.users["member"].pk)
    assert SocialAccount.objects.count() == 0


def test_a_failed_code_exchange_shows_a_danish_error(world, client, broker, settings):
    providers = settings.SOCIALACCOUNT_PROVIDERS
    providers["openid_connect"]["APPS"][0]["secret"] = "forkert"
    broker.person = Person("sub-karen", "coordinator@example.dk")
    response = log_in_through(client, broker)
    assert response.status_code == 401
    assert "Log ind mislykkedes" in response.text
    assert logged_in_as(client) is None


def test_the_connections_page_explains_in_danish(world, login, broker):
    page = login(world.users["member"]).get(reverse("socialaccount_connections"))
    assert page.status_code == 200
    assert "Klynge gemmer ingen kobling til din MitID Erhverv-identitet" in page.text


def test_a_held_user_may_log_in_anew_through_the_broker(world, login, broker, settings):
    """Held at the enrolment gate after a password login, a coordinator can still start a broker
    login; one that vouches for two factors lets them in."""
    settings.KLYNGE_REQUIRE_MFA = True
    settings.KLYNGE_OIDC_REQUIRED_LOA = Level.SUBSTANTIAL
    client = login(world.users["coordinator"])
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_index")
    broker.person = Person("sub-karen", "coordinator@example.dk", loa="Substantial")
    response = log_in_through(client, broker)
    assert response["Location"] == "/"
    assert client.session[MFA_OK] == "broker"
    assert client.get(reverse("dashboard")).status_code == 200
