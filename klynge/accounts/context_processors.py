from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import override

# Each language is named in its own language, whatever the page's language is.
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}


def language_url(request, path: str, code: str) -> str:
    """The page in another language: what Django's translate_url gives, but from the request's own
    match instead of resolving the path again (twice per page, and every page has the links)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name is None:
        return translate_url(path, code)
    parts = urlsplit(path)
    with override(code):
        try:
            translated = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    return urlunsplit((parts.scheme, parts.netloc, translated, parts.query, parts.fragment))


def navigation(request):
    """The language links and which menus the user has (no queries)."""
    path = request.get_full_path()
    user = getattr(request, "user", None)
    return {
        "language_links": [
            (code, LANGUAGE_NAMES[code], language_url(request, path, code))
            for code, _ in settings.LANGUAGES
        ],
        "nav_secretariat": bool(user and user.is_authenticated and user.secretariat_of_id),
        "nav_regional": bool(user and user.is_authenticated and user.regional_unit_of_id),
    }
