"""The general assembly: notice, proposals, final agenda (14-day rule), minutes and confirmation."""

import copy
from datetime import datetime, time, timedelta

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import MANAGE, MEMBERS, READ, can, cluster_view, person_of
from klynge.clusters.accesslog import log_access
from klynge.clusters.crumbs import cluster_crumbs
from klynge.lib.pdf import pdf_response, render_pdf
from klynge.mail.outbox import queue_mail
from klynge.year import services
from klynge.year.forms import (
    AgendaForm,
    AssemblyForm,
    DecisionForm,
    ElectionForm,
    FinalNoticeForm,
    MinutesForm,
    ProposalForm,
)
from klynge.year.lookups import safe_reverse_args
from klynge.year.models import Assembly, Proposal
from klynge.year.rules import not_held_yet


def get_assembly(cluster, pk) -> Assembly:
    return get_object_or_404(
        Assembly.objects.select_related("meeting", "meeting__cluster__scheme"),
        pk=pk,
        meeting__cluster=cluster,
    )


@cluster_view(READ)
def assemblies(request, cluster):
    rows = list(
        Assembly.objects.filter(meeting__cluster=cluster)
        .select_related("meeting")
        .order_by("-meeting__start")
    )
    return render(
        request,
        "year/assemblies.html",
        {
            "cluster": cluster,
            "assemblies": rows,
            "can_manage": can(request, MANAGE),
            "breadcrumbs": cluster_crumbs(cluster, (_("Generalforsamling"), None)),
        },
    )


def suggested_start(today):
    """Mid-March (the usual time), at 17:00 local, this year or the next."""
    year = today.year if today < datetime(today.year, 2, 1).date() else today.year + 1
    tz = timezone.get_current_timezone()
    return datetime.combine(datetime(year, 3, 15).date(), time(17, 0), tz)


