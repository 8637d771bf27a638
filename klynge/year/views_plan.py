"""Topic plan, cluster packages (catalogue and orders) and external activities."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import (
    MANAGE,
    READ,
    STAFF_READ,
    can,
    cluster_view,
    regional_view,
    secretariat_view,
)
from klynge.clusters.crumbs import cluster_crumbs
from klynge.lib import danish
from klynge.lib.periods import in_force
from klynge.meetings.models import AgendaItem, Meeting
from klynge.year import services_plan
from klynge.year.forms import (
    ActivityForm,
    PackageForm,
    TopicForm,
)
from klynge.year.lookups import catalogue_for
from klynge.year.models import ExternalActivity, Package, PackageOrder, PlannedTopic

WARN_BEFORE_DAYS = 14


# --- Topic plan ----------------------------------------------------------------------------------


@cluster_view(READ)
def topics(request, cluster):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("aar", today.year))
    except ValueError:
        year = today.year
    manage = can(request, MANAGE)
    form = TopicForm(request.POST or None, cluster=cluster, initial={"year": year})
    if request.method == "POST":
        if not manage:
            return redirect("year:topics", cluster.slug)
        if form.is_valid():
            topic = services_plan.add_topic(cluster, form.save(commit=False), by=request.user)
            messages.success(request, _("Emnet er føjet til planen."))
            return redirect(reverse("year:topics", args=[cluster.slug]) + f"?aar={topic.year}")
    rows = list(
        PlannedTopic.objects.filter(cluster=cluster, year=year)
        .select_related("meeting", "revisit_of", "package_order__package")
        .order_by("month", "meeting__start", "pk")
    )
    bases = (
        AgendaItem.objects.filter(meeting__cluster=cluster, meeting__start__year=year)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .basis_counts()
    )
    return render(
        request,
        "year/topics.html",
        {
            "cluster": cluster,
            "year": year,
            "topics": rows,
            "bases": bases if any(b["n"] for b in bases) else [],
            "form": form if manage else None,
            "can_manage": manage,
            "years": [year - 1, year, year + 1],
            "breadcrumbs": cluster_crumbs(cluster, (_("Emneplan %(year)d") % {"year": year}, None)),
        },
    )


@cluster_view(MANAGE)
def topic_edit(request, cluster, plan_topic):
    topic = get_object_or_404(cluster.planned_topics, pk=plan_topic)
    form = TopicForm(request.POST or None, instance=topic, cluster=cluster)
    back = reverse("year:topics", args=[cluster.slug]) + f"?aar={topic.year}"
    if request.method == "POST" and form.is_valid():
        services_plan.change_topic(form.save(commit=False), by=request.user)
        messages.success(request, _("Emnet er gemt."))
        return redirect(back)
    return render(
        request,
        "year/topic.html",
        {
            "cluster": cluster,
            "form": form,
            "topic": topic,
            "breadcrumbs": cluster_crumbs(cluster, (_("Emneplan"), back), (topic.title, None)),
        },
    )


@cluster_view(MANAGE)
@require_POST
def topic_delete(request, cluster, plan_topic):
    topic = get_object_or_404(cluster.planned_topics, pk=plan_topic)
    services_plan.delete_topic(topic, by=request.user)
    messages.success(request, _("Emnet er slettet."))
    return redirect(reverse("year:topics", args=[cluster.slug]) + f"?aar={topic.year}")


# --- Cluster packages ----------------------------------------------------------------------------


def consent_warning(order, today, missing_count, versions) -> str:
    """A data package needs the members' consents some days before its meeting."""
    if not order.package.is_data_package or order.meeting is None or order.meeting.start is None:
        return ""
    if order.consent_collected or order.status == PackageOrder.Status.CANCELLED:
        return ""
    meeting_day = timezone.localdate(order.meeting.start)
    rulebook = in_force(versions, meeting_day)
    days = rulebook.data_package_consent_days if rulebook else 60
    deadline = meeting_day - timedelta(days=days)
    if today < deadline - timedelta(days=WARN_BEFORE_DAYS) and not missing_count:
        return ""
    parts = [
        _("Ydernumre og samtykker skal sendes senest %(date)s (%(days)d dage før mødet).")
        % {"date": danish.day(deadline), "days": days}
    ]
    if missing_count:
        parts.append(
            _("%(n)d medlemmer mangler at give samtykke til dataudtræk.") % {"n": missing_count}
        )
    if today > deadline:
        parts.insert(0, _("Fristen er overskredet."))
    return " ".join(parts)


def missing_consent_count(cluster, on) -> int | None:
    try:
        from klynge.members.consent import missing_consents
    except ImportError:
        return None
    return len(missing_consents(cluster, on))


