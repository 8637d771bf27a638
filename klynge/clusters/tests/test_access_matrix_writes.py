"""The access matrix, trying harder (issue 11, item 7): every URL as every persona with GET
with `HX-Request` and with POST (with the CSRF cookie and token a browser gets, the client checking
CSRF like a browser); and every object URL of cluster A with objects of another cluster (B) and
of another scheme (E).

Expected per persona (from the view's decorator, `expected` in test_access_matrix): anonymous on
a protected page is sent to /konto/login/, too small a role gets 403, an outsider 404; the same
for POST, and a refused POST writes nothing to the database (no INSERT, UPDATE or DELETE beyond
the session and the access log). A persona with the right never gets a 500 or a CSRF failure.
An object of another cluster or scheme in a cluster A URL, asked for by cluster A's coordinator
and the KiAP secretariat, is refused for GET and POST (404; 403 for a role too small, 405 for the
wrong method), never answered with a page or a redirect, and nothing is written."""

import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.clusters.tests.test_access_matrix import (
    OWN,
    expected,
    headers_for,
    params_of,
    roles_in_a,
    url_kwarg_factories,
)
from klynge.conftest import PERSONAS, log_in, make_clinic, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("blank_pdfs")]

WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
# Tables any request may write: its session, the access log, allauth's user sessions.
HOUSEKEEPING = ("django_session", "clusters_accesslog", "usersessions_usersession")
# Nothing shown, nothing done: not found, not allowed (too small a role), wrong method.
REFUSED = {403, 404, 405}
# URL parameters that are not objects of a cluster (a year, a shared catalogue).
NOT_OWNED = {"cluster", "year", "wheel_year", "report_year", "catalogue_package"}
# Objects of a scheme, not of a cluster (the secretariat's guides): every cluster of the scheme may
# see them, so only another scheme's cluster (E) must be refused.
SCHEME_OWNED = {"guide"}


def writes(captured) -> list[str]:
    found = []
    for query in captured.captured_queries:
        match = WRITE.match(query["sql"])
        if match and match.group(2) not in HOUSEKEEPING:
            found.append(query["sql"][:120])
    return found


def client_as(user, client: Client | None = None) -> tuple[Client, str]:
    """A client that checks CSRF like a browser, with the cookie and token the CSRF middleware
    hands a browser on its first page (made here without rendering a page). A test passes its
    one client for every persona (log_in starts it afresh: a client builds its middleware chain
    on its first request)."""
    client = log_in(client or Client(enforce_csrf_checks=True), user)
    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"]
    return client, token


def outcome(response, method) -> str:
    location = response.get("Location", "") or response.get("HX-Redirect", "")
    if response.status_code == 401:
        return "unauthorized"
    if response.status_code == 404:
        return "notfound"
    if response.status_code == 403:
        names = [t.name for t in response.templates]
        assert "403_csrf.html" not in names, "refused as a CSRF failure: the token was not taken"
        return "forbidden"
    if "/konto/login/" in location:
        return "login"
    assert response.status_code < 500, response.status_code
    return "ok"


def url_of(name, route, world, foreign=None):
    factories = url_kwarg_factories()
    kwargs: dict = {}
    for param in params_of(route):
        source = world if foreign is None or param in NOT_OWNED else foreign
        kwargs[param] = factories[param](source, kwargs)
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "pattern", "route"), OWN, ids=[name for name, _, _ in OWN])
def test_post_and_htmx_matrix(name, pattern, route, world):
    url = url_of(name, route, world)
    policy = pattern.callback.access_policy
    roles = roles_in_a(world)  # as the world starts: before any persona's POST
    failures = []
    browser = Client(enforce_csrf_checks=True)
    for persona in PERSONAS:
        user = world.users[persona]
        want = expected(policy, persona, user, world, roles)
        client, token = client_as(user, browser)
        headers = headers_for(policy, user)
        got = outcome(client.get(url, HTTP_HX_REQUEST="true", headers=headers), "GET")
        if got != want and not (want == "ok" and got == "notfound"):  # a POST-only view's GET
            failures.append(f"{persona} GET (htmx): expected {want}, got {got}")
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, {}, HTTP_X_CSRFTOKEN=token, headers=headers)
        got = outcome(response, "POST")
        if policy.kind == "api":  # the API is read-only: every write is refused, whoever asks
            if response.status_code != 405:
                failures.append(f"{persona} POST to the API: {response.status_code}, not 405")
        elif want != "ok" and got != want:
            failures.append(f"{persona} POST: expected {want}, got {got} ({response.status_code})")
        if (want != "ok" or got != "ok") and writes(captured):
            failures.append(f"{persona} POST refused ({got}) but wrote {writes(captured)}")
    assert failures == [], f"{url} ({policy.kind} {sorted(policy.roles)}): {failures}"


def foreign_world(world, cluster, clinic, person):
    """`world` seen from another cluster: the matrix's factories then make that cluster's objects."""
    people = dict(world.people, member=person, member2=person, coordinator=person)
    users = dict(world.users, coordinator=person.user, member=person.user)
    return SimpleNamespace(**{**vars(world), "cluster_a": cluster, "clinic_a1": clinic,
                              "clinic_a2": clinic, "people": people, "users": users})  # fmt: skip


@pytest.fixture
def foreigners(world):
    """Cluster B (same scheme) and cluster E (another scheme) as worlds of their own."""
    b = foreign_world(world, world.cluster_b, world.clinic_b1, world.people["other_coordinator"])
    clinic_e = make_clinic(world.cluster_e, name="Øjenklinikken")
    eva = make_person("Eva Øjenlæge", clinic_e, email="eva@example.dk", user=True)
    return {"B": b, "E": foreign_world(world, world.cluster_e, clinic_e, eva)}


OBJECT_URLS = [
    (name, pattern, route)
    for name, pattern, route in OWN
    if pattern.callback.access_policy.kind == "cluster" and set(params_of(route)) - NOT_OWNED
]


@pytest.mark.parametrize(
    ("name", "pattern", "route"), OBJECT_URLS, ids=[name for name, _, _ in OBJECT_URLS]
)
def test_another_clusters_object_in_a_cluster_a_url_is_404(name, pattern, route, world, foreigners):
    failures = []
    owned = set(params_of(route)) - NOT_OWNED
    browser = Client(enforce_csrf_checks=True)
    for label, foreign in foreigners.items():
        if label == "B" and owned <= SCHEME_OWNED:
            continue  # the same scheme's object: shared on purpose
        url = url_of(name, route, world, foreign)
        for persona in ("coordinator", "secretariat_kiap"):
            client, token = client_as(world.users[persona], browser)
            status = client.get(url).status_code
            with CaptureQueriesContext(connection) as captured:
                posted = client.post(url, {}, HTTP_X_CSRFTOKEN=token).status_code
            if status not in REFUSED or posted not in REFUSED or writes(captured):
                failures.append(f"{label} as {persona}: GET {status}, POST {posted} "
                                f"{writes(captured)}")  # fmt: skip
    assert failures == [], f"{name}: {failures}"
