"""The benchmark's two references, served only by its own URL configuration: the floor (the same
middleware and login, then "ok") and the empty page (Klynge's layout around nothing)."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

BENCH_URLS = override_settings(ROOT_URLCONF="klynge.hub.bench.urls")


@BENCH_URLS
def test_the_empty_page_is_the_layout_alone(client, login, world):
    login(world.users["coordinator"])
    page = client.get("/bench/empty/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<header class="header">' in html and "<title>Tom side · Klynge</title>" in html
    assert "Karen Koordinator" in html and "Log af" in html  # logged in, as on every page
    assert client.get("/bench/floor/").content == b"ok"


@BENCH_URLS
def test_the_references_ask_for_a_login_like_every_page(client):
    for path in ("/bench/floor/", "/bench/empty/"):
        assert client.get(path).status_code == 302


def test_the_site_has_neither_reference(client, login, world):
    login(world.users["coordinator"])
    assert client.get("/bench/floor/").status_code == 404
    assert client.get("/bench/empty/").status_code == 404
