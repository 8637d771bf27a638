"""The general assembly's minutes: chair, minute-taker and text, each election and decision, and
the confirmation that changes posts and rules. Each action posts to its own view."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, cluster_view
from klynge.clusters.crumbs import cluster_crumbs
from klynge.year import services, services_assembly
from klynge.year.documents import minutes_pdf_bytes
from klynge.year.forms import DecisionForm, ElectionForm, MinutesForm
from klynge.year.lookups import get_assembly
from klynge.year.rule_words import decisions_in_words
from klynge.year.rules import not_held_yet


def minutes_form(assembly, data=None) -> MinutesForm:
    initial = {field: getattr(assembly, field) for field in ("chair", "minute_taker", "minutes")}
    return MinutesForm(data, initial=initial)


def election_form(cluster, assembly, data=None) -> ElectionForm:
    day = assembly.day
    return ElectionForm(
        data,
        cluster=cluster,
        on=day,
        prefix="election",
        initial={"start": day, "kind": "coordinator"},
    )


def minutes_page(request, cluster, assembly, **bound):
    """The minutes page; a refused form is shown again with what was typed and its errors."""
    day = assembly.day
    return render(
        request,
        "year/minutes.html",
        {
            "cluster": cluster,
            "assembly": assembly,
            "locked": assembly.confirmed_at is not None,
            "not_held": not_held_yet(assembly.meeting.start, timezone.now()),
            "minutes_form": bound.get("minutes_form") or minutes_form(assembly),
            "election_form": bound.get("election_form") or election_form(cluster, assembly),
            "decision_form": bound.get("decision_form") or DecisionForm(prefix="decision"),
            "elections": list(assembly.elections.select_related("person")),
            "decisions": decisions_in_words(assembly),
            "rules": cluster.rules_on(day),
            "breadcrumbs": cluster_crumbs(
                cluster,
                (_("Generalforsamling"), reverse("year:assemblies", args=[cluster.slug])),
                (
                    assembly.meeting.title,
                    reverse("year:assembly", args=[cluster.slug, assembly.pk]),
                ),
                (_("Referat"), None),
            ),
        },
    )


def unlocked(request, cluster, assembly):
    """The assembly if its minutes may still change; else None, with the reason shown."""
    assembly = get_assembly(cluster, assembly)
    if assembly.confirmed_at is not None:
        messages.error(request, _("Referatet er godkendt og kan ikke ændres."))
        return None
    return assembly


def back(cluster, assembly_pk):
    return redirect("year:assembly_minutes", cluster.slug, assembly_pk)


def save_minutes(request, cluster, assembly, confirm: bool):
    found = unlocked(request, cluster, assembly)
    if found is None:
        return redirect("year:assembly", cluster.slug, assembly)
    form = minutes_form(found, request.POST)
    if not form.is_valid():
        return minutes_page(request, cluster, found, minutes_form=form)
    services_assembly.save_minutes(found, form.cleaned_data, by=request.user)
    if confirm:  # what is typed is saved, then confirmed: nothing is lost
        return confirm_and_notify(request, cluster, found)
    messages.success(request, _("Referatet er gemt."))
    return back(cluster, found.pk)


@cluster_view(MANAGE)
def assembly_minutes(request, cluster, assembly):
    """The minutes page; its form saves chair, minute-taker and text."""
    if request.method == "POST":
        return save_minutes(request, cluster, assembly, confirm=False)
    return minutes_page(request, cluster, get_assembly(cluster, assembly))


@cluster_view(MANAGE)
@require_POST
def minutes_save_and_confirm(request, cluster, assembly):
    return save_minutes(request, cluster, assembly, confirm=True)


@cluster_view(MANAGE)
@require_POST
def election_add(request, cluster, assembly):
    found = unlocked(request, cluster, assembly)
    if found is None:
        return redirect("year:assembly", cluster.slug, assembly)
    form = election_form(cluster, found, request.POST)
    if not form.is_valid():
        return minutes_page(request, cluster, found, election_form=form)
    services_assembly.add_election(found, form.save(commit=False), by=request.user)
    messages.success(request, _("Valget er tilføjet referatet."))
    return back(cluster, found.pk)


@cluster_view(MANAGE)
@require_POST
def election_delete(request, cluster, assembly):
    found = unlocked(request, cluster, assembly)
    if found is None:
        return redirect("year:assembly", cluster.slug, assembly)
    services_assembly.delete_election(found, request.POST.get("id") or 0, by=request.user)
    return back(cluster, found.pk)


@cluster_view(MANAGE)
@require_POST
def decision_add(request, cluster, assembly):
    found = unlocked(request, cluster, assembly)
    if found is None:
        return redirect("year:assembly", cluster.slug, assembly)
    form = DecisionForm(request.POST, prefix="decision")
    if not form.is_valid():
        return minutes_page(request, cluster, found, decision_form=form)
    services_assembly.add_decision(found, form.save(commit=False), by=request.user)
    messages.success(request, _("Beslutningen er tilføjet referatet."))
    return back(cluster, found.pk)


@cluster_view(MANAGE)
@require_POST
def decision_delete(request, cluster, assembly):
    found = unlocked(request, cluster, assembly)
    if found is None:
        return redirect("year:assembly", cluster.slug, assembly)
    services_assembly.delete_decision(found, request.POST.get("id") or 0, by=request.user)
    return back(cluster, found.pk)


@cluster_view(MANAGE)
def assembly_confirm(request, cluster, assembly):
    assembly = get_assembly(cluster, assembly)
    if request.method != "POST":
        return redirect("year:assembly_minutes", cluster.slug, assembly.pk)
    return confirm_and_notify(request, cluster, assembly)


def confirm_and_notify(request, cluster, assembly):
    """Confirm the saved minutes (posts and rules change) and mail them to the members."""
    if not (assembly.chair and assembly.minutes):
        messages.error(request, _("Skriv dirigent, referent og referat, før referatet godkendes."))
        return redirect("year:assembly_minutes", cluster.slug, assembly.pk)
    try:
        applied = services.confirm_minutes(assembly, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("year:assembly_minutes", cluster.slug, assembly.pk)
    pdf = minutes_pdf_bytes(assembly, request)
    services_assembly.mail_minutes(assembly, pdf, by=request.user)
    messages.success(
        request,
        _(
            "Referatet er godkendt og sendt til medlemmerne. %(posts)d nye poster, %(ended)d "
            "afsluttede%(rules)s."
        )
        % {
            "posts": len(applied.posts_created),
            "ended": len(applied.posts_ended),
            "rules": _("; klyngens regler er opdateret") if applied.rules else "",
        },
    )
    return redirect("year:assembly", cluster.slug, assembly.pk)
