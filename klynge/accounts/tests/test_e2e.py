import pytest

from klynge.conftest import axe_violations, browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_logs_in_and_sees_dashboard(world, page):
    browser_login(page, "coordinator@example.dk")
    assert page.url.endswith("/"), page.url
    heading = page.locator("h1").inner_text()
    assert "Velkommen" in heading
    assert page.get_by_role("link", name=world.cluster_a.name).is_visible()
    assert page.get_by_text(world.cluster_b.name).count() == 0
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]
    # The page and everything it loaded came from this machine.
    assert page.foreign_requests == []
