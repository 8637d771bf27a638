"""Who may do what: roles come from the data, and every view declares one access policy.

Cluster URLs carry the cluster's slug as the `cluster` keyword. `cluster_view` resolves it and
the user's roles in it: a user with no role in the cluster gets 404 (nothing leaks), a user whose
role is not enough gets 403. Child objects are then fetched through `request.cluster`.

Every view is wrapped by one of the decorators below, which records its policy on the view as
`access_policy`; the access-matrix test walks every URL pattern and fails on a view without one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, Value
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import ClinicAffiliation, Cluster, Post, Scheme, membership_on


class Role:
    COORDINATOR = "coordinator"
    BOARD = "board"
    MEMBER = "member"
    SECRETARIAT = "secretariat"
    ADMIN = "admin"

    LABELS = {
        COORDINATOR: _("Koordinator"),
        BOARD: _("Bestyrelse"),
        MEMBER: _("Medlem"),
        SECRETARIAT: _("Sekretariat"),
        ADMIN: _("Administrator"),
    }


# The policies cluster views choose from.
READ = frozenset({Role.MEMBER, Role.BOARD, Role.COORDINATOR, Role.SECRETARIAT, Role.ADMIN})
MEMBERS = frozenset({Role.MEMBER, Role.BOARD, Role.COORDINATOR})
MANAGE = frozenset({Role.BOARD, Role.COORDINATOR})
STAFF_READ = frozenset({Role.BOARD, Role.COORDINATOR, Role.SECRETARIAT, Role.ADMIN})
COORDINATE = frozenset({Role.COORDINATOR})
OVERSIGHT = frozenset({Role.SECRETARIAT, Role.ADMIN})


@dataclass(frozen=True)
class AccessPolicy:
    """What the access matrix reads: the kind of check and, for clusters, the roles allowed."""

    kind: str  # public, token, authenticated, cluster, secretariat, scheme, regional, admin, api
    roles: frozenset = field(default_factory=frozenset)


def person_of(user):
    """The Person behind an account, looked up once per request (None for anonymous)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_klynge_person"):
        try:
            user._klynge_person = user.person
        except AttributeError:  # RelatedObjectDoesNotExist: an account with no person
            user._klynge_person = None
    return user._klynge_person


def post_roles(kinds) -> set[str]:
    roles = set()
    for kind in kinds:
        roles.add(Role.COORDINATOR if kind == Post.Kind.COORDINATOR else Role.BOARD)
    return roles


def roles_in(user, cluster: Cluster, on: date | None = None) -> frozenset[str]:
    """The user's roles in the cluster on the day (one query, and the person once a request)."""
    if not user.is_authenticated:
        return frozenset()
    on = on or timezone.localdate()
    roles: set[str] = set()
    if user.is_superuser:
        roles.add(Role.ADMIN)
    if user.secretariat_of_id and user.secretariat_of_id == cluster.scheme_id:
        roles.add(Role.SECRETARIAT)
    person = person_of(user)
    if person is not None:
        # The posts and the membership in one query.
        kinds = set(
            Post.objects.active(on)
            .filter(cluster=cluster, person=person)
            .order_by()
            .values_list("kind", flat=True)
            .union(member_rows(person, on, cluster=cluster))
            .order_by()
        )
        if MEMBER_ROW in kinds:
            roles.add(Role.MEMBER)
        roles |= post_roles(kinds - {MEMBER_ROW})
    return frozenset(roles)


# What member_rows() gives in place of a post's kind.
MEMBER_ROW = "member"


def member_rows(person, on: date, **where):
    """One row per cluster the person is a member of on the day (through a clinic): the literal
    MEMBER_ROW, to be unioned with post kinds. `where` (the cluster) filters in the same filter()
    call as the day, so both hold for the same membership (a second call would join another)."""
    return (
        ClinicAffiliation.objects.on(on)
        .filter(
            membership_on(on, "clinic__memberships__"),
            person=person,
            **{f"clinic__memberships__{k}": v for k, v in where.items()},
        )
        .order_by()
        .annotate(row=Value(MEMBER_ROW, output_field=CharField()))
        .values_list("row", flat=True)
    )


