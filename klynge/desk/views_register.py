"""The KiAP register check: upload KiAP's list of the cluster's ydernumre, see the differences
with Klynge's members today, fix Klynge's side in one click, export what to change at KiAP.

The uploaded list is kept in the session (like the member import's preview), never stored."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, cluster_view
from klynge.clusters.crumbs import cluster_crumbs
from klynge.clusters.models import Clinic, ClusterMembership
from klynge.desk import register
from klynge.desk.forms import RegisterForm
from klynge.lib import tables
from klynge.lib.phrases import stored as phrase_stored
from klynge.members import phrases as member_phrases
from klynge.members import services as members

SESSION_KEY = register.SESSION_KEY


def _kiap_only(cluster):
    if cluster.scheme.is_specialist:
        raise Http404  # the register at KiAP ("Min Klynge") is general practice only


def _stored(request, cluster):
    stored = request.session.get(SESSION_KEY) or {}
    return stored if stored.get("cluster") == cluster.pk else None


@cluster_view(MANAGE)
def register_check(request, cluster):
    _kiap_only(cluster)
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = {
            "cluster": cluster.pk,
            "name": form.cleaned_data["file"].name[:200],
            "ydernumre": form.ydernumre,
            "uploaded": timezone.now().isoformat(),
        }
        return redirect("desk:register", cluster.slug)
    stored = _stored(request, cluster)
    differences = None
    if stored:
        differences = register.compare(cluster, stored["ydernumre"], timezone.localdate())
    return render(
        request,
        "desk/register.html",
        {
            "cluster": cluster,
            "form": form,
            "stored": stored,
            "differences": differences,
            "breadcrumbs": cluster_crumbs(cluster, (_("Tjek af KiAP's register"), None)),
        },
    )


@cluster_view(MANAGE)
@require_POST
def register_add(request, cluster):
    """Add a clinic KiAP lists (and Klynge knows) to the cluster from today."""
    _kiap_only(cluster)
    stored = _stored(request, cluster)
    number = request.POST.get("ydernummer", "")
    clinic = Clinic.objects.filter(ydernummer=number).first()
    if not stored or number not in stored["ydernumre"] or clinic is None:
        messages.error(request, _("Klinikken er ikke på KiAP's liste. Upload listen igen."))
        return redirect("desk:register", cluster.slug)
    members.add_clinic(
        cluster,
        number,
        {},
        by=request.user,
        note=phrase_stored(member_phrases.REGISTER_NOTE),
        reason=phrase_stored(member_phrases.REGISTER_REASON),
    )
    messages.success(request, _("%(clinic)s er indmeldt i klyngen.") % {"clinic": clinic})
    return redirect("desk:register", cluster.slug)


@cluster_view(MANAGE)
@require_POST
def register_end(request, cluster):
    """End today the membership of a clinic KiAP does not list (its last day was yesterday)."""
    _kiap_only(cluster)
    stored = _stored(request, cluster)
    today = timezone.localdate()
    number = request.POST.get("ydernummer", "")
    membership = (
        cluster.memberships.open_on(today)
        .select_related("clinic")
        .filter(clinic__ydernummer=number)
        .first()
    )
    if not stored or membership is None or number in stored["ydernumre"]:
        messages.error(request, _("Klinikken er ikke længere en forskel. Upload listen igen."))
        return redirect("desk:register", cluster.slug)
    if membership.joined >= today:
        messages.error(
            request,
            _("%(clinic)s er indmeldt i dag; ret det på klinikkens side.")
            % {"clinic": membership.clinic},
        )
        return redirect("desk:register", cluster.slug)
    members.end_membership(
        membership,
        today,
        ClusterMembership.Reason.OTHER,
        _("Ikke registreret hos KiAP (tjek af KiAP's register)"),
        by=request.user,
    )
    messages.success(
        request,
        _("%(clinic)s er udmeldt af klyngen. Se udmeldelsen til kvalitetsenheden under klinikken.")
        % {"clinic": membership.clinic},
    )
    return redirect("desk:register", cluster.slug)


@cluster_view(MANAGE)
def register_export(request, cluster, fmt):
    """What to change in "Min Klynge" at KiAP so it matches Klynge (clinics only, no people)."""
    _kiap_only(cluster)
    stored = _stored(request, cluster)
    if not stored:
        messages.error(request, _("Upload KiAP's liste først."))
        return redirect("desk:register", cluster.slug)
    differences = register.compare(cluster, stored["ydernumre"], timezone.localdate())
    columns = [_("Handling"), tables.Column(_("Ydernummer"), tables.CODE), _("Klinik")]
    table = tables.Table(columns, register.changes_at_kiap(differences), sheet=_("Til KiAP"))
    name = f"kiap-aendringer-{cluster.slug}-{timezone.localdate():%Y-%m-%d}"
    return tables.response(table, name, fmt)
