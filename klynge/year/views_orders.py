"""Ordering a cluster package (and a follow-up), the cluster's own changes to an order, and the
provider's status changes. The state changes are in `services_orders`."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, cluster_view, regional_view, secretariat_view
from klynge.clusters.crumbs import cluster_crumbs
from klynge.year import services_orders
from klynge.year.forms import OrderForm, OrderStatusForm
from klynge.year.lookups import catalogue_for
from klynge.year.models import PackageOrder


def _crumbs(cluster, title):
    return cluster_crumbs(
        cluster, (_("Klyngepakker"), reverse("year:packages", args=[cluster.slug])), (title, None)
    )


def _open_orders(cluster, package):
    return list(
        PackageOrder.objects.open()
        .filter(cluster=cluster, package=package)
        .select_related("meeting")
        .order_by("-pk")
    )


def _order_form_page(request, cluster, package, form, first=None):
    return render(
        request,
        "year/order.html",
        {
            "cluster": cluster,
            "package": package,
            "form": form,
            "order": None,
            "first": first,
            "open_orders": _open_orders(cluster, package),
            "breadcrumbs": _crumbs(cluster, package.title),
        },
    )


def _place(request, cluster, package, form, first=None):
    """The order from a valid form, or None with the duplicate's message on the form."""
    try:
        return services_orders.place_order(
            cluster,
            package,
            by=request.user,
            meeting=form.cleaned_data["meeting"],
            note=form.cleaned_data["note"],
            follow_up_of=first,
        )
    except services_orders.DuplicateOrder as exc:
        form.add_error("meeting", exc)
        return None


@cluster_view(MANAGE)
def order_add(request, cluster, catalogue_package):
    package = get_object_or_404(catalogue_for(cluster), pk=catalogue_package)
    form = OrderForm(request.POST or None, cluster=cluster)
    placed = (
        request.method == "POST" and form.is_valid() and _place(request, cluster, package, form)
    )
    if placed:
        messages.success(
            request, _("Pakken er bestilt, og udbyderen har fået bestillingen på e-mail.")
        )
        return redirect("year:packages", cluster.slug)
    return _order_form_page(request, cluster, package, form)


@cluster_view(MANAGE)
def order_follow_up(request, cluster, package_order):
    first = get_object_or_404(
        cluster.package_orders.select_related("package").exclude(
            status=PackageOrder.Status.CANCELLED
        ),
        pk=package_order,
    )
    form = OrderForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        order = _place(request, cluster, first.package, form, first=first)
        if order is not None:
            messages.success(
                request, _("Opfølgningen er bestilt, og udbyderen har fået den på e-mail.")
            )
            return redirect("year:order", cluster.slug, order.pk)
    return _order_form_page(request, cluster, first.package, form, first=first)


@cluster_view(MANAGE)
def order_edit(request, cluster, package_order):
    order = get_object_or_404(
        cluster.package_orders.select_related("package", "follow_up_of", "meeting"),
        pk=package_order,
    )
    form = OrderStatusForm(request.POST or None, instance=order)
    if request.method == "POST" and form.is_valid():
        services_orders.set_status(
            order,
            form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            by=request.user,
            by_provider=False,
        )
        messages.success(request, _("Bestillingen er opdateret."))
        return redirect("year:packages", cluster.slug)
    return render(
        request,
        "year/order.html",
        {
            "cluster": cluster,
            "package": order.package,
            "form": form,
            "order": order,
            "follow_ups": list(order.follow_ups.order_by("pk")),
            "history": list(order.history.select_related("history_user").order_by("-history_date")),
            "breadcrumbs": _crumbs(cluster, order.package.title),
        },
    )


def _provider_status(request, orders, pk: int, url_name: str):
    order = get_object_or_404(orders.select_related("package", "cluster"), pk=pk)
    status = request.POST.get("status")
    if status not in PackageOrder.Status.values:
        messages.error(request, _("Vælg en status fra listen."))
        return redirect(url_name)
    services_orders.set_status(order, status, by=request.user, by_provider=True)
    messages.success(
        request,
        _("Status for %(cluster)s er opdateret, og klyngens koordinator har fået besked.")
        % {"cluster": order.cluster.name},
    )
    return redirect(url_name)


@secretariat_view
@require_POST
def secretariat_order_status(request, scheme, provider_order):
    orders = PackageOrder.objects.filter(package__provider_scheme=scheme)
    return _provider_status(request, orders, provider_order, "year:secretariat_packages")


@regional_view
@require_POST
def regional_order_status(request, region, provider_order):
    orders = PackageOrder.objects.filter(package__provider_region=region)
    return _provider_status(request, orders, provider_order, "year:regional_packages")
