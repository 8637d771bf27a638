import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import get_hasher
from django.test import override_settings
from django.urls import reverse


def test_passwords_are_hashed_with_argon2(world, settings):
    from klynge import settings as klynge_settings

    settings.PASSWORD_HASHERS = klynge_settings.PASSWORD_HASHERS
    assert get_hasher().algorithm == "argon2"
    user = world.users["member"]
    user.set_password("en-lang-hemmelig-sætning")
    user.save()
    assert user.password.startswith("argon2")


def test_login_with_email_and_password(world, client):
    response = client.post(
        reverse("account_login"),
        {"login": "coordinator@example.dk", "password": "pw-Klynge-123"},
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_wrong_password_is_refused_in_danish(world, client):
    response = client.post(
        reverse("account_login"), {"login": "coordinator@example.dk", "password": "forkert"}
    )
    assert response.status_code == 200
    assert "ikke korrekt" in response.text or "forkert" in response.text.lower()
    assert client.get(reverse("dashboard")).status_code == 302


def test_open_signup_is_closed(world, client):
    response = client.get(reverse("account_signup"))
    assert response.status_code in (200, 403)
    assert "lukket" in response.text.lower() or response.status_code == 403


def test_login_by_code_sends_a_code(world, client, mailoutbox):
    EmailAddress.objects.create(
        user=world.users["member"], email="member@example.dk", verified=True, primary=True
    )
    response = client.post(reverse("account_request_login_code"), {"email": "member@example.dk"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["member@example.dk"]


@override_settings(KLYNGE_REQUIRE_MFA=True)
@pytest.mark.parametrize(
    ("persona", "must_set_up"),
    [
        ("coordinator", True),
        ("board", True),
        ("secretariat_kiap", True),
        ("regional", True),
        ("admin", True),
        ("member", False),
    ],
)
def test_mfa_required_for_privileged_roles(world, login, persona, must_set_up):
    response = login(world.users[persona]).get(reverse("dashboard"))
    if must_set_up:
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_index")
    else:
        assert response.status_code == 200


@override_settings(KLYNGE_REQUIRE_MFA=True)
def test_mfa_satisfied_by_totp(world, login):
    Authenticator.objects.create(
        user=world.users["coordinator"], type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert login(world.users["coordinator"]).get(reverse("dashboard")).status_code == 200


@override_settings(KLYNGE_REQUIRE_MFA=True)
def test_mfa_setup_page_itself_is_reachable(world, login):
    client = login(world.users["coordinator"])
    # allauth first asks for the password again (a forced login has no recent authentication).
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


@override_settings(KLYNGE_REQUIRE_MFA=False)
def test_mfa_not_required_when_switched_off(world, login):
    assert login(world.users["coordinator"]).get(reverse("dashboard")).status_code == 200


def test_registered_person_without_account_can_log_in_by_code(
    world, client, mailoutbox, monkeypatch
):
    from klynge.accounts.adapter import AccountAdapter
    from klynge.accounts.models import User

    monkeypatch.setattr(AccountAdapter, "generate_login_code", lambda self: "KLYNGE")
    from klynge.conftest import make_person

    person = make_person("Nina Nyansat", world.clinic_a2, email="nina@example.dk")
    assert person.user is None
    response = client.post(reverse("account_request_login_code"), {"email": "Nina@Example.dk"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "KLYNGE" in mailoutbox[0].body
    response = client.post(reverse("account_confirm_login_code"), {"code": "KLYNGE"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == User.objects.get(email="nina@example.dk")
    assert client.get(reverse("clusters:detail", args=[world.cluster_a.slug])).status_code == 200


def test_unknown_address_gets_no_account(world, client):
    from klynge.accounts.models import User

    client.post(reverse("account_request_login_code"), {"email": "fremmed@example.dk"})
    assert not User.objects.filter(email="fremmed@example.dk").exists()
