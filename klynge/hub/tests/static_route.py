"""Static files for the browser tests' pages: cacheable, so that each browser context asks the live
server for each script, stylesheet and font once.

The live server serves static files without a Cache-Control header (so a browser asks again on
nearly every page load: some 9 requests a page, each found anew by the finders). Routing them
through Playwright from disk (as the page fixture did) turns the context's cache off and sends
every file through the driver and Python on every page load; and the router only answers while
Python waits. Marked cacheable, a context fetches each file once, from the live server's own
thread, and takes it from its memory cache after that: in the every-page test 10 static requests
instead of some 72 for 8 pages, and page loads about a third cheaper."""

from django.conf import settings


def cache_static(live_server) -> None:
    """Make the live server's static files (200s only) cacheable by the browser for an hour. The
    server lives for the session: wrapped once."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if getattr(app, "caches_static", False):
        return

    def cached(environ, start_response):
        if not environ.get("PATH_INFO", "").startswith(settings.STATIC_URL):
            return app(environ, start_response)

        def start(status, headers, exc_info=None):
            if status.startswith("200"):
                headers = [h for h in headers if h[0].lower() != "cache-control"]
                headers.append(("Cache-Control", "max-age=3600"))
            return start_response(status, headers, exc_info)

        return app(environ, start)

    cached.caches_static = True
    httpd.set_app(cached)
