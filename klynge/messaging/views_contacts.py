"""The cluster's address book of outside contacts: municipality, region, hospital departments,
other clusters, the quality unit. It belongs to the cluster, so the next coordinator has it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, STAFF_READ, can, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.messaging import services
from klynge.messaging.forms import ContactForm
from klynge.messaging.lookups import contact_crumbs, get_contact


@cluster_view(STAFF_READ)
def contacts(request, cluster):
    rows = list(cluster.contacts.order_by("kind", "organisation", "name", "pk")[:500])
    # Names and addresses of people outside the cluster: a look-up, though not of a member.
    log_access(request, "view", "Klyngens eksterne kontakter", [], cluster)
    return render(
        request,
        "messaging/contacts.html",
        {
            "cluster": cluster,
            "rows": rows,
            "manage": can(request, MANAGE),
            "breadcrumbs": contact_crumbs(cluster),
        },
    )


@cluster_view(MANAGE)
def contact_new(request, cluster):
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.save_contact(cluster, form.save(commit=False), by=request.user)
        messages.success(request, _("Kontakten er gemt."))
        return redirect("messaging:contacts", cluster.slug)
    return render(
        request,
        "messaging/contact.html",
        {
            "cluster": cluster,
            "form": form,
            "title": _("Ny kontakt"),
            "breadcrumbs": contact_crumbs(cluster, (_("Ny kontakt"), None)),
        },
    )


@cluster_view(MANAGE)
def contact(request, cluster, contact):
    found = get_contact(cluster, contact)
    form = ContactForm(request.POST if request.method == "POST" else None, instance=found)
    if request.method == "POST" and form.is_valid():
        services.save_contact(cluster, form.save(commit=False), by=request.user)
        messages.success(request, _("Kontakten er gemt."))
        return redirect("messaging:contacts", cluster.slug)
    return render(
        request,
        "messaging/contact.html",
        {
            "cluster": cluster,
            "form": form,
            "contact": found,
            "title": str(found),
            "breadcrumbs": contact_crumbs(cluster, (str(found), None)),
        },
    )


@cluster_view(MANAGE)
@require_POST
def contact_delete(request, cluster, contact):
    services.delete_contact(get_contact(cluster, contact), by=request.user)
    messages.success(request, _("Kontakten er slettet."))
    return redirect("messaging:contacts", cluster.slug)