@cluster_view(STAFF_READ)
def packages(request, cluster):
    today = timezone.localdate()
    orders = list(
        PackageOrder.objects.filter(cluster=cluster)
        .select_related("package", "meeting", "cluster__scheme")
        .order_by("-requested_on", "-pk")
    )
    needs_check = [
        o for o in orders if o.package.is_data_package and o.meeting and not o.consent_collected
    ]
    missing = missing_consent_count(cluster, today) if needs_check else 0
    versions = list(cluster.scheme.rulebook_versions.order_by("-valid_from"))
    for order in orders:
        order.warning = consent_warning(order, today, missing or 0, versions)
    return render(
        request,
        "year/packages.html",
        {
            "cluster": cluster,
            "catalogue": list(catalogue_for(cluster)),
            "orders": orders,
            "missing": missing,
            "can_manage": can(request, MANAGE),
            "consents_url": _consents_url(cluster),
            "breadcrumbs": cluster_crumbs(cluster, (_("Klyngepakker"), None)),
        },
    )


def _consents_url(cluster) -> str:
    from klynge.year.lookups import safe_reverse_args

    return safe_reverse_args("members:consents", [cluster.slug])


def catalogue_page(request, provider: dict, title: str, url_name: str, status_url: str):
    """The provider's catalogue (add/edit in place) and the orders of its packages."""
    packages_qs = Package.objects.filter(**provider).order_by("title")
    editing = None
    edit_id = request.GET.get("rediger") or request.POST.get("package")
    if edit_id and str(edit_id).isdigit():
        editing = packages_qs.filter(pk=edit_id).first()
    form = PackageForm(request.POST or None, instance=editing)
    if request.method == "POST" and form.is_valid():
        services_plan.save_package(form.save(commit=False), provider, by=request.user)
        messages.success(request, _("Pakken er gemt i kataloget."))
        return redirect(url_name)
    orders = list(
        PackageOrder.objects.filter(**{f"package__{k}": v for k, v in provider.items()})
        .exclude(status=PackageOrder.Status.CANCELLED)
        .select_related("package", "cluster", "meeting", "follow_up_of")
        .order_by("-requested_on", "-pk")[:200]
    )
    return render(
        request,
        "year/catalogue.html",
        {
            "title": title,
            "packages": list(packages_qs),
            "form": form,
            "editing": editing,
            "orders": orders,
            "statuses": PackageOrder.Status.choices,
            "status_url": status_url,
            "breadcrumbs": [(_("Overblik"), "/"), (title, None)],
        },
    )


@secretariat_view
def secretariat_packages(request, scheme):
    return catalogue_page(
        request,
        {"provider_scheme": scheme},
        _("Klyngepakker fra %(scheme)s") % {"scheme": scheme.name},
        "year:secretariat_packages",
        "year:secretariat_order_status",
    )


@regional_view
def regional_packages(request, region):
    return catalogue_page(
        request,
        {"provider_region": region},
        _("Klyngepakker fra %(unit)s") % {"unit": region.unit_name},
        "year:regional_packages",
        "year:regional_order_status",
    )


# --- External activities -------------------------------------------------------------------------


@cluster_view(STAFF_READ)
def activities(request, cluster):
    manage = can(request, MANAGE)
    form = ActivityForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and manage and form.is_valid():
        services_plan.add_activity(cluster, form.save(commit=False), by=request.user)
        messages.success(request, _("Aktiviteten er registreret."))
        return redirect("year:activities", cluster.slug)
    rows = list(ExternalActivity.objects.filter(cluster=cluster).order_by("-date", "-pk")[:300])
    return render(
        request,
        "year/activities.html",
        {
            "cluster": cluster,
            "activities": rows,
            "form": form if manage else None,
            "breadcrumbs": cluster_crumbs(cluster, (_("Eksterne aktiviteter"), None)),
        },
    )


@cluster_view(MANAGE)
def activity_edit(request, cluster, external_activity):
    activity = get_object_or_404(cluster.external_activities, pk=external_activity)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        services_plan.change_activity(form.save(commit=False), by=request.user)
        messages.success(request, _("Aktiviteten er gemt."))
        return redirect("year:activities", cluster.slug)
    return render(
        request,
        "year/activity.html",
        {
            "cluster": cluster,
            "form": form,
            "activity": activity,
            "breadcrumbs": cluster_crumbs(
                cluster,
                (_("Eksterne aktiviteter"), reverse("year:activities", args=[cluster.slug])),
                (str(activity), None),
            ),
        },
    )


@cluster_view(MANAGE)
@require_POST
def activity_delete(request, cluster, external_activity):
    activity = get_object_or_404(cluster.external_activities, pk=external_activity)
    services_plan.delete_activity(activity, by=request.user)
    messages.success(request, _("Aktiviteten er slettet."))
    return redirect("year:activities", cluster.slug)