def clusters_of(
    user, on: date | None = None, *, scheme_wide: bool = True
) -> list[tuple[Cluster, frozenset[str]]]:
    """Every cluster the user has a role in, with the roles, in two queries at most.
    `scheme_wide=False`: only the clusters the user's person has a role in (a post or a
    membership), not every cluster of the scheme the user is the secretariat of."""
    on = on or timezone.localdate()
    found: dict[int, set[str]] = {}
    person = person_of(user)
    if person is not None:
        # The posts and the memberships in one query.
        members = member_rows(person, on).values_list("clinic__memberships__cluster_id", "row")
        rows = (
            Post.objects.active(on)
            .filter(person=person)
            .order_by()
            .values_list("cluster_id", "kind")
            .union(members)
            .order_by()
        )
        for cluster_id, kind in rows:
            found.setdefault(cluster_id, set()).update(
                {Role.MEMBER} if kind == MEMBER_ROW else post_roles([kind])
            )
    query = Q(pk__in=found.keys())
    if user.secretariat_of_id and scheme_wide:
        query |= Q(scheme_id=user.secretariat_of_id)
    clusters = Cluster.objects.filter(query).select_related("scheme", "region").order_by("name")
    result = []
    for cluster in clusters:
        roles = set(found.get(cluster.pk, ()))
        if user.secretariat_of_id == cluster.scheme_id:
            roles.add(Role.SECRETARIAT)
        result.append((cluster, frozenset(roles)))
    return result


def privileged(user) -> bool:
    """Users who must use two-factor login when KLYNGE_REQUIRE_MFA is on."""
    if user.is_superuser or user.secretariat_of_id or user.regional_unit_of_id:
        return True
    person = person_of(user)
    return person is not None and Post.objects.active().filter(person=person).exists()


def _mark(view: Callable, policy: AccessPolicy) -> Callable:
    view.access_policy = policy  # type: ignore[attr-defined]  # read by the access matrix
    return view


def cluster_view(allowed: frozenset[str]):
    """Resolve `cluster` (a slug) from the URL; 404 for outsiders, 403 for too small a role."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, cluster, *args, **kwargs):
            obj = get_object_or_404(
                Cluster.objects.select_related("scheme", "region"), slug=cluster
            )
            roles = roles_in(request.user, obj)
            if not roles:
                raise Http404
            if not roles & allowed:
                raise PermissionDenied
            request.cluster = obj
            request.cluster_roles = roles
            return view(request, obj, *args, **kwargs)

        return _mark(wrapper, AccessPolicy("cluster", frozenset(allowed)))

    return decorator


def can(request, allowed: frozenset[str]) -> bool:
    """In a cluster view: does the user hold one of these roles? (for showing buttons)"""
    return bool(getattr(request, "cluster_roles", frozenset()) & allowed)


def public(view):
    """Open to everyone, logged in or not."""
    return _mark(login_not_required(view), AccessPolicy("public"))


def token_view(view):
    """Open without login, guarded by a signed token in the URL; it never logs anyone in."""
    return _mark(login_not_required(view), AccessPolicy("token"))


def authenticated(view):
    """Any logged-in user; the view shows only the user's own things."""
    return _mark(view, AccessPolicy("authenticated"))


def secretariat_view(view):
    """A scheme's secretariat (or a site admin): passes `scheme` to the view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.secretariat_of_id:
            raise PermissionDenied
        return view(request, user.secretariat_of, *args, **kwargs)

    return _mark(wrapper, AccessPolicy("secretariat"))


def scheme_view(view):
    """A scheme's own page (`scheme`, its code, in the URL): its secretariat or a site admin."""

    @wraps(view)
    def wrapper(request, scheme, *args, **kwargs):
        obj = get_object_or_404(Scheme, code=scheme)
        user = request.user
        if not (user.is_superuser or user.secretariat_of_id == obj.pk):
            raise PermissionDenied
        return view(request, obj, *args, **kwargs)

    return _mark(wrapper, AccessPolicy("scheme"))


def api_view(view):
    """The read-only API (/api/v1/): no session, a bearer token of a secretariat (its scheme) or a
    site admin; 401 without a valid token, 403 for any other role (klynge/api/auth.py)."""
    return _mark(login_not_required(view), AccessPolicy("api"))


def admin_view(view):
    """A site administrator's page (a superuser)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _mark(wrapper, AccessPolicy("admin"))


def regional_view(view):
    """A regional quality unit's user: passes `region` to the view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.regional_unit_of_id:
            raise PermissionDenied
        return view(request, request.user.regional_unit_of, *args, **kwargs)

    return _mark(wrapper, AccessPolicy("regional"))
