"""The desk's part of the weekly digest: guides and templates published or given a new version
in the last two weeks, to the coordinators and boards of the guide's scheme."""

from datetime import timedelta

from django.urls import reverse

from klynge.desk.models import Guide
from klynge.lib.digest import Note

RECENT_DAYS = 14


def notes(clusters: dict, today) -> dict[int, list[Note]]:
    schemes = {cluster.scheme_id for cluster in clusters.values()}
    guides = list(
        Guide.objects.published()
        .filter(scheme_id__in=schemes, published_at__date__gte=today - timedelta(days=RECENT_DAYS))
        .select_related("scheme")
        .order_by("-version_date", "title")
    )
    found: dict[int, list[Note]] = {}
    for cluster_id, cluster in clusters.items():
        found[cluster_id] = [
            Note(
                key=f"guide:{guide.pk}",
                title=guide.title,
                url=reverse("desk:guides", args=[guide.scheme.code]),
                day=guide.version_date,
                source=guide.scheme.name,
            )
            for guide in guides
            if guide.scheme_id == cluster.scheme_id
        ]
    return found
