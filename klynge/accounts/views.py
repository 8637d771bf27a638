from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from klynge.accounts.forms import ProfileForm
from klynge.clusters.access import Role, authenticated, clusters_of, person_of
from klynge.lib.panels import collect


@authenticated
def dashboard(request):
    """The user's clusters with their roles, and whatever each app has to say about them."""
    clusters = clusters_of(request.user)
    rows = [(cluster, [Role.LABELS[role] for role in sorted(roles)]) for cluster, roles in clusters]
    panels = collect("dashboard_panels", request, clusters)
    return render(
        request,
        "accounts/dashboard.html",
        {"clusters": rows, "panels": panels, "person": person_of(request.user)},
    )


@authenticated
def profile(request):
    """The user's own name, phone and what other members may see."""
    person = person_of(request.user)
    form = ProfileForm(request.POST or None, instance=person) if person else None
    if form is not None and request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dine oplysninger er gemt."))
        return redirect("profile")
    panels = collect("profile_panels", request, person)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "person": person,
            "panels": panels,
            "breadcrumbs": [(_("Overblik"), "/"), (_("Min profil"), None)],
        },
    )


def csrf_failure(request, reason=""):
    """A refused form (missing or stale CSRF token) explained in Danish; nothing was changed."""
    return render(request, "403_csrf.html", status=403)
