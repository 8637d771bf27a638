"""The language links name the same page in the other language, as Django's translate_url would,
without resolving the path again."""

import pytest
from django.test import RequestFactory
from django.urls import Resolver404, resolve, translate_url
from django.utils.translation import override

from klynge.accounts.context_processors import language_url

PATHS = [
    "/klynger/klynge-a/moeder/12/dagsorden/?tab=2#punkt",
    "/en/klynger/klynge-a/",
    "/konto/login/?next=/",
    "/",
    "/findes-ikke/",
]


@pytest.mark.parametrize("path", PATHS)
def test_language_url_is_translate_url(path):
    request = RequestFactory().get(path)
    language = "en" if path.startswith("/en/") else "da"
    with override(language):
        try:
            request.resolver_match = resolve(request.path_info)
        except Resolver404:
            request.resolver_match = None
        for code in ("da", "en"):
            assert language_url(request, request.get_full_path(), code) == translate_url(
                request.get_full_path(), code
            )
    assert language_url(request, path, "en").startswith("/en/") or path == "/findes-ikke/"
