"""Every page of the demo, as each demo persona, in a real browser at 360 px (a small phone) and
1280 px: no page scrolls sideways (wide tables scroll inside their own labelled, focusable region,
marked up so in the template) and axe finds no violation of any impact.

The pages are found as a person finds them: from the dashboard, following every link on every
page (one visit per kind of page, i.e. per URL name and language, within each part; the dashboard
and the profile of every persona). The English copy of each page is crawled the same way from
/en/. The Django admin is crawled as the administrator, one page of each kind the admin has (index,
list, form, history...), plus each form with inlines. Downloads (CSV, XLSX, calendar files) are
left out. Every PDF Klynge makes that the crawl finds a link to (one of each kind) is fetched and
must be tagged (PDF/UA), with its language and a title, as `pdfinfo` would report.

The crawl is split into parts (persona groups and languages) that xdist spreads over its workers;
the demo is loaded once per run and copied into each part's database (demo_copy.py).
"""

import re
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import translation
from pypdf import PdfReader

from klynge.conftest import axe_violations, browser_login
from klynge.hub.management.commands.demo import PASSWORD
from klynge.hub.tests.demo_copy import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)
IMPACTS = ("minor", "moderate", "serious", "critical")
SKIP = re.compile(r"^/(en/)?(static/|media/|konto/(logout|log-af)|admin/(logout|jsi18n|r/))")
# More than the demo has kinds of pages: a crawl gone astray stops instead of running for ever.
MOST_PAGES = 400
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# Every table scrolls inside a region its template names and makes focusable.
TABLES = """() => [...document.querySelectorAll('main table')].filter(table => {
  const region = table.closest('[role=region]');
  return !region || region.getAttribute('tabindex') !== '0'
    || !(region.getAttribute('aria-label') || region.getAttribute('aria-labelledby'));
}).map(table => table.outerHTML.slice(0, 80))"""
# The PDFs Klynge makes itself (uploads such as receipts and materials are the uploader's).
KLYNGE_PDF = re.compile(r"(_pdf|^money:pack)$")
# The admin's per-model pages differ little from model to model: one of each (list, add, change,
# history, delete...), and each form with inlines of its own.
ADMIN_SUFFIX = ("changelist", "add", "change", "delete", "history", "password_change")

PERSONAS = (
    "koordinator@example.dk",
    "bestyrelse@example.dk",
    "medlem@example.dk",
    "koordinator.koege@example.dk",
    "ekvis.koordinator@example.dk",
    "ekvis.medlem@example.dk",
    "koordinator.hud@example.dk",
    "sekretariat.plo@example.dk",
    "sekretariat.ekvis@example.dk",
    "kvalitetsenhed.sjaelland@example.dk",
    "admin@example.dk",
)
# The parts xdist spreads over its workers: (personas, where their crawl starts, the widths axe
# checks at, the least number of kinds of page it must reach). Klynge's own pages in Danish (the
# crawl reached 116 kinds before the English and the admin pages were added) and in English (the
# same but for the API docs and the event answer page, which have no English copy: 114); English
# pages have the Danish pages' markup, so axe checks them at 360 px only (every page still must not
# scroll sideways). The Django admin in both languages, from its index and the clusters' list
# (the first list of the index may be empty: then nothing leads on to a form).
PARTS = {
    "da": (PERSONAS, ("/", "/profil/"), WIDTHS, 116),
    "en": (PERSONAS, ("/en/", "/en/profil/"), (360,), 114),
    "admin": (
        ("admin@example.dk",),
        ("/admin/", "/admin/clusters/cluster/", "/en/admin/", "/en/admin/clusters/cluster/"),
        WIDTHS,
        22,
    ),
}
ADMIN = re.compile(r"^/(en/)?admin/")


def kind_of(path: str) -> str | None:
    """The kind of a page (one visit per kind), or None for what is not a page to check."""
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


def links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"
    )
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc and not parts.netloc.startswith(("127.0.0.1", "localhost")):
            continue
        if parts.path.startswith("/"):
            found.append(parts.path)
    return found


