"""What makes a cluster's derived data (the year wheel, the account status, the headroom) change.

The derived data is cached under the cluster's `derived_version` token (klynge/lib/derived.py).
The apps that own its inputs declare them in their `derived.py` with `watch(model, clusters)`:
every save and delete of such a row, whichever service, job or admin page makes it, gives the
clusters it belongs to a new token in the same transaction (one UPDATE). A write that sends no
signals (`QuerySet.update`, `bulk_create`, `bulk_update`) on a watched model must call `bump()`
itself; the bulk helpers with history (`clusters/audit.py`) do so through `rows_changed`.
"""

from collections.abc import Callable

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from klynge.clusters.models import Cluster
from klynge.lib.derived import new_token, renewed

WATCHED: dict[type, Callable] = {}
# Models whose clusters are found only through rows that point at them (a person through their
# posts, a clinic through its memberships): a row just inserted has none yet.
REFERENCED_ONLY: dict[type, bool] = {}


def bump(where: Q) -> None:
    """New tokens for the clusters `where` selects: their cached derived data is not read again."""
    Cluster.objects.filter(where).update(derived_version=new_token())
    renewed()


def rows_changed(model, rows, *, created: bool = False) -> None:
    """Rows of `model` written in bulk (no signals): new tokens for their clusters, if watched.
    Rows just `created` of a model found only through the rows pointing at it belong to no
    cluster yet (an import's thousand new people cost seconds of subqueries for nothing)."""
    clusters = WATCHED.get(model)
    if clusters is None or not rows or (created and REFERENCED_ONLY[model]):
        return
    wheres = list({clusters(row) for row in rows})
    if len(wheres) == 1:
        bump(wheres[0])
        return
    # Many rows, each its own condition: their clusters are found a hundred conditions at a time
    # (a database refuses an expression of thousands), then renewed in one UPDATE.
    pks: set[int] = set()
    for start in range(0, len(wheres), 100):
        where = Q()
        for q in wheres[start : start + 100]:
            where |= q
        pks.update(Cluster.objects.filter(where).values_list("pk", flat=True))
    bump(Q(pk__in=pks))


def own(instance) -> Q:
    """The row's own cluster (a `cluster` foreign key)."""
    return Q(pk=instance.cluster_id)


def through(model, field: str) -> Callable:
    """The cluster of the `model` row the instance's `field` points to (a meeting, a budget)."""

    def clusters(instance) -> Q:
        return Q(pk__in=model.objects.filter(pk=getattr(instance, field)).values("cluster_id"))

    return clusters


def watch(model, clusters: Callable = own, *, referenced: bool = False) -> None:
    """Saving or deleting a `model` row bumps the clusters `clusters(instance)` selects. Apps
    that watch the same model add their clusters to the others' (any of them is bumped).
    `referenced`: the clusters are found only through rows that point at the instance."""
    REFERENCED_ONLY[model] = referenced and REFERENCED_ONLY.get(model, True)
    earlier = WATCHED.get(model)
    WATCHED[model] = clusters if earlier is None else lambda row: earlier(row) | clusters(row)

    def changed(sender, instance, raw=False, **kwargs):
        if not raw:  # loaddata writes rows, not changes
            bump(WATCHED[model](instance))

    uid = f"klynge-derived-{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


def watch_apps() -> None:
    """Every app's declarations (`klynge/<app>/derived.py`), once at start."""
    from klynge.lib.hooks import app_modules

    for _app, module in app_modules("derived"):
        module.watch_inputs()


def watch_inputs() -> None:
    """The core's inputs: the cluster, its rules and posts (with their holders' names), its
    clinics and their memberships (the listed patients count), the scheme and its rulebook, the
    region (the national overview shows and filters by its name and code); the
    people of its clinics (the meeting page's forms list them, its agenda and follow-ups name
    them; the cluster page counts them)."""
    from klynge.clusters.models import (
        Clinic,
        ClinicAffiliation,
        ClusterMembership,
        ClusterRules,
        Person,
        Post,
        Region,
        RulebookVersion,
        Scheme,
    )

    watch(Cluster, lambda cluster: Q(pk=cluster.pk))
    for model in (ClusterRules, Post, ClusterMembership):
        watch(model)
    watch(Person, person_clusters, referenced=True)
    watch(ClinicAffiliation, lambda row: Q(memberships__clinic_id=row.clinic_id))
    watch(Clinic, lambda clinic: Q(memberships__clinic_id=clinic.pk), referenced=True)
    watch(RulebookVersion, lambda version: Q(scheme_id=version.scheme_id))
    watch(Scheme, lambda scheme: Q(scheme_id=scheme.pk))
    watch(Region, lambda region: Q(region_id=region.pk))


def person_clusters(person) -> Q:
    """Where the person holds a post or works in a member clinic (a subquery each)."""
    from klynge.clusters.models import ClusterMembership, Post

    posts = Post.objects.filter(person_id=person.pk).values("cluster_id")
    clinics = ClusterMembership.objects.filter(clinic__affiliations__person_id=person.pk)
    return Q(pk__in=posts) | Q(pk__in=clinics.values("cluster_id"))
