"""Helpers for the browser tests (Playwright on Debian chromium), re-exported by klynge/conftest.py:
axe on a page, whether it scrolls sideways, and logging a page in through the form or by a
session cookie; and the worker's one browser page that every browser test is handed."""

from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.test import Client

from klynge.accounts.models import User


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (from npm) on the page; return the violations of the given impacts."""
    # Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) stays on.
    # Once per document; only the violations are collected and sent back (the passes are many).
    # After the load event, so the stylesheets are there (see scrolls_sideways).
    page.wait_for_load_state("load")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate((Path(settings.BASE_DIR) / "node_modules/axe-core/axe.min.js").read_text())
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in violations if v["impact"] in impacts]


def scrolls_sideways(page) -> bool:
    """Whether the page is wider than the window. Waits for the page's load event first: after a
    click that navigates, the new page's text can be there before its stylesheet is, and without
    the stylesheet a scrolling table stretches the page (CI saw that once)."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def browser_login(page, email, password="pw-Klynge-123"):
    page.goto("/konto/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def session_login(page, email, url=None):
    """Log the browser page in as the user with that e-mail by giving it a session cookie: what
    browser_login does without the login form's three page loads (the form itself is tested in
    accounts/tests/test_e2e.py). The page stays where it is; `url` is the live server's address
    (the `page` fixture's own by default)."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": key, "url": url or page.base_url}
    page.context.add_cookies([{**cookie, "httpOnly": True, "sameSite": "Lax"}])


class SharedPage:
    """The worker's one browser page, handed to each browser test as if new (the `page` fixture).
    A context and page per test cost a new renderer process and the static files fetched again:
    some 1.3 s of CPU a test. Between tests the page leaves the site (about:blank: no request of
    one test reaches the next one's database) and loses what a test can leave behind: cookies,
    storage (htmx keeps its history in sessionStorage), the HTTP cache (some pages are cacheable,
    e.g. the public directory), the listeners the test added (page.on, page.once) and its size."""

    def __init__(self, browser, url: str):
        self.url = url
        self.context = browser.new_context(base_url=url, locale="da-DK")
        self.page = None

    def _new_page(self):
        page = self.context.new_page()
        page.base_url = self.url  # for session_login
        page.foreign_requests = []
        page.on("request", lambda request: _note_foreign(page, request))
        self.size = page.viewport_size
        self.cdp = self.context.new_cdp_session(page)
        return page

    @contextmanager
    def for_a_test(self):
        if self.page is None or self.page.is_closed():
            self.page = self._new_page()
        page, added = self.page, []
        page.foreign_requests = []

        def recorded(method):
            def add(event, f):
                added.append((event, f))
                method(page, event, f)

            return add

        page.on, page.once = recorded(type(page).on), recorded(type(page).once)
        try:
            yield page
        finally:
            del page.on, page.once
            self.page = None  # a page that cannot be put back is not handed out again
            self._put_back(page, added)
            self.page = page

    def _put_back(self, page, added) -> None:
        for event, f in added:
            page.remove_listener(event, f)
        page.goto("about:blank")
        self.context.clear_cookies()
        self.cdp.send("Network.clearBrowserCache")
        self.cdp.send("Storage.clearDataForOrigin", {"origin": self.url, "storageTypes": "all"})
        page.set_viewport_size(self.size)

    def close(self) -> None:
        self.context.close()


def _note_foreign(page, request) -> None:
    """Note a request that left 127.0.0.1 (there must be none: no CDN, nothing from outside)."""
    host = request.url.split("/")[2] if "://" in request.url else ""
    local = host.startswith(("127.0.0.1", "localhost"))
    if not local and not request.url.startswith(("data:", "blob:", "about:")):
        page.foreign_requests.append(request.url)
