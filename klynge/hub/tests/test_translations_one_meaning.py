"""Django merges every app's catalogue into one per language, and the first translation of a
msgid found wins: two apps that translate the same Danish differently make one of them say what
the other meant ("Bilag" is a receipt on a claim and the attachments of a notice). A msgid means
one thing in English in every catalogue; where the Danish word has two meanings, the code gives
each its own context (`pgettext`, `{% translate ... context ... %}`)."""

from collections import defaultdict
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import override, pgettext


def english_catalogues():
    return sorted(Path(settings.BASE_DIR, "klynge").glob("**/locale/en/LC_MESSAGES/django.po"))


def test_each_msgid_has_one_english_translation_in_every_catalogue():
    translations = defaultdict(dict)
    for path in english_catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr:
                continue
            translations[(entry.msgctxt, entry.msgid)][str(path)] = entry.msgstr
    conflicts = {key: found for key, found in translations.items() if len(set(found.values())) > 1}
    assert len(translations) > 1000
    assert conflicts == {}


def test_a_danish_word_with_two_meanings_has_a_context_for_each():
    with override("en"):
        assert pgettext("budget", "Post") == "Item"
        assert pgettext("indkaldelse", "Bilag") == "Attachments"
        assert pgettext("datoforslag", "Forslag") == "Option"
        from django.utils.translation import gettext

        assert (gettext("Post"), gettext("Bilag"), gettext("Forslag")) == (
            "Post",
            "Receipt",
            "Proposals",
        )
