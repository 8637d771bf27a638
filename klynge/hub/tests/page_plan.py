"""Which pages the every-page browser test visits (test_e2e_every_page.py): found as a person finds
them, from each persona's dashboard, following every link on every page, but with Django's test
client (in-process: some 15 ms a page) instead of the browser, which then only loads the pages to
check. One page per kind (URL name and language) within each part; the dashboard and the profile
of every persona; downloads (CSV, XLSX, calendar files) are left out and asked for once per kind.

The plan is the same in every test of a run (the demo is the same rows with the same keys): the
first test of a part writes it next to the workers' temporary folders, and the others read it.
"""

import fcntl
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation

from klynge.accounts.models import User

SKIP = re.compile(r"^/(en/)?(static/|media/|konto/(logout|log-af)|admin/(logout|jsi18n|r/))")
ADMIN = re.compile(r"^/(en/)?admin/")
# More than the demo has kinds of pages: a crawl gone astray stops instead of running for ever.
MOST_PAGES = 400
# The PDFs Klynge makes itself (uploads such as receipts and materials are the uploader's).
KLYNGE_PDF = re.compile(r"(_pdf|:money:pack)$")


def kind_of(path: str) -> str | None:
    """The kind of a page (one visit per kind), or None for what is not a page to check. The
    admin's per-model pages differ little from model to model: one of each (list, add, change,
    history, delete...), and each form with inlines of its own."""
    if SKIP.match(path):
        return None
    language = "en" if path.startswith("/en/") else "da"
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return None
    kind = match.view_name
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is not None:
        opts = model_admin.opts
        suffix = match.url_name.removeprefix(f"{opts.app_label}_{opts.model_name}_")
        kind = f"admin:{suffix}"
        if model_admin.inlines and suffix in ("add", "change"):
            kind += f":{opts.label}"
    return f"{language}:{kind}"


class _Links(HTMLParser):
    """The paths of a page's links on this site (`a[href]:not([download])`)."""

    def __init__(self):
        super().__init__()
        self.paths: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag != "a" or found.get("href") is None or "download" in found:
            return
        parts = urlsplit(found["href"])
        if parts.netloc and not parts.netloc.startswith(("127.0.0.1", "localhost")):
            return
        if parts.path.startswith("/"):
            self.paths.append(parts.path)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.paths


def in_part(path: str, starts: tuple[str, ...]) -> bool:
    """Whether a link belongs to the part: the part's language, in or out of the admin."""
    english = starts[0].startswith("/en/")
    if bool(ADMIN.match(starts[0])) != bool(ADMIN.match(path)):
        return False
    return ADMIN.match(starts[0]) is not None or path.startswith("/en/") == english


def _get(client, path: str, who: str):
    try:
        return client.get(path, follow=True)
    except Exception as error:  # a view that fails: say where
        error.add_note(f"{who} {path}")
        raise


def crawl(client, who: str, starts: tuple[str, ...], seen: set[str], plan: dict) -> None:
    """Add the persona's pages of the part not seen yet to the plan (pages and PDFs)."""
    queue, done = list(starts), set()
    while queue and len(seen) < MOST_PAGES:
        path = queue.pop(0)
        kind = kind_of(path)
        if path in done or kind is None or (kind in seen and path not in starts):
            continue
        done.add(path)
        response = _get(client, path, who)
        assert response.status_code < 500, f"{who} {path}: {response.status_code}"
        seen.add(kind)  # a download too: asked for once
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        plan["pages"].append((who, path, kind))
        for link in links(response.content.decode()):
            kind = kind_of(link)
            if kind is None or kind in seen or not in_part(link, starts):
                continue
            if KLYNGE_PDF.search(kind):
                seen.add(kind)
                plan["pdfs"].append((who, link, kind))
            else:
                queue.append(link)


def make_plan(personas: tuple[str, ...], starts: tuple[str, ...]) -> dict:
    """{"pages": [(persona, path, kind)], "pdfs": [...]}, in the order the crawl found them."""
    plan: dict = {"pages": [], "pdfs": []}
    seen: set[str] = set()
    for email in personas:
        client = Client()
        client.force_login(User.objects.get(email=email))
        crawl(client, email, starts, seen, plan)
    return plan


def plan_for(part: str, personas: tuple, starts: tuple, folder: Path) -> dict:
    """The part's plan: made by the run's first test of the part, read by the others."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        folder = folder.parent  # shared by the workers of this run
    saved = folder / f"plan-{part}-{connection.vendor}.json"
    with open(folder / f"plan-{part}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if saved.exists():
            return json.loads(saved.read_text())
        plan = make_plan(personas, starts)
        saved.write_text(json.dumps(plan))
        return plan
