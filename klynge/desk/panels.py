"""The desk's sections on the dashboard and the secretariat's start page."""

from datetime import timedelta

from django.utils import timezone

from klynge.clusters.access import Role
from klynge.clusters.models import Cluster, Scheme
from klynge.desk.lookups import overview, waiting_query
from klynge.desk.models import Guide, News
from klynge.lib import derived
from klynge.lib.panels import Panel, Tally

STAFF = {Role.COORDINATOR, Role.BOARD}
NEWEST = 5
NEWS_DAYS = 90
NEWS_SHOWN = 3


def staff_clusters(clusters) -> dict:
    """For each scheme the user is coordinator or board member in: the first such cluster."""
    found: dict = {}
    for cluster, roles in clusters:
        if roles & STAFF:
            found.setdefault(cluster.scheme_id, cluster)
    return found


def dashboard_panels(request, clusters):
    by_scheme = staff_clusters(clusters)
    if not by_scheme:
        return []
    now = timezone.now()
    found = scheme_desk(list(by_scheme.values()), now)
    published = {scheme_id: found[cluster.pk] for scheme_id, cluster in by_scheme.items()}
    sections = [
        {"cluster": cluster, "guides": published[scheme_id]["guides"]}
        for scheme_id, cluster in by_scheme.items()
    ]
    return news_panels(by_scheme, published, now) + [
        Panel("desk/panel_guides.html", {"sections": sections}, order=40)
    ]


def scheme_desk(clusters, now) -> dict[int, dict]:
    """The newest guides of each cluster's scheme and its news of the last NEWS_DAYS (and a day):
    from the cache under the cluster's token (a guide or news item bumps the scheme's clusters),
    by the day; which news are recent enough is decided at the time of the request."""
    today = timezone.localdate(now)

    def compute(missing):
        schemes = {c.scheme_id for c in missing}
        guides: dict = {}
        for guide in (
            Guide.objects.published().filter(scheme__in=schemes).order_by("-version_date", "-pk")
        ):
            guides.setdefault(guide.scheme_id, []).append(guide)
        since = now - timedelta(days=NEWS_DAYS + 1)
        news: dict = {}
        for item in News.objects.filter(scheme__in=schemes, published_at__gte=since):
            news.setdefault(item.scheme_id, []).append(item)
        return {
            c.pk: {
                "guides": guides.get(c.scheme_id, [])[:NEWEST],
                "news": news.get(c.scheme_id, []),
            }
            for c in missing
        }

    return derived.cached("desk_dashboard", clusters, (today.isoformat(),), compute)


def news_panels(by_scheme: dict, published: dict, now) -> list[Panel]:
    """The latest news of the last three months from each of the user's secretariats."""
    since = now - timedelta(days=NEWS_DAYS)
    recent = [item for scheme_id in by_scheme for item in published[scheme_id]["news"]]
    recent.sort(key=lambda item: (item.published_at, item.pk), reverse=True)  # News' ordering
    found: dict = {}
    for item in recent:
        if item.published_at >= since:
            found.setdefault(item.scheme_id, []).append(item)
    sections = [
        {"cluster": by_scheme[scheme_id], "items": items[:NEWS_SHOWN]}
        for scheme_id, items in found.items()
    ]
    if not sections:
        return []
    return [Panel("desk/panel_news.html", {"sections": sections}, order=15)]


def secretariat_panels(request, scheme):
    context = {"scheme": scheme, "waiting": Tally(waiting_query(scheme))}
    return [Panel("desk/panel_secretariat.html", context, order=5)]


def cluster_panels(request, cluster):
    """Coordinator and board: the way to the secretariat's guides, news and questions."""
    if not request.cluster_roles & STAFF:
        return []
    panels = [Panel("desk/panel_cluster.html", {"cluster": cluster}, order=60)]
    if not cluster.scheme.is_specialist:  # the register check against KiAP's "Min Klynge"
        context = {"cluster": cluster, "year": timezone.localdate().year}
        panels.append(Panel("desk/panel_register.html", context, order=61))
    return panels


def regional_panels(request, region):
    """The regional unit's overview of its clusters, per scheme, without names or amounts."""
    schemes = Scheme.objects.filter(clusters__region=region).distinct().order_by("name")
    sections = [
        {
            "scheme": scheme,
            "rows": overview(scheme, Cluster.objects.filter(region=region, scheme=scheme)),
            "january": not scheme.is_specialist,
        }
        for scheme in schemes
    ]
    return [Panel("desk/panel_region.html", {"sections": sections}, order=10)]
