import pytest

from klynge.conftest import axe_violations, browser_login
from klynge.hub.management.commands.demo import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_coordinator_logs_in_and_sees_only_own_clusters(demo, page):
    # Through the login form (the other browser tests log in by cookie: conftest.session_login).
    browser_login(page, "koordinator@example.dk", PASSWORD)
    assert page.locator("h1").inner_text().startswith("Velkommen")
    assert page.locator('a[href="/klynger/roskilde/"]').first.is_visible()
    assert page.get_by_text("Klynge Køge Bugt").count() == 0
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/")
    assert page.locator("h1").inner_text().startswith("Welcome")

    # Everything the pages loaded came from this machine: no CDN, no fonts from outside.
    assert page.foreign_requests == []
