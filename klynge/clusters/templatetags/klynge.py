from django import template

from klynge.lib.money import kr as format_kr

register = template.Library()


@register.filter
def kr(value):
    """{{ amount|kr }} -> 1.234,50 kr."""
    return format_kr(value)


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
