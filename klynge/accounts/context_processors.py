from django.conf import settings
from django.urls import translate_url

# Each language is named in its own language, whatever the page's language is.
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}


def navigation(request):
    """The language links and which menus the user has (no queries)."""
    path = request.get_full_path()
    user = getattr(request, "user", None)
    return {
        "language_links": [
            (code, LANGUAGE_NAMES[code], translate_url(path, code))
            for code, _ in settings.LANGUAGES
        ],
        "nav_secretariat": bool(user and user.is_authenticated and user.secretariat_of_id),
        "nav_regional": bool(user and user.is_authenticated and user.regional_unit_of_id),
    }
