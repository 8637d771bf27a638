"""What the cluster page shows of the cluster itself, read from the cache (klynge/lib/derived.py)."""

from klynge.clusters.models import Clinic, Person, Post
from klynge.lib import derived


def cluster_facts(cluster, today) -> dict:
    """The member clinics and the people working in them (counts), the rules in force and the
    posts held, on `today`: from the cache while the cluster's inputs are unchanged
    (klynge/clusters/derived.py), by the day."""

    def compute(missing):
        found = {}
        for c in missing:
            rules = c.rules_on(today)
            found[c.pk] = {
                "clinic_count": Clinic.objects.active_in(c, today).count(),
                "people_count": Person.objects.members_of(c, today).count(),
                # The two the page shows (an unsaved default would bring its cluster along).
                "rules": {
                    "meetings_per_year": rules.meetings_per_year,
                    "max_absences": rules.max_absences,
                },
                "posts": list(
                    Post.objects.active(today).filter(cluster=c).select_related("person")
                ),
            }
        return found

    return derived.cached("cluster_facts", [cluster], (today.isoformat(),), compute)[cluster.pk]
