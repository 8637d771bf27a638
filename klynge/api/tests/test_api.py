"""The read-only API: tokens (hash only, revocable), 401/403, scope per scheme, exact amounts,
attendance counts, the access log, the rate limit, constant queries and the OpenAPI schema."""

from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openapi_spec_validator import validate

from klynge.api.models import ApiToken, digest
from klynge.api.services import issue
from klynge.clusters.audit import Actor
from klynge.clusters.models import AccessLog, Post
from klynge.conftest import make_clinic, make_cluster, make_person
from klynge.money.models import Claim, HonorariumPayment
from klynge.money.tests.factories import attend, claim, meeting
from klynge.year.models import StatusReport

pytestmark = pytest.mark.django_db

URLS = ["clusters", "meetings", "claims", "honoraria", "reports"]


def token(user):
    return issue(user, by=Actor.system("test"))


def call(client, name, user=None, bearer=None, **params):
    headers = {}
    if bearer or user:
        headers["Authorization"] = f"Bearer {bearer or token(user)}"
    return client.get(reverse(f"api:{name}"), params, headers=headers)


@pytest.mark.parametrize("name", URLS)
def test_anonymous_and_bad_tokens_get_401(client, world, name):
    response = call(client, name)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Send en gyldig API-nøgle")
    assert response["WWW-Authenticate"] == 'Bearer realm="Klynge"'
    assert call(client, name, bearer="not-a-token").status_code == 401
    response = client.get(reverse(f"api:{name}"), headers={"Authorization": "Basic abc"})
    assert response.status_code == 401


@pytest.mark.parametrize("persona", ["member", "coordinator", "board", "regional"])
def test_other_roles_get_403(client, world, persona):
    for name in URLS:
        response = call(client, name, world.users[persona])
        assert response.status_code == 403, (persona, name)
        assert "sekretariaterne" in response.json()["detail"]


def test_the_api_is_read_only(client, world):
    bearer = token(world.users["secretariat_kiap"])
    response = client.post(reverse("api:clusters"), headers={"Authorization": f"Bearer {bearer}"})
    assert response.status_code == 405


def test_only_a_hash_is_stored_and_a_revoked_token_is_refused(client, world):
    user = world.users["secretariat_ekvis"]
    out = StringIO()
    call_command("api_token", user.email, stdout=out)
    bearer = out.getvalue().strip()
    stored = ApiToken.objects.get(user=user)
    assert stored.key_hash == digest(bearer) != bearer
    assert not ApiToken.objects.filter(key_hash=bearer).exists()
    assert call(client, "clusters", bearer=bearer).status_code == 200
    first = ApiToken.objects.get(pk=stored.pk).last_used
    assert first is not None
    # A second call within the minute does not write "last used" again.
    assert call(client, "clusters", bearer=bearer).status_code == 200
    assert ApiToken.objects.get(pk=stored.pk).last_used == first
    call_command("api_token", user.email, "--revoke", stdout=StringIO())
    assert call(client, "clusters", bearer=bearer).status_code == 401


def test_revoking_one_token_keeps_the_others(client, world):
    user = world.users["secretariat_kiap"]
    first, second = token(user), token(user)
    call_command("api_token", user.email, "--revoke", first[:8], stdout=StringIO())
    assert call(client, "clusters", bearer=first).status_code == 401
    assert call(client, "clusters", bearer=second).status_code == 200


def test_every_prefix_can_be_revoked_from_the_command_line(world):
    """A token_urlsafe token began with "-" one time in 64 and `--revoke -ZJ2KTfW` was refused."""
    user = world.users["secretariat_kiap"]
    for _ in range(40):
        bearer = token(user)
        assert bearer[0] not in "-_" and len(bearer) >= 43
        call_command("api_token", user.email, "--revoke", bearer[:8], stdout=StringIO())
    assert not user.api_tokens.filter(revoked_at__isnull=True).exists()


def test_an_inactive_user_is_refused(client, world):
    user = world.users["secretariat_kiap"]
    bearer = token(user)
    user.is_active = False
    user.save()
    assert call(client, "clusters", bearer=bearer).status_code == 401


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(
        item["cluster"] if "cluster" in item else item["slug"] for item in response.json()["items"]
    )


