"""The admin speaks Danish to Danish users: every model, field and app has a Danish name through
gettext (English under /en/), and the packages' own admin pages have Danish from klynge/locale/da."""

from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise


def klynge_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("klynge.") and not model.__name__.startswith("Historical")
    ]


def test_every_app_model_and_field_has_a_translated_name():
    unnamed = [
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("klynge.") and not isinstance(config.verbose_name, Promise)
    ]
    for model in klynge_models():
        meta = model._meta
        if not isinstance(meta.verbose_name, Promise):
            unnamed.append(meta.label)
        unnamed += [
            f"{meta.label}.{field.name}"
            for field in meta.concrete_fields
            if not field.auto_created and not isinstance(field.verbose_name, Promise)
        ]
    assert unnamed == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_names_differ_between_danish_and_english(language):
    """The English catalogue has every name: a Danish name shown under /en/ reads as untranslated."""
    from klynge.year.models import WheelMark

    with translation.override(language):
        names = {
            str(WheelMark._meta.verbose_name_plural),
            str(WheelMark._meta.get_field("by").verbose_name),
        }
    expected = {
        "da": {"afkrydsninger i årshjulet", "af"},
        "en": {"ticks in the year's wheel", "by"},
    }
    assert names == expected[language]


def test_admin_is_danish_under_the_danish_address(world, login):
    client = login(world.users["admin"])
    index = client.get(reverse("admin:index")).content.decode()
    form = client.get(reverse("admin:clusters_cluster_add")).content.decode()
    mails = client.get(reverse("admin:post_office_emailtemplate_add")).content.decode()

    assert "<title>Administration | Klynge – administration</title>" in index
    assert "Medlemmer" in index and "Udgående e-mail" in index
    assert ">Ordning:</label>" in form and ">Region:</label>" in form
    assert "Tilføj e-mailskabelon" in mails and ">Beskrivelse:</label>" in mails
    for english in (
        "Site administration",
        "Post Office",
        ">Scheme:</label>",
        "Email Template",
        ">Description:</label>",
    ):
        assert english not in index + form + mails


def test_admin_is_english_under_en(world, login):
    client = login(world.users["admin"])
    with translation.override("en"):
        form = client.get(reverse("admin:clusters_cluster_add")).content.decode()
    assert ">Scheme:</label>" in form and ">Ordning:</label>" not in form


def test_af_is_by_in_every_catalogue():
    """Django merges the apps' catalogues and the first "af" found wins: every one says "by"
    (who recorded, decided, erased), the "of" of "Side 1 af 3" has a context of its own."""
    from django.utils.translation import gettext, override, pgettext

    with override("en"):
        assert gettext("af") == "by"
        assert pgettext("side n af m", "af") == "of"
    entries = [
        entry
        for path in Path(settings.BASE_DIR, "klynge").glob("**/locale/en/LC_MESSAGES/django.po")
        for entry in polib.pofile(str(path))
        if entry.msgid == "af" and not entry.obsolete and not entry.msgctxt
    ]
    assert len(entries) >= 4 and {entry.msgstr for entry in entries} == {"by"}
