"""The secretariat's national overview of its scheme's clusters (on screen and as XLSX), and the
site administrator's start page."""

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import admin_view, scheme_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.models import Region, Scheme
from klynge.desk import export, lookups
from klynge.desk.crumbs import start_crumbs
from klynge.lib import pages, tables

# Rows on one page of the overview (the XLSX export holds every row the filters keep).
PAGE_SIZE = 50


def _chosen(request, scheme):
    regions = list(Region.objects.filter(clusters__scheme=scheme).distinct().order_by("name"))
    choice = lookups.Choice.from_query(request.GET, {region.code for region in regions})
    rows = lookups.cached_overview(scheme)
    return regions, choice, rows, choice.apply(rows)


@scheme_view
def overview(request, scheme):
    """Every cluster of the scheme in one table, with what needs action."""
    regions, choice, rows, shown = _chosen(request, scheme)
    paged = pages.paged(request, shown, PAGE_SIZE)
    page_rows = paged.page.object_list
    log_access(
        request, "view", _("Landsoversigt over klynger"), persons=lookups.people_shown(page_rows)
    )
    return render(
        request,
        "desk/overview.html",
        {
            "scheme": scheme,
            "regions": regions,
            "choice": choice,
            "rows": page_rows,
            "page": paged.page,
            "total": len(rows),
            "needing_action": sum(1 for row in rows if row.flags),
            "questions_waiting": sum(1 for row in rows if row.question_waiting),
            "january": not scheme.is_specialist,
            "year": timezone.localdate().year,
            "query": paged.query,
            "sort_links": choice.sort_links(request.GET),
            "breadcrumbs": start_crumbs(request, scheme) + [(_("Landsoversigt"), None)],
        },
    )


@scheme_view
def overview_export(request, scheme):
    """The same rows, filtered and sorted the same way, as an XLSX file."""
    _regions, _choice, _rows, shown = _chosen(request, scheme)
    log_access(
        request, "export", _("Landsoversigt over klynger"), persons=lookups.people_shown(shown)
    )
    january = not scheme.is_specialist
    table = tables.Table(
        export.header(january),
        [export.row_cells(row, january) for row in shown],
        sheet=_("Landsoversigt"),
    )
    name = f"landsoversigt-{scheme.code}-{timezone.localdate():%Y-%m-%d}"
    return tables.response(table, name, "xlsx")


@admin_view
def admin_home(request):
    """The site administrator's start page: the admin, and each scheme's overview."""
    schemes = Scheme.objects.annotate(cluster_count=Count("clusters")).order_by("name")
    return render(
        request,
        "desk/admin_home.html",
        {
            "schemes": schemes,
            "regions": Region.objects.annotate(cluster_count=Count("clusters")).order_by("name"),
            "breadcrumbs": [(_("Administration"), None)],
        },
    )
