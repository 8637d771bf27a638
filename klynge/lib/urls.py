"""A URL pattern reversed once for the rows of a long list.

`{% url %}` searches the URL configuration on every call; a list of 140 people with two links
each spends more on that than on its queries. `row_url(name, *args)` reverses the pattern once
(per process, script prefix and language) with stand-in arguments and puts each row's own values in their
place. Values are ids (int ≥ 0) and slugs; anything else, or a pattern whose converters refuse the
stand-ins, goes through `reverse` as before.
"""

import re
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import translation

PLAIN = re.compile(r"[-a-zA-Z0-9_]+")


def stand_in(index: int, value) -> int | str:
    return 7_390_000_000 + index if isinstance(value, int) else f"zq{index}standin"


@lru_cache(maxsize=512)
def pattern(
    name: str, kinds: tuple[bool, ...], prefix: str, language: str | None
) -> tuple[str, ...] | None:
    """The reversed URL split at the stand-ins, or None where that does not work."""
    ins = [stand_in(i, 0 if is_int else "") for i, is_int in enumerate(kinds)]
    try:
        url = reverse(name, args=ins)
    except NoReverseMatch:
        return None
    pieces = [url]
    for value in map(str, ins):
        head, *tail = pieces[-1].split(value)
        if len(tail) != 1:
            return None
        pieces[-1:] = [head, tail[0]]
    return tuple(pieces)


def plain(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    return isinstance(value, str) and PLAIN.fullmatch(value) is not None


def row_url(name: str, *args) -> str:
    if not all(plain(arg) for arg in args):
        return reverse(name, args=args)
    # The language too: the URLs carry its prefix (/en/…).
    kinds = tuple(isinstance(arg, int) for arg in args)
    pieces = pattern(name, kinds, get_script_prefix(), translation.get_language())
    if pieces is None:
        return reverse(name, args=args)
    out = [pieces[0]]
    for value, piece in zip(args, pieces[1:], strict=True):
        out += [str(value), piece]
    return "".join(out)
