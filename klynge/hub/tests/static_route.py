"""Static files for the browser tests' pages, read from disk by the browser's driver instead of
fetched from the live server.

Each page load asks again for the same half-dozen scripts, stylesheets and fonts (the live server
serves them uncacheable); served by Django's static handler that is some 200 requests, each found
anew by the finders, in a walk of 30 pages. A file the finders do not know goes to the live server
as before (it answers 404 there)."""

from functools import cache
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders


@cache
def _found(name: str) -> str | None:
    return finders.find(name)


def serve_static(context, base_url: str) -> None:
    """Route the context's requests for static files under base_url to the files on disk."""

    def fulfil(route):
        path = unquote(urlsplit(route.request.url).path).removeprefix(settings.STATIC_URL)
        found = _found(path)
        if found is None:
            route.continue_()
        else:
            route.fulfill(path=found)

    context.route(f"{base_url}{settings.STATIC_URL}**", fulfil)
