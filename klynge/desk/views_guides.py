"""Guides and templates: the secretariat publishes them, its coordinators and boards download them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import STAFF_READ, cluster_view, scheme_view
from klynge.clusters.crumbs import cluster_crumbs
from klynge.desk import services
from klynge.desk.crumbs import start_crumbs
from klynge.desk.forms import GuideForm
from klynge.desk.models import Guide
from klynge.lib.files import download


@scheme_view
def guides(request, scheme):
    """The scheme's guides and templates, and the form that publishes a new one."""
    form = GuideForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in GuideForm.Meta.fields}
        upload = form.cleaned_data["upload"]
        guide = services.publish_guide(scheme, upload, form.kind, by=request.user, **fields)
        messages.success(request, _("%(title)s er offentliggjort.") % {"title": guide.title})
        return redirect("desk:guides", scheme.code)
    return render(
        request,
        "desk/guides.html",
        {
            "scheme": scheme,
            "form": form,
            "guides": scheme.guides.published().select_related("published_by"),
            "breadcrumbs": start_crumbs(request, scheme)
            + [(_("Vejledninger og skabeloner"), None)],
        },
    )


@scheme_view
@require_POST
def guide_withdraw(request, scheme, guide):
    found = get_object_or_404(scheme.guides.published(), pk=guide)
    services.withdraw_guide(found, by=request.user)
    messages.success(request, _("%(title)s er trukket tilbage.") % {"title": found.title})
    return redirect("desk:guides", scheme.code)


@scheme_view
def guide_file(request, scheme, guide):
    found = get_object_or_404(scheme.guides.all(), pk=guide)
    return download(found.file, found.label, found.mime)


@cluster_view(STAFF_READ)
def cluster_guides(request, cluster):
    """The guides and templates of the cluster's scheme, by category."""
    return render(
        request,
        "desk/cluster_guides.html",
        {
            "cluster": cluster,
            "guides": cluster.scheme.guides.published(),
            "breadcrumbs": cluster_crumbs(cluster, (_("Vejledninger og skabeloner"), None)),
        },
    )


@cluster_view(STAFF_READ)
def cluster_guide_file(request, cluster, guide):
    found = get_object_or_404(Guide.objects.published(), scheme=cluster.scheme_id, pk=guide)
    return download(found.file, found.label, found.mime)
