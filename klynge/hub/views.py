"""The pages that gather what every app contributes: the dashboard, the profile, the cluster page,
the public directory, and the secretariat's and regional unit's start pages.

They hold no domain logic of their own: each app adds its sections through `panels.py`
(klynge/lib/panels.py)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import (
    MANAGE,
    READ,
    Role,
    authenticated,
    cluster_view,
    clusters_of,
    person_of,
    public,
    regional_view,
    secretariat_view,
)
from klynge.clusters.accesslog import log_access
from klynge.clusters.crumbs import cluster_crumbs
from klynge.clusters.models import (
    Cluster,
    Post,
    Region,
    Scheme,
    holder_member_on,
)
from klynge.hub.forms import ClusterSearchForm, ProfileForm
from klynge.hub.lookups import cluster_facts, cluster_page, secretariat_desk
from klynge.lib.panels import collect
from klynge.privacy.services import update_own_details


@authenticated
def dashboard(request):
    """The user's clusters with their roles, and whatever each app has to say about them."""
    # A secretariat's clusters (every cluster of its scheme) are not listed here, one card each:
    # one card leads to its own pages, which page and search them.
    clusters = clusters_of(request.user, scheme_wide=False)
    desk = secretariat_desk(request.user)
    if not clusters and desk is None and (start := own_start_page(request.user)):
        return redirect(start)
    rows = [(cluster, [Role.LABELS[role] for role in sorted(roles)]) for cluster, roles in clusters]
    panels = collect("dashboard_panels", request, clusters)
    context = {
        "clusters": rows,
        "desk": desk,
        "panels": panels,
        "person": person_of(request.user),
    }
    # One cluster (or one the user runs): its sections in the top menu.
    managed = [(cluster, roles) for cluster, roles in clusters if roles & MANAGE]
    only = clusters if len(clusters) == 1 else managed if len(managed) == 1 else []
    if only:
        context["menu_cluster"], context["menu_roles"] = only[0]
    return render(request, "hub/dashboard.html", context)


def own_start_page(user) -> str | None:
    """Users with no cluster of their own land on their own start page."""
    if user.regional_unit_of_id:
        return "secretariat:region"
    if user.is_superuser:
        return "desk:admin_home"
    return None


@authenticated
def profile(request):
    """The user's own name, phone and what other members may see."""
    person = person_of(request.user)
    form = ProfileForm(request.POST or None, instance=person) if person else None
    if form is not None and request.method == "POST" and form.is_valid():
        update_own_details(person, form.cleaned_data, by=request.user)
        messages.success(request, _("Dine oplysninger er gemt."))
        return redirect("profile")
    panels = collect("profile_panels", request, person)
    return render(
        request,
        "hub/profile.html",
        {
            "form": form,
            "person": person,
            "panels": panels,
            "breadcrumbs": [(_("Overblik"), "/"), (_("Min profil"), None)],
        },
    )


@cluster_view(READ)
def cluster(request, cluster):
    context = {
        "cluster": cluster,
        "roles": [Role.LABELS[role] for role in sorted(request.cluster_roles)],
        **cluster_facts(cluster, timezone.localdate()),
        "panels": collect("cluster_panels", request, cluster),
        "breadcrumbs": cluster_crumbs(cluster),
    }
    return render(request, "hub/cluster.html", context)


@public
def directory(request):
    """The public list of clusters and, where they consented, their coordinators' contact.

    Nothing else about people is shown: no members, clinics or other posts. Without consent the
    scheme's secretariat is the way to reach the cluster (eKVIS passes requests on). A coordinator
    is shown while they are a member of the cluster (to their clinic's last day).
    """
    today = timezone.localdate()
    consenting = (
        Post.objects.active(today)
        .filter(holder_member_on(today), kind=Post.Kind.COORDINATOR, directory_consent=True)
        .distinct()
    )
    schemes = list(Scheme.objects.order_by("name"))
    regions = list(Region.objects.order_by("name"))
    clusters = Cluster.objects.select_related("scheme", "region")
    chosen_scheme = request.GET.get("ordning", "")
    chosen_region = request.GET.get("region", "")
    if chosen_scheme in {s.code for s in schemes}:
        clusters = clusters.filter(scheme__code=chosen_scheme)
    if chosen_region in {r.code for r in regions}:
        clusters = clusters.filter(region__code=chosen_region)
    clusters = clusters.prefetch_related(
        Prefetch(
            "posts",
            queryset=consenting.select_related("person"),
            to_attr="public_coordinators",
        )
    ).order_by("scheme__name", "region__name", "name")
    response = render(
        request,
        "hub/directory.html",
        {
            "clusters": clusters,
            "schemes": schemes,
            "regions": regions,
            "chosen_scheme": chosen_scheme,
            "chosen_region": chosen_region,
            "breadcrumbs": [(_("Klyngeoversigt"), None)],
        },
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@secretariat_view
def secretariat(request, scheme):
    """The scheme's clusters, a page at a time, searched by name and region."""
    form = ClusterSearchForm(request.GET or None)
    listing = cluster_page(
        request,
        Cluster.objects.of_scheme(scheme),
        timezone.localdate(),
        q=form.value("q"),
        region=form.value("region"),
    )
    form.offer(listing.regions)
    log_listing(request, listing)
    return render(
        request,
        "hub/secretariat.html",
        {
            "scheme": scheme,
            "form": form,
            "listing": listing,
            "panels": collect("secretariat_panels", request, scheme, tallies_on=scheme),
            "breadcrumbs": [(_("Overblik"), "/"), (_("Sekretariat"), None)],
        },
    )


def log_listing(request, listing) -> None:
    """The coordinators shown on the page, and only those."""
    action = "search" if listing.searched else "view"
    log_access(request, action, _("Klyngernes koordinatorer"), listing.coordinators)


@regional_view
def region(request, region):
    """A regional quality unit sees the clusters in its region, without personal data."""
    form = ClusterSearchForm(request.GET or None, with_region=False)
    listing = cluster_page(
        request, Cluster.objects.filter(region=region), timezone.localdate(), q=form.value("q")
    )
    log_listing(request, listing)
    return render(
        request,
        "hub/region.html",
        {
            "region": region,
            "form": form,
            "listing": listing,
            "panels": collect("regional_panels", request, region),
            "breadcrumbs": [(_("Overblik"), "/"), (region.unit_name, None)],
        },
    )