def test_each_secretariat_sees_its_own_scheme(client, world):
    ekvis = slugs(call(client, "clusters", world.users["secretariat_ekvis"]))
    kiap = slugs(call(client, "clusters", world.users["secretariat_kiap"]))
    admin = slugs(call(client, "clusters", world.users["admin"]))
    assert ekvis == ["klynge-e"]
    assert kiap == ["klynge-a", "klynge-b"]
    assert admin == ["klynge-a", "klynge-b", "klynge-e"]


def test_cluster_rows_carry_the_coordinator_and_log_the_access(client, world):
    user = world.users["secretariat_kiap"]
    response = call(client, "clusters", user)
    row = next(item for item in response.json()["items"] if item["slug"] == "klynge-a")
    assert row["coordinator"]["name"] == "Karen Koordinator"
    assert row["clinics"] == 2
    logged = AccessLog.objects.filter(actor=user, action="export")
    assert {entry.subject for entry in logged} == {
        world.people["coordinator"],
        world.people["other_coordinator"],
    }
    assert all(entry.path.startswith("/api/v1/clusters/") for entry in logged)


def test_claims_are_scoped_exact_and_without_drafts(client, world):
    approved = claim(world.cluster_a)
    Claim.objects.filter(pk=approved.pk).update(
        status=Claim.Status.APPROVED,
        computed_refund=Decimal("1234.50"),
        approved_amount=Decimal("1000.05"),
        submitted_at=datetime(2026, 3, 12, tzinfo=UTC),
    )
    claim(world.cluster_a, meeting(world.cluster_a, when=(2026, 4, 1)))  # a draft
    foreign = claim(world.cluster_e)
    Claim.objects.filter(pk=foreign.pk).update(status=Claim.Status.SUBMITTED)
    items = call(client, "claims", world.users["secretariat_kiap"]).json()["items"]
    assert [(c["id"], c["status"]) for c in items] == [(approved.pk, "approved")]
    assert items[0]["computed_refund"] == "1234.50"
    assert items[0]["approved_amount"] == "1000.05"
    ekvis = call(client, "claims", world.users["secretariat_ekvis"]).json()["items"]
    assert [c["id"] for c in ekvis] == [foreign.pk]
    filtered = call(client, "claims", world.users["admin"], status="submitted").json()
    assert filtered["count"] == 1


def test_meetings_with_attendance_counts_and_filters(client, world):
    held = meeting(world.cluster_a, when=(2026, 3, 10))
    attend(held, world.people["member"])
    attend(held, world.people["board"], attendance="absent")
    meeting(world.cluster_a, when=(2025, 3, 10))
    meeting(world.cluster_e)
    user = world.users["secretariat_kiap"]
    page = call(client, "meetings", user, year=2026).json()
    assert page["count"] == 1
    row = page["items"][0]
    assert (row["id"], row["invited"], row["answered_yes"]) == (held.pk, 2, 2)
    assert (row["present"], row["absent"], row["excused"]) == (1, 1, 0)
    assert call(client, "meetings", user).json()["count"] == 2
    assert call(client, "meetings", user, cluster="klynge-e").json()["count"] == 0
    oldest_first = [call(client, "meetings", user, limit=1, offset=n).json() for n in (0, 1)]
    assert [page["items"][0]["id"] == held.pk for page in oldest_first] == [False, True]


def test_bad_parameters_are_refused_without_error(client, world):
    user = world.users["secretariat_kiap"]
    assert call(client, "meetings", user, year="abc").status_code == 422
    assert call(client, "meetings", user, limit=100000).status_code == 422


def pay(cluster, person, amount="6000.00", start=date(2025, 4, 1)):
    return HonorariumPayment.objects.create(
        cluster=cluster, person=person, kind=Post.Kind.COORDINATOR, period_start=start,
        months=12, amount=Decimal(amount), paid_at=datetime(2026, 4, 20, tzinfo=UTC),
    )  # fmt: skip


