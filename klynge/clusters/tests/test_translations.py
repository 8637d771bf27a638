"""Every catalogue is complete: Danish is the source, English a full translation."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR, "klynge").glob("**/locale/en/LC_MESSAGES/django.po"))


def test_there_is_a_catalogue_per_app_with_text():
    names = {path.parts[-5] for path in CATALOGUES}
    assert {"klynge", "members", "meetings", "money", "year"} <= names


@pytest.mark.parametrize("path", CATALOGUES, ids=[str(p.parts[-5]) for p in CATALOGUES])
def test_english_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == [] and fuzzy == [], (missing[:5], fuzzy[:5])
