"""Adding a clinic in one pass: while the ydernummer is typed, say whether Klynge knows the
clinic (its data is used) or it is new (then the name is needed), before the form is sent."""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from klynge.clusters.access import MANAGE, cluster_view
from klynge.clusters.fields import YdernummerFormField
from klynge.clusters.models import Clinic
from klynge.members import services


@cluster_view(MANAGE)
def ydernummer_check(request, cluster):
    """A fragment for the add-clinic page (htmx); it changes nothing."""
    typed = request.GET.get("ydernummer", "").strip()
    context = {"cluster": cluster, "typed": typed, "state": "", "clinic": None}
    try:
        number = YdernummerFormField().clean(typed) if typed else ""
    except ValidationError:
        number = ""
        context["state"] = "invalid" if len(typed) >= 6 else ""
    if number:
        clinic = Clinic.objects.filter(ydernummer=number).first()
        context["clinic"] = clinic
        if clinic is None:
            context["state"] = "new"
        elif services.open_membership(cluster, clinic):
            context["state"] = "member"
        else:
            context["state"] = "known"
    return render(request, "members/_ydernummer_check.html", context)
