"""The browser tests share one page per worker (hub/tests/browser.py: SharedPage): what one test
leaves in it must be gone when the next test gets it."""

import pytest

from klynge.clusters.models import Cluster
from klynge.conftest import session_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_test_leaves_nothing_in_the_page_for_the_next(world, shared_page):
    dialogs = []
    with shared_page.for_a_test() as page:
        size = page.viewport_size
        page.goto("/klyngeoversigt/")  # cacheable for five minutes
        assert page.get_by_text(world.cluster_a.name).count() == 1
        session_login(page, "coordinator@example.dk")
        broker = {"name": "sid", "value": "1", "url": "http://broker.test/"}  # another site's
        page.context.add_cookies([broker])
        page.evaluate("localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1')")
        page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        page.once("dialog", lambda dialog: dialogs.append(dialog.message))
        page.set_viewport_size({"width": 360, "height": 740})
        page.foreign_requests.append("https://cdn.example.com/x.js")

    with shared_page.for_a_test() as page:
        assert page.url == "about:blank"
        assert page.context.cookies() == []
        assert page.viewport_size == size
        assert page.foreign_requests == []
        Cluster.objects.filter(pk=world.cluster_a.pk).update(name="Klynge Omdøbt")
        page.goto("/klyngeoversigt/")  # from the server, not from the cache
        assert page.get_by_text("Klynge Omdøbt").count() == 1
        stored = "[localStorage.getItem('left'), sessionStorage.getItem('left')]"
        assert page.evaluate(stored) == [None, None]
        # No listener left: only this test's own sees the dialog.
        page.once("dialog", lambda dialog: dialog.dismiss())
        assert page.evaluate("confirm('Forlad siden?')") is False
        assert dialogs == []
