"""News from the secretariat: written on the desk, read on the coordinators' dashboards."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from klynge.clusters.access import STAFF_READ, cluster_view, scheme_view
from klynge.clusters.crumbs import cluster_crumbs
from klynge.desk import services
from klynge.desk.crumbs import start_crumbs
from klynge.desk.forms import NewsForm


@scheme_view
def news(request, scheme):
    """The scheme's news, and the form that publishes (and e-mails) a new one."""
    form = NewsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        published = services.publish_news(scheme, by=request.user, **form.cleaned_data)
        messages.success(request, _("%(title)s er offentliggjort.") % {"title": published.title})
        return redirect("desk:news", scheme.code)
    return render(
        request,
        "desk/news.html",
        {
            "scheme": scheme,
            "form": form,
            "items": scheme.news.all()[:50],
            "breadcrumbs": start_crumbs(request, scheme) + [(_("Nyheder"), None)],
        },
    )


@cluster_view(STAFF_READ)
def cluster_news(request, cluster):
    """Every piece of news from the cluster's secretariat, newest first."""
    return render(
        request,
        "desk/cluster_news.html",
        {
            "cluster": cluster,
            "items": cluster.scheme.news.all()[:50],
            "breadcrumbs": cluster_crumbs(cluster, (_("Nyt fra sekretariatet"), None)),
        },
    )
