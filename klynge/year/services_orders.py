"""Package orders that reach the provider: placing one (or a follow-up) e-mails KiAP, eKVIS or the
regional unit through the outbox; the provider moves its status and the cluster is told.

An open order for the same package and meeting stops a second one (a double click, or two people
at once): the cluster row is locked while we look, so only one of two simultaneous orders is made.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.access import person_of
from klynge.clusters.audit import Actor, service
from klynge.clusters.models import Cluster, Post
from klynge.mail.outbox import absolute, queue_mail
from klynge.mail.sender import KLYNGE
from klynge.year.models import Package, PackageOrder

DUPLICATE = _(
    "Klyngen har allerede en åben bestilling af denne pakke til samme møde. "
    "Ret den bestilling, eller bestil en opfølgning på den."
)


class DuplicateOrder(ValidationError):
    """An open order for the same package and meeting exists; `.order` is that order."""

    def __init__(self, order: PackageOrder):
        super().__init__(DUPLICATE, code="duplicate")
        self.order = order


def open_duplicate(cluster, package, meeting) -> PackageOrder | None:
    """The cluster's open order of `package` for `meeting` (no meeting: one without), if any."""
    return (
        PackageOrder.objects.open()
        .filter(cluster=cluster, package=package, meeting=meeting)
        .order_by("-pk")
        .first()
    )


def provider_email(package: Package) -> str:
    if package.provider_scheme_id:
        return package.provider_scheme.secretariat_email
    return package.provider_region.notice_email


def provider_url(package: Package) -> str:
    name = "year:secretariat_packages" if package.provider_scheme_id else "year:regional_packages"
    return absolute(reverse(name))


@service
def place_order(
    cluster, package, *, by, meeting=None, note: str = "", follow_up_of=None
) -> PackageOrder:
    """Make the order and e-mail the provider; `DuplicateOrder` if an open one is there.

    A follow-up is a new order linked to the first; a delivered first order becomes "follow-up
    ordered"."""
    Cluster.objects.select_for_update().filter(pk=cluster.pk).first()
    existing = open_duplicate(cluster, package, meeting)
    if existing is not None:
        raise DuplicateOrder(existing)
    order = PackageOrder.objects.create(
        cluster=cluster,
        package=package,
        meeting=meeting,
        note=note,
        follow_up_of=follow_up_of,
        requested_on=timezone.localdate(),
    )
    if follow_up_of is not None and follow_up_of.status == PackageOrder.Status.DELIVERED:
        follow_up_of.status = PackageOrder.Status.FOLLOW_UP
        follow_up_of.save(update_fields=["status"])
    person = person_of(Actor.of(by).user) if Actor.of(by).user else None
    queue_mail(
        "year_package_order",
        provider_email(package),
        {
            "order": order,
            "package": package,
            "cluster": cluster,
            "meeting": meeting,
            "orderer": person,
            "url": provider_url(package),
        },
        key=f"year.package_order:{order.pk}:provider",
        cluster=cluster,
        about=order,
    )
    return order


def coordinators(cluster) -> list:
    today = timezone.localdate()
    return [
        post.person
        for post in Post.objects.active(today)
        .filter(cluster=cluster, kind=Post.Kind.COORDINATOR)
        .exclude(person__email="")
        .select_related("person")
    ]


@service
def set_status(
    order: PackageOrder, status: str, *, by, by_provider: bool, note: str | None = None
) -> PackageOrder:
    """Move the order to `status` (and keep the cluster's `note`, if given). The provider's change
    is mailed to the cluster's coordinator; the cluster's cancellation is mailed to the provider."""
    order = (
        PackageOrder.objects.select_for_update(of=("self",))
        .select_related("package", "cluster")
        .get(pk=order.pk)
    )
    changed = order.status != status
    if note is not None and note != order.note:
        order.note = note
        if not changed:
            order.save(update_fields=["note"])
    if not changed:
        return order
    order.status = status
    order.save(update_fields=["status", "note"])
    history = order.history.latest().pk
    context = {"order": order, "package": order.package, "cluster": order.cluster}
    if by_provider:
        url = absolute(reverse("year:order", args=[order.cluster.slug, order.pk]))
        for person in coordinators(order.cluster):
            queue_mail(
                "year_package_status",
                person.email,
                context | {"person": person, "url": url},
                key=f"year.package_status:{history}:{person.pk}",
                cluster=order.cluster,
                about=order,
                voice=KLYNGE,
            )
    elif status == PackageOrder.Status.CANCELLED:
        queue_mail(
            "year_package_cancelled",
            provider_email(order.package),
            context | {"url": provider_url(order.package)},
            key=f"year.package_cancelled:{order.pk}:provider",
            cluster=order.cluster,
            about=order,
        )
    return order