@cluster_view(MANAGE)
def assembly_add(request, cluster):
    today = timezone.localdate()
    start = suggested_start(today)
    notice = cluster.rulebook_on(today).assembly_notice_days
    form = AssemblyForm(
        request.POST or None,
        notice_days=notice,
        initial={
            "start": timezone.localtime(start),
            "proposals_deadline": start.date() - timedelta(days=notice + 7),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assembly = services.create_assembly(
            cluster,
            start=data["start"],
            venue=data["venue"],
            address=data["address"],
            proposals_deadline=data["proposals_deadline"],
            by_user=request.user,
        )
        messages.success(request, _("Generalforsamlingen er oprettet med standarddagsordenen."))
        return redirect("year:assembly", cluster.slug, assembly.pk)
    return render(
        request,
        "year/assembly_form.html",
        {
            "cluster": cluster,
            "form": form,
            "breadcrumbs": cluster_crumbs(
                cluster,
                (_("Generalforsamling"), reverse("year:assemblies", args=[cluster.slug])),
                (_("Ny generalforsamling"), None),
            ),
        },
    )


@cluster_view(READ)
def assembly_detail(request, cluster, assembly):
    assembly = get_assembly(cluster, assembly)
    today = timezone.localdate()
    manage = can(request, MANAGE)
    history = []
    if manage:
        history = list(assembly.history.select_related("history_user").order_by("-history_date"))
    days_left = services.notice_days_left(assembly, today)
    return render(
        request,
        "year/assembly.html",
        {
            "cluster": cluster,
            "assembly": assembly,
            "meeting": assembly.meeting,
            "agenda": assembly.agenda_items(),
            "proposals": list(assembly.proposals.all()),
            "elections": list(assembly.elections.select_related("person")),
            "decisions": list(assembly.decisions.all()),
            "can_manage": manage,
            "days_left": days_left,
            "required_days": services.required_notice_days(assembly),
            "history": [h for h in history if h.history_change_reason],
            "attendance_url": safe_reverse_args(
                "meetings:attendance", [cluster.slug, assembly.meeting.pk]
            ),
            "meeting_url": safe_reverse_args(
                "meetings:detail", [cluster.slug, assembly.meeting.pk]
            ),
            "breadcrumbs": cluster_crumbs(
                cluster,
                (_("Generalforsamling"), reverse("year:assemblies", args=[cluster.slug])),
                (assembly.meeting.title, None),
            ),
        },
    )


class AssemblyEditForm(AssemblyForm, AgendaForm):
    pass


@cluster_view(MANAGE)
def assembly_edit(request, cluster, assembly):
    assembly = get_assembly(cluster, assembly)
    meeting = assembly.meeting
    form = AssemblyEditForm(
        request.POST or None,
        notice_days=services.required_notice_days(assembly),
        creating=False,
        initial={
            "start": timezone.localtime(meeting.start),
            "venue": meeting.venue,
            "address": meeting.venue_address,
            "proposals_deadline": assembly.proposals_deadline,
            "agenda": assembly.agenda,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting.start = data["start"]
        meeting.end = data["start"] + timedelta(hours=2)
        meeting.venue = data["venue"]
        meeting.venue_address = data["address"]
        meeting.save()
        assembly.proposals_deadline = data["proposals_deadline"]
        assembly.agenda = data["agenda"]
        assembly._change_reason = _("Dato, sted eller dagsorden ændret")
        assembly.save()
        messages.success(request, _("Generalforsamlingen er opdateret."))
        return redirect("year:assembly", cluster.slug, assembly.pk)
    return render(
        request,
        "year/assembly_form.html",
        {
            "cluster": cluster,
            "form": form,
            "assembly": assembly,
            "breadcrumbs": cluster_crumbs(
                cluster,
                (_("Generalforsamling"), reverse("year:assemblies", args=[cluster.slug])),
                (meeting.title, reverse("year:assembly", args=[cluster.slug, assembly.pk])),
                (_("Ret"), None),
            ),
        },
    )


@cluster_view(MANAGE)
def assembly_preliminary(request, cluster, assembly):
    assembly = get_assembly(cluster, assembly)
    if request.method == "POST":
        if services.notice_days_left(assembly, timezone.localdate()) < 0:
            messages.error(request, _("Generalforsamlingen er afholdt."))
        else:
            queued = services.send_preliminary(assembly, request.user)
            messages.success(
                request,
                _("Den foreløbige indkaldelse er sendt til %(n)d medlemmer.") % {"n": queued},
            )
    return redirect("year:assembly", cluster.slug, assembly.pk)


@cluster_view(READ)
def assembly_proposals(request, cluster, assembly):
    """Members send proposals before the deadline; the board records the outcome."""
    assembly = get_assembly(cluster, assembly)
    today = timezone.localdate()
    open_for_proposals = assembly.proposals_deadline is None or today <= assembly.proposals_deadline
    may_propose = can(request, MEMBERS) and person_of(request.user) is not None
    form = ProposalForm(request.POST or None) if may_propose else None
    manage = can(request, MANAGE)
    if request.method == "POST" and request.POST.get("action") == "outcome" and manage:
        proposal = get_object_or_404(assembly.proposals, pk=request.POST.get("proposal") or 0)
        outcome = request.POST.get("outcome")
        if outcome in Proposal.Outcome.values:
            proposal.outcome = outcome
            proposal.save()
            messages.success(request, _("Forslagets resultat er gemt."))
        return redirect("year:assembly_proposals", cluster.slug, assembly.pk)
    if request.method == "POST" and form is not None:
        if not open_for_proposals:
            form.add_error(None, _("Fristen for forslag er overskredet."))
        elif form.is_valid():
            proposal = form.save(commit=False)
            proposal.assembly = assembly
            proposal.person = person_of(request.user)
            proposal.save()
            messages.success(request, _("Tak. Dit forslag er modtaget."))
            return redirect("year:assembly_proposals", cluster.slug, assembly.pk)
    proposals = list(assembly.proposals.select_related("person"))
    authors = [proposal.person for proposal in proposals if proposal.person]
    log_access(request, "view", _("Forslag til generalforsamlingen"), authors, cluster)
    return render(
        request,
        "year/proposals.html",
        {
            "cluster": cluster,
            "assembly": assembly,
            "proposals": proposals,
            "form": form,
            "open": open_for_proposals,
            "can_manage": manage,
            "outcomes": Proposal.Outcome.choices,
            "breadcrumbs": cluster_crumbs(
                cluster,
                (_("Generalforsamling"), reverse("year:assemblies", args=[cluster.slug])),
                (
                    assembly.meeting.title,
                    reverse("year:assembly", args=[cluster.slug, assembly.pk]),
                ),
                (_("Forslag"), None),
            ),
        },
    )


def money_documents(request, cluster, year: int) -> dict[str, bytes]:
    """The budget and the previous year's accounts as PDFs, when the money app has them."""
    found = {}
    wanted = [("Budget", "money:budget_pdf", year), ("Accounts", "money:accounts_pdf", year - 1)]
    for model_name, url_name, doc_year in wanted:
        try:
            model = apps.get_model("money", model_name)
            url = reverse(url_name, args=[cluster.slug, doc_year])
        except (LookupError, NoReverseMatch):
            continue
        if not model.objects.filter(cluster=cluster, year=doc_year).exists():
            continue
        match = resolve(url)
        sub = copy.copy(request)
        sub.method = "GET"
        response = match.func(sub, *match.args, **match.kwargs)
        if response.status_code == 200 and response.get("Content-Type") == "application/pdf":
            label = _("budget") if model_name == "Budget" else _("aarsregnskab")
            found[f"{label}-{doc_year}.pdf"] = response.content
    return found


@cluster_view(MANAGE)
def assembly_final(request, cluster, assembly):
    """The final notice with the agenda: refused less than 14 days ahead without a reason."""
    assembly = get_assembly(cluster, assembly)
    today = timezone.localdate()
    form = FinalNoticeForm(request.POST or None)
    days_left = services.notice_days_left(assembly, today)
    required = services.required_notice_days(assembly)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            services.check_final_notice(assembly, today, reason)
        except ValidationError as error:
            form.add_error("reason", error.messages[0])
        else:
            documents = money_documents(request, cluster, assembly.day.year)
            queued = services.send_final(
                assembly, reason=reason, attachments=documents, by_user=request.user
            )
            messages.success(
                request,
                _("Den endelige indkaldelse med dagsorden er sendt til %(n)d medlemmer.")
                % {"n": queued},
            )
            return redirect("year:assembly", cluster.slug, assembly.pk)
    return render(
        request,
        "year/final_notice.html",
        {
            "cluster": cluster,
            "assembly": assembly,
            "agenda": assembly.agenda_items(),
            "proposals": list(assembly.proposals.exclude(outcome=Proposal.Outcome.WITHDRAWN)),
            "form": form,
            "days_left": days_left,
            "required": required,
            "late": days_left < required,
            "budget_url": safe_reverse_args("money:budget", [cluster.slug, assembly.day.year]),
            "accounts_url": safe_reverse_args(
                "money:accounts", [cluster.slug, assembly.day.year - 1]
            ),
            "breadcrumbs": cluster_crumbs(
                cluster,
                (_("Generalforsamling"), reverse("year:assemblies", args=[cluster.slug])),
                (
                    assembly.meeting.title,
                    reverse("year:assembly", args=[cluster.slug, assembly.pk]),
                ),
                (_("Endelig indkaldelse"), None),
            ),
        },
    )


@cluster_view(MANAGE)
def assembly_minutes(request, cluster, assembly):
    """Minutes: chair, minute-taker, text, and each election and decision."""
    assembly = get_assembly(cluster, assembly)
    day = assembly.day
    locked = assembly.confirmed_at is not None
    action = request.POST.get("action") if request.method == "POST" else None
    minutes_form = MinutesForm(
        request.POST if action in ("minutes", "confirm") else None,
        initial={
            "chair": assembly.chair,
            "minute_taker": assembly.minute_taker,
            "minutes": assembly.minutes,
        },
    )
    election_form = ElectionForm(
        request.POST if action == "election" else None,
        cluster=cluster,
        on=day,
        prefix="election",
        initial={"start": day, "kind": "coordinator"},
    )
    decision_form = DecisionForm(request.POST if action == "decision" else None, prefix="decision")
    if request.method == "POST" and locked:
        messages.error(request, _("Referatet er godkendt og kan ikke ændres."))
        return redirect("year:assembly", cluster.slug, assembly.pk)
    if action in ("minutes", "confirm") and minutes_form.is_valid():
        for field, value in minutes_form.cleaned_data.items():
            setattr(assembly, field, value)
        assembly._change_reason = _("Referat gemt")
        assembly.save()
        if action == "confirm":  # what is typed is saved, then confirmed: nothing is lost
            return confirm_and_notify(request, cluster, assembly)
        messages.success(request, _("Referatet er gemt."))
        return redirect("year:assembly_minutes", cluster.slug, assembly.pk)
    if action == "election" and election_form.is_valid():
        election = election_form.save(commit=False)
        election.assembly = assembly
        election.save()
        messages.success(request, _("Valget er tilføjet referatet."))
        return redirect("year:assembly_minutes", cluster.slug, assembly.pk)
    if action == "decision" and decision_form.is_valid():
        decision = decision_form.save(commit=False)
        decision.assembly = assembly
        decision.save()
        messages.success(request, _("Beslutningen er tilføjet referatet."))
        return redirect("year:assembly_minutes", cluster.slug, assembly.pk)
    if action == "delete_election":
        assembly.elections.filter(pk=request.POST.get("id") or 0).delete()
        return redirect("year:assembly_minutes", cluster.slug, assembly.pk)
    if action == "delete_decision":
        assembly.decisions.filter(pk=request.POST.get("id") or 0).delete()
        return redirect("year:assembly_minutes", cluster.slug, assembly.pk)
    return render(
        request,
        "year/minutes.html",
        {
            "cluster": cluster,
            "assembly": assembly,
            "locked": locked,
            "not_held": not_held_yet(assembly.meeting.start, timezone.now()),
            "minutes_form": minutes_form,
            "election_form": election_form,
            "decision_form": decision_form,
            "elections": list(assembly.elections.select_related("person")),
            "decisions": list(assembly.decisions.all()),
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


def minutes_pdf_bytes(assembly, request=None) -> bytes:
    return render_pdf(
        "year/pdf/minutes.html",
        {
            "cluster": assembly.cluster,
            "assembly": assembly,
            "meeting": assembly.meeting,
            "agenda": assembly.agenda_items(),
            "elections": list(assembly.elections.select_related("person")),
            "decisions": list(assembly.decisions.all()),
            "proposals": list(assembly.proposals.all()),
            "present": list(
                assembly.meeting.invitations.filter(attendance="present")
                .select_related("person")
                .order_by("person__name")
            ),
        },
        request=request,
    )


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
    name = f"referat-generalforsamling-{assembly.day:%Y-%m-%d}.pdf"
    from django.core.files.base import ContentFile

    for person in services.members_to_notify(cluster, assembly.day or timezone.localdate()):
        queue_mail(
            "year_assembly_minutes",
            person.email,
            services.mail_context(assembly, person),
            key=f"assembly-minutes:{assembly.pk}:{person.pk}",
            cluster=cluster,
            about=assembly,
            attachments={name: ContentFile(pdf)},
        )
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


@cluster_view(READ)
def assembly_pdf(request, cluster, assembly):
    assembly = get_assembly(cluster, assembly)
    if assembly.confirmed_at is None and not can(request, MANAGE):
        messages.info(request, _("Referatet er ikke godkendt endnu."))
        return redirect("year:assembly", cluster.slug, assembly.pk)
    log_access(request, "export", _("Referat af generalforsamling"), cluster=cluster)
    return pdf_response(
        minutes_pdf_bytes(assembly, request),
        f"referat-generalforsamling-{cluster.slug}-{assembly.day:%Y}",
    )
