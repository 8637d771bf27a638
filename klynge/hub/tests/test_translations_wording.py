"""Danish that reads as Danish: known bad patterns are caught in the catalogues (Klynge's Danish
msgids, the Danish Klynge gives the packages), in the templates, and on rendered pages.

- "succesfuldt", "venligst", "email"/"password" (Danish writes "e-mail" and "adgangskode");
- a doubled full stop after "kr." (an amount ending a sentence: its full stop ends it);
- Title Case headings (Danish headings are written in sentence case).
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR, "klynge")
BAD = {
    "succesfuld": re.compile(r"succesfuld|med success", re.I),
    "venligst": re.compile(r"\bvenligst\b", re.I),
    "email": re.compile(r"(?<![-\w%({])e?mail(?:adresse|en|s)?\b(?![)}])", re.I),
    "password": re.compile(r"(?<![_({])\bpassword(?!_)", re.I),
    "kr..": re.compile(r"kr\.\."),
    "double space": re.compile(r"\S  \S"),
}
# Words in a heading that keep their capital: names, abbreviations, the product.
PROPER = {
    "Klynge", "Klynges", "KiAP", "PLO", "eKVIS", "MitID", "Erhverv", "Outlook", "Google",
    "Kalender", "Excel", "Min", "Danmark", "Region", "Hovedstaden", "Sjælland", "Syddanmark",
    "Midtjylland", "Nordjylland", "KiAP's", "PLO's", "eKVIS'",
}  # fmt: skip


def problems(text: str) -> list[str]:
    return [name for name, pattern in BAD.items() if pattern.search(text)]


def danish_texts():
    """Every Danish text in the catalogues: Klynge's msgids, and the Danish given to packages."""
    for path in sorted(ROOT.glob("**/locale/en/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield path, entry.msgid
    for entry in polib.pofile(str(ROOT / "locale/da/LC_MESSAGES/django.po")):
        yield "klynge/locale/da", entry.msgstr


def test_the_checks_catch_what_they_are_for():
    assert problems("Loggede succesfuldt ind med Anne.") == ["succesfuld"]
    assert problems("Indtast venligst din emailadresse.") == ["venligst", "email"]
    assert problems("Tilbage i puljen: 10.000,00 kr..") == ["kr.."]
    assert problems("Skriv din e-mailadresse og adgangskode til %(email)s.") == []
    assert title_case("Ændr Din Adgangskode") and not title_case("Tjek KiAP's register")


def test_the_danish_in_the_catalogues_has_none_of_the_known_bad_patterns():
    found = [
        (str(path), text[:80], problems(text)) for path, text in danish_texts() if problems(text)
    ]
    assert found == []


def title_case(heading: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", heading)
    return any(w[0].isupper() and not w.isupper() and w not in PROPER for w in words[1:])


HEADING = re.compile(r"<(h[1-6]|legend|caption|title)\b[^>]*>(.*?)</\1>", re.S)
TRANSLATED = re.compile(r'\{% (?:translate|trans) "([^"]+)"')
# An amount (|kr) bound in a blocktranslate, then a full stop right after it in the text.
AMOUNT_THEN_STOP = re.compile(
    r"\{% blocktranslate with [^%]*?\b(\w+)=[\w.]+\|kr\b[^%]*%\}(?:(?!\{% endblocktranslate).)*?"
    r"\{\{ \1 \}\}\.",
    re.S,
)


def templates():
    return sorted(ROOT.glob("**/templates/**/*.html")) + sorted(ROOT.glob("**/templates/**/*.txt"))


def test_headings_in_the_templates_are_in_sentence_case():
    found = [
        (str(path.relative_to(ROOT)), text)
        for path in templates()
        for match in HEADING.finditer(path.read_text())
        for text in TRANSLATED.findall(match.group(2))
        if title_case(text)
    ]
    assert found == []


def test_no_template_puts_a_full_stop_after_an_amount():
    sample = "{% blocktranslate with cap=x|kr %}Puljen er {{ cap }}.{% endblocktranslate %}"
    assert AMOUNT_THEN_STOP.search(sample)
    found = [
        str(p.relative_to(ROOT)) for p in templates() if AMOUNT_THEN_STOP.search(p.read_text())
    ]
    assert found == []


def test_the_packages_danish_is_klynges_where_it_was_poor():
    """django-allauth's own Danish says "Loggede succesfuldt ind" and "emailadresse"."""
    signed_in, changed = "Successfully signed in as %(name)s.", "Password successfully changed."
    with translation.override("da"):
        assert translation.gettext(signed_in) == "Du er logget ind som %(name)s."
        assert translation.gettext(changed) == "Din adgangskode er ændret."
        allauth = Path(translation.__file__).parents[3] / "allauth/locale/da/LC_MESSAGES/django.po"
        shown = [
            translation.gettext(entry.msgid)
            for entry in polib.pofile(str(allauth))
            if not entry.msgid_plural and not entry.obsolete
        ]
    assert [text[:60] for text in shown if problems(text)] == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_signed_in_message_reads_well(world, client, language):
    prefix = "/en" if language == "en" else ""
    with translation.override(language):
        url = reverse("account_login")
    response = client.post(
        url, {"login": "coordinator@example.dk", "password": "pw-Klynge-123"}, follow=True
    )
    expected = {"da": "Du er logget ind som", "en": "Successfully signed in as"}[language]
    assert url.startswith(prefix + "/konto/")
    assert expected in response.text
    assert problems(response.text) == []
