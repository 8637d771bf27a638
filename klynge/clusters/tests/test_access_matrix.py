"""The access matrix: every URL pattern from the resolver, requested as every persona.

Our own views declare their policy with a decorator from klynge.clusters.access; third-party views
(allauth, the admin) are declared here by namespace or name prefix. A URL with no declared policy
fails. Values for URL parameters come from each app's `tests/matrix.py` (URL_KWARGS: name ->
function(world, kwargs) -> value), so a new parameter name must be declared there too. A policy
kind whose requests need headers (the API's bearer token) gets them from a `tests/matrix.py`
HEADERS entry: kind -> function(user) -> headers.
"""

import re
from functools import cache

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from klynge.clusters.access import roles_in
from klynge.conftest import PERSONAS
from klynge.conftest import _pool as pool
from klynge.lib.hooks import app_modules

# Who may fetch a PDF is asked here, not how it is typeset.
pytestmark = pytest.mark.usefixtures("blank_pdfs")

# Views we did not write: their own access rules apply; we check they never fail.
THIRD_PARTY = {
    "admin:": "admin",
    "account_": "allauth",
    "mfa_": "allauth",
    "usersessions_": "allauth",
    "socialaccount_": "allauth",
    "openid_connect_": "allauth",
}


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry, prefix + str(entry.pattern)


def params_of(route: str) -> list[str]:
    """The parameter names of a full route (path converters and named regex groups)."""
    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


def has_unnamed_groups(route: str) -> bool:
    return re.search(r"(?<!\\)\((?!\?)", route) is not None


@cache
def url_kwarg_factories() -> dict:
    factories = {"cluster": lambda world, kwargs: world.cluster_a.slug}
    for _app, module in app_modules("tests.matrix"):
        for name, factory in module.URL_KWARGS.items():
            assert name not in factories, f"URL parameter {name!r} is declared twice"
            factories[name] = factory
    return factories


@cache
def header_factories() -> dict:
    factories: dict = {}
    for _app, module in app_modules("tests.matrix"):
        for kind, factory in getattr(module, "HEADERS", {}).items():
            factories.setdefault(kind, factory)
    return factories


def headers_for(policy, user) -> dict:
    """The headers a persona sends to a view of this policy kind (none for the web's views)."""
    factory = header_factories().get(policy.kind)
    return factory(user) if factory is not None else {}


ALL = sorted(
    {name: (pattern, route) for name, pattern, route in walk(get_resolver().url_patterns)}.items()
)


def policy_of(name, pattern):
    policy = getattr(pattern.callback, "access_policy", None)
    if policy is not None:
        return policy
    for prefix, kind in THIRD_PARTY.items():
        if name.startswith(prefix):
            return kind
    return None


def test_every_url_has_a_policy():
    missing = [name for name, (pattern, _) in ALL if policy_of(name, pattern) is None]
    assert missing == [], f"URLs without an access policy: {missing}"


_roles: dict = {}  # {pooled world build: {persona: roles in cluster A}}


def roles_in_a(world) -> dict[str, frozenset]:
    """Each persona's roles in cluster A as the world is when a test starts: asked once per pooled
    world (every test that shares it starts from the same rows), not for each persona and URL
    again (a query each, thousands of them). A world of the test's own is asked afresh."""
    build = pool.builds if pool.world is not None else None
    if build not in _roles:
        found = {
            persona: roles_in(user, world.cluster_a) if user is not None else frozenset()
            for persona, user in world.users.items()
        }
        if build is None:
            return found
        _roles.clear()
        _roles[build] = found
    return _roles[build]


def expected(policy, persona, user, world, roles: dict) -> str:
    """'ok', 'login', 'forbidden' or 'notfound' for this persona (`roles`: roles_in_a(world))."""
    if policy.kind in ("public", "token"):
        return "ok"
    if policy.kind == "api":  # each persona sends its own bearer token (api/tests/matrix.py)
        if user is None:
            return "unauthorized"
        return "ok" if user.is_superuser or user.secretariat_of_id else "forbidden"
    if user is None:
        return "login"
    if policy.kind == "authenticated":
        return "ok"
    if policy.kind == "secretariat":
        return "ok" if user.secretariat_of_id else "forbidden"
    if policy.kind == "scheme":  # the `scheme` parameter names cluster A's scheme
        own = user.secretariat_of_id == world.cluster_a.scheme_id
        return "ok" if user.is_superuser or own else "forbidden"
    if policy.kind == "admin":
        return "ok" if user.is_superuser else "forbidden"
    if policy.kind == "regional":
        return "ok" if user.regional_unit_of_id else "forbidden"
    if policy.kind == "cluster":
        if not roles[persona]:
            return "notfound"
        return "ok" if roles[persona] & policy.roles else "forbidden"
    raise AssertionError(f"unknown policy kind {policy.kind}")


def outcome(response) -> str:
    if response.status_code == 401:
        return "unauthorized"
    if response.status_code == 404:
        return "notfound"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code in (301, 302) and "/konto/login/" in response["Location"]:
        return "login"
    assert response.status_code < 500, response.status_code
    return "ok"


OWN = [
    (name, pattern, route)
    for name, (pattern, route) in ALL
    if hasattr(pattern.callback, "access_policy")
]


@pytest.mark.parametrize(("name", "pattern", "route"), OWN, ids=[name for name, _, _ in OWN])
def test_access_matrix(name, pattern, route, world, login):
    factories = url_kwarg_factories()
    kwargs = {}
    for param in params_of(route):
        assert param in factories, f"{name}: no tests/matrix.py declares URL parameter {param!r}"
        kwargs[param] = factories[param](world, kwargs)
    url = reverse(name, kwargs=kwargs)
    policy = pattern.callback.access_policy
    roles = roles_in_a(world)
    failures = []
    for persona in PERSONAS:
        user = world.users[persona]
        client = login(user)
        response = client.get(url, headers=headers_for(policy, user))
        want, got = expected(policy, persona, user, world, roles), outcome(response)
        if want != got:
            failures.append(f"{persona}: expected {want}, got {got} ({response.status_code})")
        if policy.kind == "cluster" and persona == "other_coordinator" and got != "notfound":
            # Whatever roles_in says: cluster B's coordinator sees nothing of cluster A.
            failures.append(f"the outsider got {response.status_code}, not 404")
    assert failures == [], f"{url} ({policy.kind} {sorted(policy.roles)}): {failures}"


def test_third_party_pages_do_not_fail(world, login):
    """allauth and admin pages without parameters answer every persona without an error."""
    for name, (pattern, route) in ALL:
        if policy_of(name, pattern) not in ("allauth", "admin"):
            continue
        if params_of(route) or has_unnamed_groups(route):
            continue
        for persona in ("anonymous", "coordinator", "admin"):
            response = login(world.users[persona]).get(reverse(name))
            assert response.status_code < 500, (name, persona, response.status_code)
            if name.startswith("admin:") and persona != "admin" and name != "admin:login":
                assert response.status_code == 302, (name, persona)
