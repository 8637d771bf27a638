"""Every page of the demo, as each demo persona, in a real browser at 360 px (a small phone) and
1280 px: no page scrolls sideways (wide tables scroll inside their own labelled, focusable region)
and axe finds no serious or critical violation.

The pages are found as a person finds them: from the dashboard, following every link on every
page (one visit per kind of page, i.e. per URL name, across all personas; the dashboard and the
profile of every persona). Downloads (CSV, XLSX, calendar files) and the Django admin are not
pages of Klynge's own layout and are left out; so is the English copy of each page. Every PDF
Klynge makes that the crawl finds a link to (one of each kind) is fetched and must be tagged
(PDF/UA), with its language and a title, as `pdfinfo` would report.
"""

import re
from io import BytesIO, StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from pypdf import PdfReader

from klynge.conftest import axe_violations, browser_login
from klynge.hub.management.commands.demo import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)
SKIP = re.compile(r"^/(en/|admin/|static/|media/|konto/(logout|log-af))")
# More than the demo has kinds of pages: a crawl gone astray stops instead of running for ever.
MOST_PAGES = 400
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# The PDFs Klynge makes itself (uploads such as receipts and materials are the uploader's).
KLYNGE_PDF = re.compile(r"(_pdf|^money:pack)$")


def demo_logins() -> list[str]:
    out = StringIO()
    call_command("demo", stdout=out)
    return re.findall(r"\s(\S+@example\.dk)\s*$", out.getvalue(), flags=re.MULTILINE)


def kind_of(path: str) -> str | None:
    """The URL name of a page (one visit per kind), or None for what is not a page to check."""
    if SKIP.match(path):
        return None
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


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


def check(page, path: str, who: str) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        if width == 360:
            over = page.evaluate(OVERFLOW)
            if over > 0:
                problems.append(f"{who} {path}: scrolls sideways by {over} px at 360 px")
        for violation in axe_violations(page):
            target = violation["nodes"][0]["target"]
            problems.append(f"{who} {path} at {width} px: axe {violation['id']} on {target}")
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
    if tagged and lang.startswith("da") and title:
        return []
    return [f"{who} {path}: PDF tagged={tagged} lang={lang!r} title={title!r}"]


def crawl(page, who: str, seen: set[str]) -> tuple[int, list[str]]:
    """Visit the persona's pages not seen yet; (pages visited, problems found)."""
    queue, done, visited, problems = ["/", "/profil/"], set(), 0, []
    while queue and len(seen) < MOST_PAGES:
        path = queue.pop(0)
        kind = kind_of(path)
        if path in done or kind is None or (kind in seen and path not in ("/", "/profil/")):
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
            if kind is not None and KLYNGE_PDF.search(kind) and kind not in seen:
                seen.add(kind)
                problems += pdf_problems(page, link, who)
            elif kind not in seen:
                queue.append(link)
        problems += check(page, path, who)
    return visited, problems


def test_no_page_of_the_demo_scrolls_sideways_or_fails_axe(browser, live_server):
    logins = demo_logins()
    assert len(logins) >= 10, logins
    seen: set[str] = set()
    problems, visited = [], 0
    for email in logins:
        context = browser.new_context(base_url=live_server.url, locale="da-DK")
        page = context.new_page()
        browser_login(page, email, PASSWORD)
        assert "/konto/login/" not in page.url, f"{email} could not log in"
        count, found = crawl(page, email, seen)
        visited += count
        problems += found
        context.close()
    assert visited >= 60, f"only {visited} pages reached: the crawl lost its way"
    pdf_kinds = sorted(kind for kind in seen if KLYNGE_PDF.search(kind))
    assert len(pdf_kinds) >= 5, f"too few of Klynge's PDFs reached: {pdf_kinds}"
    assert problems == [], "\n".join(problems)
