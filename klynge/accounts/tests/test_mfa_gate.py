"""Before a privileged user has enrolled a second factor, KLYNGE_REQUIRE_MFA lets them enrol or log
out, nothing else: not the dashboard, not /konto/ (e-mail, password, sessions), not the admin."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.urls import reverse

from klynge.accounts.middleware import MFA_OK

PASSWORD = "pw-Klynge-123"

# The enrolment pages and what they need; each answers itself (200, or allauth's own step on
# the way: a fresh password before activation), never the gate's redirect.
ALLOWED = [
    "mfa_index",
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "mfa_list_webauthn",
    "account_reauthenticate",
    "account_logout",
]
ALLOWED_PATHS = ["/en/konto/2fa/", "/en/konto/2fa/totp/activate/", "/static/klynge/klynge.css"]

REFUSED = [
    "dashboard",
    "profile",
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_login",
    "usersessions_list",
    "socialaccount_connections",
    "mfa_generate_recovery_codes",
    "mfa_view_recovery_codes",
    "admin:index",
    "clusters:directory",
]
REFUSED_PATHS = ["/en/", "/en/konto/email/", "/klynger/klynge-a/"]


def refused(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("mfa_index")


@pytest.fixture
def coordinator(world, login, settings):
    settings.KLYNGE_REQUIRE_MFA = True
    return login(world.users["coordinator"])


@pytest.mark.parametrize("name", ALLOWED)
def test_the_enrolment_pages_are_open_before_enrolment(coordinator, name):
    response = coordinator.get(reverse(name))
    assert not refused(response)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_reauthenticate"))


@pytest.mark.parametrize("path", ALLOWED_PATHS)
def test_the_language_switch_and_static_files_are_open_before_enrolment(coordinator, path):
    response = coordinator.get(path)
    assert not refused(response)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("name", REFUSED)
def test_everything_else_sends_to_enrolment(coordinator, name):
    response = coordinator.get(reverse(name))
    assert refused(response), (response.status_code, response.get("Location"))


@pytest.mark.parametrize("path", REFUSED_PATHS)
def test_other_languages_and_cluster_pages_send_to_enrolment(coordinator, path):
    assert refused(coordinator.get(path))


def test_the_enrolment_page_says_why_in_danish(coordinator):
    response = coordinator.get(reverse("account_email"), follow=True)
    assert response.redirect_chain == [(reverse("mfa_index"), 302)]
    assert "Du skal slå to-faktor-login til, før du kan bruge Klynge" in response.text


def test_the_email_address_cannot_be_changed_before_enrolment(world, coordinator):
    response = coordinator.post(
        reverse("account_email"), {"action_add": "", "email": "ny@example.dk"}
    )
    assert refused(response)
    user = world.users["coordinator"]
    user.refresh_from_db()
    assert user.email == "coordinator@example.dk"
    assert not EmailAddress.objects.filter(email="ny@example.dk").exists()


def test_the_password_cannot_be_changed_before_enrolment(world, coordinator):
    response = coordinator.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "Et-nyt-langt-kodeord-9",
            "password2": "Et-nyt-langt-kodeord-9",
        },
    )
    assert refused(response)
    user = world.users["coordinator"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_logging_out_works_before_enrolment(coordinator):
    response = coordinator.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in coordinator.session


def test_after_enrolment_everything_is_open(world, coordinator):
    Authenticator.objects.create(
        user=world.users["coordinator"], type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    for name in ["dashboard", "account_email", "account_change_password", "usersessions_list"]:
        assert coordinator.get(reverse(name)).status_code == 200, name
    assert coordinator.session[MFA_OK] is True


def test_removing_the_second_factor_closes_the_gate_again(world, coordinator):
    user = world.users["coordinator"]
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert coordinator.get(reverse("account_email")).status_code == 200
    # allauth's own way: the password again, then "deactivate".
    coordinator.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = coordinator.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user).exists()
    assert refused(coordinator.get(reverse("account_email")))


@pytest.mark.parametrize("persona", ["board", "secretariat_kiap", "regional", "admin"])
def test_every_privileged_role_is_held_at_the_gate(world, login, settings, persona):
    settings.KLYNGE_REQUIRE_MFA = True
    client = login(world.users[persona])
    assert refused(client.get(reverse("account_email")))
    assert refused(client.get(reverse("account_change_password")))
    assert client.get(reverse("mfa_index")).status_code == 200


def test_a_member_is_not_held(world, login, settings):
    settings.KLYNGE_REQUIRE_MFA = True
    client = login(world.users["member"])
    assert client.get(reverse("account_email")).status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200


@override_settings(KLYNGE_REQUIRE_MFA=False)
@pytest.mark.parametrize("name", [n for n in REFUSED if n not in ("account_login", "admin:index")])
def test_with_the_requirement_off_nothing_is_held(world, login, name):
    response = login(world.users["coordinator"]).get(reverse(name))
    assert not refused(response)
    assert response.status_code in (200, 302, 404), response.status_code


@override_settings(KLYNGE_REQUIRE_MFA=False)
def test_with_the_requirement_off_the_email_can_be_changed(world, login):
    client = login(world.users["coordinator"])
    response = client.post(reverse("account_email"), {"action_add": "", "email": "ny@example.dk"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email")
    assert EmailAddress.objects.filter(
        email="ny@example.dk", user=world.users["coordinator"]
    ).exists()