def check(page, path: str, who: str, widths: tuple[int, ...]) -> list[str]:
    """The page at 360 px then 1280 px (the viewport is 360 px wide when this is called)."""
    problems = []
    if not ADMIN.match(path):  # the admin's own tables scroll in its own way
        problems += [
            f"{who} {path}: table not in a labelled region: {t}" for t in page.evaluate(TABLES)
        ]
    over = page.evaluate(OVERFLOW)
    if over > 0:
        problems.append(f"{who} {path}: scrolls sideways by {over} px at 360 px")
    for width in widths:
        if width != 360:
            page.set_viewport_size({"width": width, "height": 800})
        for violation in axe_violations(page, impacts=IMPACTS):
            node = violation["nodes"][0]
            problems.append(
                f"{who} {path} at {width} px: axe {violation['id']} ({violation['impact']}) "
                f"x{len(violation['nodes'])} on {node['target']}: {node['html'][:160]}"
            )
    page.set_viewport_size({"width": 360, "height": 800})
    return problems


def pdf_problems(page, path: str, who: str) -> list[str]:
    response = page.request.get(path)
    if response.headers.get("content-type") != "application/pdf":
        return [f"{who} {path}: not a PDF ({response.status})"]
    reader = PdfReader(BytesIO(response.body()))
    root = reader.trailer["/Root"]
    mark = root.get("/MarkInfo")
    tagged = bool(mark and mark.get("/Marked")) and "/StructTreeRoot" in root
    lang = str(root.get("/Lang", ""))
    title = reader.metadata.title if reader.metadata else ""
    if tagged and lang[:2] in ("da", "en") and title:
        return []
    return [f"{who} {path}: PDF tagged={tagged} lang={lang!r} title={title!r}"]


def in_part(path: str, starts: tuple[str, ...]) -> bool:
    """Whether a link belongs to the part: the part's language, in or out of the admin."""
    english = starts[0].startswith("/en/")
    if bool(ADMIN.match(starts[0])) != bool(ADMIN.match(path)):
        return False
    return ADMIN.match(starts[0]) is not None or path.startswith("/en/") == english


def crawl(page, who: str, part: tuple, seen: set[str]) -> tuple[int, list[str]]:
    """Visit the persona's pages of the part not seen yet; (pages visited, problems)."""
    _, starts, widths, _ = part
    queue, done, visited, problems = list(starts), set(), 0, []
    while queue and len(seen) < MOST_PAGES:
        path = queue.pop(0)
        kind = kind_of(path)
        if path in done or kind is None or (kind in seen and path not in starts):
            continue
        done.add(path)
        try:
            response = page.goto(path)
        except Exception:  # a download starts instead of a page (Playwright raises)
            continue
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.status < 500, f"{who} {path}: {response.status}"
        seen.add(kind)
        visited += 1
        for link in links(page):
            kind = kind_of(link)
            if kind is None or kind in seen or not in_part(link, starts):
                continue
            if KLYNGE_PDF.search(kind):
                seen.add(kind)
                problems += pdf_problems(page, link, who)
            else:
                queue.append(link)
        problems += check(page, path, who, widths)
    return visited, problems


@pytest.mark.parametrize("part", PARTS)
def test_no_page_of_the_demo_scrolls_sideways_or_fails_axe(
    part, browser, live_server, tmp_path_factory
):
    personas, _, _, least = PARTS[part]
    logins = load_demo(tmp_path_factory.getbasetemp())
    assert set(personas) <= set(logins), logins
    seen: set[str] = set()
    problems, visited = [], 0
    for email in personas:
        context = browser.new_context(
            base_url=live_server.url, locale="da-DK", viewport={"width": 360, "height": 800}
        )
        page = context.new_page()
        browser_login(page, email, PASSWORD)
        assert "/konto/login/" not in page.url, f"{email} could not log in"
        count, found = crawl(page, email, PARTS[part], seen)
        visited += count
        problems += found
        context.close()
    print(f"{part}: {len(seen)} kinds of page, {visited} pages visited")
    assert len(seen) >= least, f"only {len(seen)} kinds of page reached: {sorted(seen)}"
    if part != "admin":
        pdf_kinds = sorted(kind for kind in seen if KLYNGE_PDF.search(kind))
        assert len(pdf_kinds) >= 5, f"too few of Klynge's PDFs reached: {pdf_kinds}"
    assert problems == [], "\n".join(problems)