def test_honoraria_are_logged_per_person(client, world):
    pay(world.cluster_a, world.people["coordinator"], "6000.10")
    pay(world.cluster_b, world.people["other_coordinator"])
    user = world.users["secretariat_kiap"]
    items = call(client, "honoraria", user, cluster="klynge-a").json()["items"]
    assert [(i["person"]["name"], i["amount"]) for i in items] == [("Karen Koordinator", "6000.10")]
    logged = AccessLog.objects.filter(actor=user, path__startswith="/api/v1/honoraria/")
    assert [entry.subject for entry in logged] == [world.people["coordinator"]]
    assert call(client, "honoraria", world.users["secretariat_ekvis"]).json()["count"] == 0


def test_reports(client, world):
    StatusReport.objects.create(cluster=world.cluster_a, year=2025, status="submitted")
    StatusReport.objects.create(cluster=world.cluster_e, year=2025)
    page = call(client, "reports", world.users["secretariat_kiap"], year=2025).json()
    assert [(r["cluster"], r["status"]) for r in page["items"]] == [("klynge-a", "submitted")]
    assert call(client, "reports", world.users["secretariat_kiap"], year=2024).json()["count"] == 0


def test_rate_limit(client, world, settings):
    settings.KLYNGE_API_RATE = "3/m"
    bearer = token(world.users["secretariat_kiap"])
    codes = [call(client, "reports", bearer=bearer).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = call(client, "reports", bearer=bearer)
    assert refused.json()["detail"] == "For mange kald. Vent lidt, og prøv igen."
    assert int(refused["Retry-After"]) > 0
    other = call(client, "reports", world.users["secretariat_ekvis"])
    assert other.status_code == 200


def grow(world, size):
    """`size` more clusters in scheme KiAP, each with a coordinator, a held meeting with two
    answers, a submitted claim, a paid honorarium and a status report."""
    for number in range(size):
        cluster = make_cluster(world.kiap, f"vokset-{size}-{number}", world.region)
        clinic = make_clinic(cluster)
        person = make_person(f"Koordinator {number}", clinic)
        Post.objects.create(
            cluster=cluster, person=person, kind=Post.Kind.COORDINATOR, start=date(2020, 1, 1)
        )
        held = meeting(cluster)
        attend(held, person)
        attend(held, make_person(f"Medlem {number}", clinic), attendance="excused")
        item = claim(cluster, held)
        Claim.objects.filter(pk=item.pk).update(status=Claim.Status.SUBMITTED)
        pay(cluster, person)
        StatusReport.objects.create(cluster=cluster, year=2025)


@pytest.mark.parametrize("name", URLS)
def test_list_queries_do_not_grow(client, world, name, django_assert_max_num_queries):
    user = world.users["secretariat_kiap"]
    bearer = token(user)
    call(client, name, bearer=bearer)  # the token's "last used" is written once, before measuring
    counts = []
    for size in (1, 6):
        grow(world, size)
        with CaptureQueriesContext(connection) as captured:
            response = call(client, name, bearer=bearer)
        assert response.status_code == 200
        assert response.json()["count"] >= size
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[1]):
        call(client, name, bearer=bearer)


def test_schema_is_valid_openapi_3_and_the_docs_page_lists_every_endpoint(client, world):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert set(schema["paths"]) == {f"/api/v1/{name}/" for name in URLS}
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    for name in URLS:
        assert f"GET /api/v1/{name}/" in html
    assert "approved_amount" in html and "https://" not in html.split("<body", 1)[1]


def test_the_secretariat_start_page_shows_the_way_to_the_docs(world, login):
    token(world.users["secretariat_kiap"])
    page = login(world.users["secretariat_kiap"]).get(reverse("secretariat:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("api:docs") in html


def test_the_admin_revokes_a_token(client, world, login):
    bearer = token(world.users["secretariat_kiap"])
    stored = ApiToken.objects.get()
    admin = login(world.users["admin"])
    response = admin.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [stored.pk]},
    )
    assert response.status_code == 302
    assert call(client, "clusters", bearer=bearer).status_code == 401
