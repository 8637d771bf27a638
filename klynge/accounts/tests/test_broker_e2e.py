"""A person logs in through the broker in a real browser: the login page's button, the broker on
another origin (CSP form-action, the session cookie on the way back), the dashboard."""

import pytest

from klynge.accounts.tests.oidc_provider import Person
from klynge.conftest import axe_violations, ensure_reference_data, make_person
from klynge.lib.broker import Level

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_broker_login_in_the_browser(page, broker, settings):
    ensure_reference_data()
    settings.KLYNGE_REQUIRE_MFA = True
    settings.KLYNGE_OIDC_REQUIRED_LOA = Level.SUBSTANTIAL
    from klynge.clusters.models import Cluster, Post, Region, Scheme
    from klynge.conftest import make_clinic

    cluster = Cluster.objects.create(
        scheme=Scheme.objects.get(code="kiap"),
        region=Region.objects.get(code="sjaelland"),
        name="Klynge Broker",
        slug="klynge-broker",
        founded="2019-01-01",
    )
    person = make_person("Karen Koordinator", make_clinic(cluster), email="karen@example.dk")
    Post.objects.create(
        cluster=cluster, person=person, kind=Post.Kind.COORDINATOR, start="2020-01-01"
    )
    broker.person = Person("sub-karen", "karen@example.dk", loa="Substantial")

    page.goto("/konto/login/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Log ind med MitID Erhverv").click()
    page.wait_for_url("**/")
    # A coordinator without an app or key: the broker's two factors satisfy the requirement.
    assert page.locator("h1").inner_text().startswith("Velkommen")
    assert page.get_by_text("Klynge Broker").first.is_visible()
    # The browser itself went to the broker; Klynge fetched the tokens server to server.
    assert ("GET", "/authorize") in broker.log and ("POST", "/token") in broker.log
    assert page.foreign_requests == []
