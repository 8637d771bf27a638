"""Helpers for the browser tests (Playwright on Debian chromium), re-exported by klynge/conftest.py:
axe on a page, whether it scrolls sideways, and logging a page in through the form or by a
session cookie."""

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
