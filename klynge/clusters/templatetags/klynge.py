from datetime import date

from django import template
from django.utils.formats import date_format

from klynge.lib import danish, phrases, urls
from klynge.lib.money import kr as format_kr

register = template.Library()


@register.filter
def kr(value):
    """{{ amount|kr }} -> 1.234,50 kr."""
    return format_kr(value)


@register.filter
def dato(value, fmt="DATE_FORMAT"):
    """{{ day|dato }} -> "17. september 2026": a date, or one stored as text ("2026-09-17", as in
    a submitted report's figures), in the reader's language; anything else as it is."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, date):
        return value
    return date_format(value, fmt)


@register.filter
def maaned(value):
    """{{ day|maaned }} -> "september 2026" (the month written out, in the reader's language)."""
    return danish.month(value)


@register.filter
def tal(value):
    """{{ count|tal }} -> "79.583" (thousands grouped, Danish separators)."""
    if value is None or value == "":
        return value
    return danish.number(value)


@register.filter
def kr_plain(value):
    """{{ amount|kr_plain }} -> 1.234,50 (for table cells with the unit in the header)."""
    return format_kr(value, unit=False)


@register.filter
def dkfds(form):
    """Render a form we did not write (allauth's) with DKFDS classes and our error summary."""
    from klynge.lib.forms import style_widgets

    style_widgets(form)
    return form


@register.filter
def shown(text):
    """A text Klynge stored (a change reason, an agenda line) in the reader's language."""
    return phrases.shown(text)


@register.simple_tag
def row_url(name, *args):
    """{% row_url "members:person" cluster.slug person.pk %}: `{% url %}` for the rows of a long
    list, without searching the URL configuration for every row (klynge/lib/urls.py)."""
    return urls.row_url(name, *args)
