"""The ydernummer: a clinic's 6-digit provider number, kept as a zero-padded string."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

YDERNUMMER_RE = re.compile(r"^\d{1,6}$")


def normalize_ydernummer(value) -> str:
    """Return the ydernummer as six digits ("57584" -> "057584"), or raise ValidationError.

    An ydernummer is an identifier, not a number: it is kept as a string and zero-padded.
    """
    text = "" if value is None else str(value).strip().replace(" ", "")
    if not text:
        raise ValidationError(_("Skriv ydernummeret."), code="required")
    if not text.isascii() or not YDERNUMMER_RE.match(text):
        if text.isdigit() and len(text) > 6:
            raise ValidationError(
                _("Et ydernummer har højst 6 cifre; %(value)s har %(count)d."),
                code="too_long",
                params={"value": text, "count": len(text)},
            )
        raise ValidationError(
            _("Et ydernummer består kun af cifre (fx 057584); %(value)s er ikke et ydernummer."),
            code="invalid",
            params={"value": text},
        )
    if int(text) == 0:
        raise ValidationError(_("000000 er ikke et ydernummer."), code="invalid")
    return text.zfill(6)


def validate_ydernummer(value):
    normalize_ydernummer(value)
    if len(str(value)) != 6:
        raise ValidationError(_("Et ydernummer gemmes med 6 cifre."), code="length")
