"""The foundation: roles from data, tenancy, query counts, CSRF, language, security settings."""

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.clusters.access import Role, clusters_of, roles_in
from klynge.clusters.models import AccessLog, ClinicAffiliation, ClusterMembership, Post
from klynge.conftest import make_clinic, make_person


def test_roles_come_from_the_data(world):
    a = world.cluster_a
    assert roles_in(world.users["coordinator"], a) == {Role.COORDINATOR, Role.MEMBER}
    assert roles_in(world.users["board"], a) == {Role.BOARD, Role.MEMBER}
    assert roles_in(world.users["member"], a) == {Role.MEMBER}
    assert roles_in(world.users["other_coordinator"], a) == set()
    assert roles_in(world.users["secretariat_kiap"], a) == {Role.SECRETARIAT}
    assert roles_in(world.users["secretariat_ekvis"], a) == set()
    assert roles_in(world.users["regional"], a) == set()
    assert roles_in(world.users["admin"], a) == {Role.ADMIN}


def test_ended_post_and_ended_membership_end_the_role(world):
    a = world.cluster_a
    post = Post.objects.get(person=world.people["coordinator"], cluster=a)
    post.end = date.today() - timedelta(days=1)
    post.save()
    assert roles_in(world.users["coordinator"], a) == {Role.MEMBER}
    ClusterMembership.objects.filter(clinic=world.clinic_a1, cluster=a).update(
        left=date.today() - timedelta(days=1), status=ClusterMembership.Status.ENDED
    )
    assert roles_in(world.users["coordinator"], a) == set()
    # Dated roles: on a day when both were active, the roles were there.
    assert roles_in(world.users["coordinator"], a, on=date(2021, 1, 1)) == {
        Role.COORDINATOR,
        Role.MEMBER,
    }


def test_a_clinic_that_moved_on_gives_no_role_in_its_old_cluster(world):
    """The membership that holds on the day must be the one in this cluster: a clinic that left
    cluster A and joined B makes its people members of B, not of A."""
    a, b, moved = world.cluster_a, world.cluster_b, date.today() - timedelta(days=1)
    ClusterMembership.objects.filter(clinic=world.clinic_a2, cluster=a).update(
        left=moved, status=ClusterMembership.Status.ENDED
    )
    ClusterMembership.objects.create(cluster=b, clinic=world.clinic_a2, joined=moved)
    assert roles_in(world.users["member2"], a) == set()
    assert roles_in(world.users["member2"], b) == {Role.MEMBER}
    assert roles_in(world.users["member2"], a, on=moved - timedelta(days=1)) == {Role.MEMBER}


def test_future_post_starts_on_its_date(world):
    successor = world.people["member"]
    start = date.today() + timedelta(days=30)
    Post.objects.create(cluster=world.cluster_a, person=successor, kind="coordinator", start=start)
    assert Role.COORDINATOR not in roles_in(successor.user, world.cluster_a)
    assert Role.COORDINATOR in roles_in(successor.user, world.cluster_a, on=start)


def test_dashboard_lists_only_own_clusters(world, login):
    response = login(world.users["coordinator"]).get(reverse("dashboard"))
    assert response.status_code == 200
    assert world.cluster_a.name in response.text
    assert world.cluster_b.name not in response.text
    assert "Koordinator" in response.text


def test_secretariat_sees_clusters_of_its_scheme_only(world, login):
    response = login(world.users["secretariat_ekvis"]).get(reverse("secretariat:home"))
    assert world.cluster_e.name in response.text
    assert world.cluster_a.name not in response.text
    assert [c for c, _ in clusters_of(world.users["secretariat_kiap"])] == sorted(
        [world.cluster_a, world.cluster_b], key=lambda c: c.name
    )


def test_regional_unit_sees_its_region_without_personal_data(world, login):
    response = login(world.users["regional"]).get(reverse("secretariat:region"))
    assert response.status_code == 200
    assert world.cluster_a.name in response.text
    assert world.cluster_e.name not in response.text  # another region
    assert world.people["member"].name not in response.text


