"""One page of a long list, and the query string its links keep (the filters, not the page)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

# The query parameter that holds the page number ("side" in Danish URLs).
PARAM = "side"


@dataclass
class Paged:
    page: Page
    query: str  # the request's query string without the page number, for the page links


def paged(request, items, size: int, count: int | None = None) -> Paged:
    """The page of `items` (a queryset or a list) the request asks for; a number out of range or
    not a number gives the nearest page, never an error. `count`: how many items there are, when
    the caller has counted them already (the paginator then makes no COUNT query)."""
    paginator = Paginator(items, size)
    if count is not None:
        paginator.count = count  # a cached_property: the number given stands in for COUNT(*)
    page = paginator.get_page(request.GET.get(PARAM))
    query = request.GET.copy()
    query.pop(PARAM, None)
    return Paged(page=page, query=query.urlencode())
