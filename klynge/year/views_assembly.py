"""The general assembly: notice, proposals, final agenda (14-day rule), minutes and confirmation."""

import copy
from datetime import datetime, time, timedelta

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, MEMBERS, READ, can, cluster_view, person_of
from klynge.clusters.accesslog import log_access
from klynge.clusters.crumbs import cluster_crumbs
from klynge.lib.pdf import pdf_response
from klynge.lib.phrases import shown_lines, stored
from klynge.year import phrases, services, services_assembly
from klynge.year.documents import minutes_pdf_bytes
from klynge.year.forms import (
    AgendaForm,
    AssemblyForm,
    FinalNoticeForm,
    ProposalForm,
)
from klynge.year.lookups import get_assembly, safe_reverse_args
from klynge.year.models import Assembly, Proposal


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
            by=request.user,
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
            "agenda": shown_lines(assembly.agenda),
        },
    )
    if request.method == "POST" and form.is_valid():
        services_assembly.change_assembly(
            assembly,
            form.cleaned_data,
            by=request.user,
            reason=stored(phrases.ASSEMBLY_CHANGED),
        )
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
            queued = services.send_preliminary(assembly, by=request.user)
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
    if request.method == "POST" and form is not None:
        if not open_for_proposals:
            form.add_error(None, _("Fristen for forslag er overskredet."))
        elif form.is_valid():
            proposal = form.save(commit=False)
            person = person_of(request.user)
            services_assembly.add_proposal(assembly, proposal, person, by=request.user)
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
@require_POST
def proposal_outcome(request, cluster, assembly):
    """The board records what the assembly decided on a proposal."""
    assembly = get_assembly(cluster, assembly)
    pk = request.POST.get("proposal", "")
    if not pk.isdigit():
        raise Http404
    proposal = get_object_or_404(assembly.proposals, pk=pk)
    outcome = request.POST.get("outcome")
    if outcome in Proposal.Outcome.values:
        services_assembly.set_proposal_outcome(proposal, outcome, by=request.user)
        messages.success(request, _("Forslagets resultat er gemt."))
    return redirect("year:assembly_proposals", cluster.slug, assembly.pk)


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
                assembly, reason=reason, attachments=documents, by=request.user
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
