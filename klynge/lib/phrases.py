"""Texts Klynge writes into the database itself (a change reason in the history, a line of the
standard assembly agenda, a suggested budget line) are stored in Danish, the source language, and
shown in the reader's language.

An app lists its phrases in `<app>/phrases.py` as `NAME = phrase(gettext_noop("Valgt på %(x)s"))`.
`stored(NAME, x=...)` is the Danish text to save. `shown(text)` recognises a stored text by its
phrase, in Danish or in any translation (rows written before this, or typed in English), and
gives it in the active language; anything else is what a person typed and is shown as typed.
`canonical(text)` turns a recognised text back into its Danish form, for a form that edits it.
"""

import re
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from .hooks import app_modules

_PHRASES: list[str] = []
_PARAMETER = re.compile(r"%\((\w+)\)([sd])")


def phrase(msgid: str) -> str:
    """Register a phrase (mark the msgid with gettext_noop so makemessages finds it)."""
    if msgid not in _PHRASES:
        _PHRASES.append(msgid)
    return msgid


def stored(msgid: str, **params) -> str:
    """The Danish text to store: the phrase with its parameters, whatever the active language."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            name: value if isinstance(value, int) else str(value) for name, value in params.items()
        }
    return msgid % values if params else msgid


def _pattern(text: str) -> re.Pattern:
    parts, last = [], 0
    for match in _PARAMETER.finditer(text):
        parts.append(re.escape(text[last : match.start()]))
        name, kind = match.groups()
        parts.append(rf"(?P<{name}>-?\d+)" if kind == "d" else rf"(?P<{name}>.+?)")
        last = match.end()
    parts.append(re.escape(text[last:]))
    return re.compile("".join(parts), re.DOTALL)


@cache
def _table() -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    """Every phrase's text in every language: exact texts, and patterns for those with parameters."""
    list(app_modules("phrases"))
    exact: dict[str, str] = {}
    patterns: list[tuple[re.Pattern, str]] = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for msgid in _PHRASES:
                text = gettext(msgid)
                if _PARAMETER.search(text):
                    patterns.append((_pattern(text), msgid))
                else:
                    exact.setdefault(text, msgid)
    return exact, patterns


def recognise(text: str) -> tuple[str, dict] | None:
    """(msgid, params) when the text is one of Klynge's phrases, else None."""
    exact, patterns = _table()
    if text in exact:
        return exact[text], {}
    for pattern, msgid in patterns:
        found = pattern.fullmatch(text)
        if found:
            params = {
                name: int(value)
                if re.fullmatch(r"-?\d+", value) and f"%({name})d" in msgid
                else value
                for name, value in found.groupdict().items()
            }
            return msgid, params
    return None


def shown(text) -> str:
    """A stored text in the active language (a phrase), or as it was typed."""
    if not text:
        return text or ""
    found = recognise(str(text))
    if found is None:
        return str(text)
    msgid, params = found
    if not params:
        return gettext(msgid)
    return gettext(msgid) % {k: v if isinstance(v, int) else shown(v) for k, v in params.items()}


def canonical(text: str) -> str:
    """A text as it is stored: a phrase in any language becomes its Danish form."""
    found = recognise(text)
    if found is None:
        return text
    msgid, params = found
    return stored(
        msgid, **{k: v if isinstance(v, int) else canonical(v) for k, v in params.items()}
    )


def shown_lines(text: str) -> str:
    """A stored text of one phrase or typed line a line (an agenda), for a form in the reader's language."""
    return "\n".join(shown(line.strip()) for line in text.splitlines())


def canonical_lines(text: str) -> str:
    """What a form sent back, line by line as it is stored (recognised phrases in Danish)."""
    return "\n".join(canonical(line.strip()) for line in text.splitlines())
