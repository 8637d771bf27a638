"""What every page's frame promises: a tab title "Page · Klynge", and breadcrumbs as a list."""

import re

from django.urls import reverse


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_tab_titles_read_page_then_klynge(client, world):
    assert title_of(client.get(reverse("account_login")).text) == "Log ind · Klynge"
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("clusters:detail", args=[world.cluster_a.slug])).text
    assert title_of(page) == f"{world.cluster_a.name} · Klynge"


def test_breadcrumbs_are_an_ordered_list_with_the_current_page_marked(client, world):
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("members:list", args=[world.cluster_a.slug])).text
    crumbs = re.search(r'<ol class="breadcrumbs__list">(.*?)</ol>', page, re.S).group(1)
    items = re.findall(r'<li class="breadcrumbs__list-item">\s*(.*?)\s*</li>', crumbs, re.S)
    assert len(items) == 3
    assert 'aria-current="page"' in items[-1] and "Medlemmer" in items[-1]