def test_anonymous_cluster_url_goes_to_login(world, client):
    url = reverse("clusters:detail", args=[world.cluster_a.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_coordinator_of_a_gets_404_in_b(world, login):
    client = login(world.users["coordinator"])
    assert client.get(reverse("clusters:detail", args=[world.cluster_b.slug])).status_code == 404
    assert client.get(reverse("clusters:detail", args=["no-such-cluster"])).status_code == 404


def grow(cluster, clinics):
    for _ in range(clinics):
        clinic = make_clinic(cluster)
        make_person("Læge Lægesen", clinic)
        make_person("Sekretær Sekretærsen", clinic, role=ClinicAffiliation.Role.STAFF)


def count_queries(client, url) -> int:
    client.get(url)  # the first request warms the session and the MFA flag
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_cluster_page_query_count_is_constant(world, login, django_assert_num_queries):
    """1 clinic or 25: session, user, person, roles (posts, membership), clinic count, people
    count, posts, plus a constant number per panel that other apps add."""
    ClusterMembership.objects.filter(clinic=world.clinic_a2).delete()
    client = login(world.users["coordinator"])
    url = reverse("clusters:detail", args=[world.cluster_a.slug])
    small = count_queries(client, url)
    grow(world.cluster_a, 24)
    client.get(url)  # the first request after a change computes the cached wheel and account
    with django_assert_num_queries(small):
        response = client.get(url)
    assert "<dd>25</dd>" in response.text


def test_dashboard_query_count_is_constant(world, login, django_assert_num_queries):
    client = login(world.users["coordinator"])
    small = count_queries(client, reverse("dashboard"))
    grow(world.cluster_a, 24)
    for index in range(24):
        other = world.cluster_b if index % 2 else world.cluster_e
        clinic = make_clinic(other)
        ClinicAffiliation.objects.create(
            person=world.people["coordinator"], clinic=clinic, role="employed"
        )
    client.get(reverse("dashboard"))  # computes the cached wheel and account status again
    with django_assert_num_queries(small):
        response = client.get(reverse("dashboard"))
    assert world.cluster_e.name in response.text


def test_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("profile"), {"name": "Ny", "phone": "", "share_contact": ""})
    assert response.status_code == 403
    world.people["coordinator"].refresh_from_db()
    assert world.people["coordinator"].name == "Karen Koordinator"


def test_profile_change_is_in_the_history(world, login):
    client = login(world.users["member"])
    seen = client.get(reverse("profile")).context["form"]["seen"].value()
    response = client.post(
        reverse("profile"),
        {"name": "Mette Medlem", "phone": "11 22 33 44", "share_contact": "on", "seen": seen},
    )
    assert response.status_code == 302
    person = world.people["member"]
    latest = person.history.latest()
    assert latest.phone == "11 22 33 44"
    assert latest.history_user == world.users["member"]


def test_english_under_en_prefix(world, login):
    client = login(world.users["coordinator"])
    danish = client.get(reverse("dashboard"))
    assert "Dine klynger" in danish.text and 'lang="da"' in danish.text
    english = client.get("/en/")
    assert english.status_code == 200
    assert 'lang="en"' in english.text
    assert "Your clusters" in english.text


def test_language_links_point_to_the_same_page(world, login):
    client = login(world.users["coordinator"])
    url = reverse("clusters:detail", args=[world.cluster_a.slug])
    response = client.get(url)
    assert f'href="/en{url}"' in response.text


def test_pages_with_personal_data_are_not_stored(world, login):
    response = login(world.users["coordinator"]).get(reverse("dashboard"))
    assert "no-store" in response["Cache-Control"]


def test_csp_header_has_no_unsafe_inline(world, login):
    response = login(world.users["coordinator"]).get(reverse("dashboard"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_access_log_is_append_only(world, rf):
    from klynge.clusters.accesslog import log_access

    request = rf.get("/x")
    request.user = world.users["coordinator"]
    assert log_access(request, "view", "test", persons=[world.people["member"]]) == 1
    row = AccessLog.objects.get()
    assert row.subject == world.people["member"] and row.actor_label == "coordinator@example.dk"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        AccessLog.objects.all().delete()
    with pytest.raises(TypeError):
        AccessLog.objects.update(purpose="x")


def test_check_deploy_is_clean_in_production(tmp_path):
    env = {
        **os.environ,
        "KLYNGE_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "Z9!x#Q2@w" * 5,
        "ALLOWED_HOSTS": "klynge.example.dk",
        "KLYNGE_HTTPS": "",
        "KLYNGE_REQUIRE_MFA": "",
    }
    for name in (
        "KLYNGE_HTTPS",
        "KLYNGE_REQUIRE_MFA",
        "KLYNGE_STATIC_MANIFEST",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key_in_production():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='klynge.settings';django.setup()",
        ],
        cwd=settings.BASE_DIR,
        env={**env, "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_access_log_purpose_is_stored_in_danish(world, rf):
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from klynge.clusters.accesslog import log_access

    request = rf.get("/en/x")
    request.user = world.users["coordinator"]
    with translation.override("en"):
        log_access(
            request, "view", gettext_lazy("Medlemsklinikker"), persons=[world.people["member"]]
        )
    assert AccessLog.objects.get().purpose == "Medlemsklinikker"
