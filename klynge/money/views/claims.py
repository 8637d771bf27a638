"""The cluster's money overview, headroom before meetings, and claims with their lines."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import MANAGE, OVERSIGHT, STAFF_READ, can, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.history import Source, history_rows
from klynge.lib import files
from klynge.lib.pdf import pdf_response
from klynge.meetings.models import Meeting
from klynge.money import figures, lookups, services
from klynge.money import pack as claim_pack
from klynge.money.crumbs import money_crumbs
from klynge.money.forms import ClaimStartForm, DecisionForm, ExpenseLineForm, typed
from klynge.money.models import Claim, ExpenseLine


@cluster_view(STAFF_READ)
def overview(request, cluster):
    """Claims, the account (general practice), and links to budget, accounts and honoraria."""
    today = timezone.localdate()
    claims = cluster.claims.all().with_totals().order_by("-meeting__start")
    claimable = (
        Meeting.objects.filter(
            cluster=cluster, status__in=Meeting.HELD_STATUSES, claim__isnull=True
        )
        .order_by("-start")
        .count()
    )
    context = {
        "cluster": cluster,
        "claims": claims,
        "claimable": claimable,
        "year": today.year,
        "years": range(today.year + 1, today.year - 3, -1),
        "account": None
        if cluster.scheme.is_specialist
        else lookups.account_status(cluster, today.year),
        "manage": can(request, MANAGE),
        "breadcrumbs": money_crumbs(cluster),
    }
    return render(request, "money/overview.html", context)


@cluster_view(STAFF_READ)
def headroom(request, cluster):
    """Before each planned meeting: what can be spent on room and catering and still be refunded."""
    rows, cap, left = figures.headroom(cluster)
    return render(
        request,
        "money/headroom.html",
        {
            "cluster": cluster,
            "rows": rows,
            "speaker_cap": cap,
            "speaker_left": left,
            "breadcrumbs": money_crumbs(cluster, (_("Rådighedsbeløb før møder"), None)),
        },
    )


def claimable_meetings(cluster):
    return Meeting.objects.filter(
        cluster=cluster, status__in=Meeting.HELD_STATUSES, claim__isnull=True
    ).order_by("-start")


@cluster_view(MANAGE)
def claim_new(request, cluster):
    meetings = claimable_meetings(cluster)
    initial = {}
    if request.GET.get("moede", "").isdigit():
        initial["meeting"] = int(request.GET["moede"])
    form = ClaimStartForm(request.POST or None, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        claim = services.start_claim(
            cluster, form.cleaned_data["meeting"], by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Kravet er oprettet. Tilføj udgifterne med bilag."))
        return redirect("money:claim", cluster.slug, claim.pk)
    return render(
        request,
        "money/claim_new.html",
        {
            "cluster": cluster,
            "form": form,
            "breadcrumbs": money_crumbs(cluster, (_("Nyt refusionskrav"), None)),
        },
    )


def get_claim(cluster, pk):
    return get_object_or_404(
        cluster.claims.select_related("meeting", "created_by", "submitted_by", "decided_by"), pk=pk
    )


CLAIM_FIELDS = ["status", "computed_refund", "approved_amount", "decision_comment"]
LINE_FIELDS = ["kind", "supplier", "date", "amount"]


def claim_history(claim):
    """The claim's and its lines' changes, with who and why (the shared history renderer)."""
    return history_rows(
        Source(
            Claim,
            claim.history.select_related("history_user"),
            CLAIM_FIELDS,
            lambda record: _("Kravet"),
        ),
        Source(
            ExpenseLine,
            ExpenseLine.history.filter(claim_id=claim.pk).select_related("history_user"),
            LINE_FIELDS,
            lambda record: _("Udgift: %(supplier)s") % {"supplier": record.supplier},
        ),
    )


def claim_context(request, cluster, claim, line_form=None, decision_form=None):
    lines = list(claim.lines.all())
    assessment = figures.assess(claim, lines)
    history = claim_history(claim)
    manage = can(request, MANAGE) and claim.editable
    return {
        "cluster": cluster,
        "claim": claim,
        "meeting": claim.meeting,
        "lines": lines,
        "assessment": assessment,
        "invitations": claim_pack.attendance(claim.meeting),
        "history": history,
        "manage": manage,
        "oversight": can(request, OVERSIGHT),
        "line_form": line_form
        if line_form is not None
        else (ExpenseLineForm() if manage else None),
        "decision_form": decision_form
        or (
            DecisionForm(assessment=assessment) if claim.status == Claim.Status.SUBMITTED else None
        ),
        "breadcrumbs": money_crumbs(cluster, (str(claim.meeting), None)),
    }


@cluster_view(STAFF_READ)
def claim(request, cluster, claim):
    claim = get_claim(cluster, claim)
    context = claim_context(request, cluster, claim)
    log_access(
        request, "view", _("Deltagerliste til refusionskrav"),
        persons=[i.person for i in context["invitations"]], cluster=cluster,
    )  # fmt: skip
    return render(request, "money/claim.html", context)


def htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


def editor_response(request, cluster, claim, form=None, status=200):
    """The claim editor again: htmx swaps it in place so the refund updates live."""
    context = claim_context(request, cluster, claim, line_form=form)
    if htmx(request):
        # htmx swaps only 2xx answers: the errors next to the fields come back as 200.
        return render(request, "money/claim.html#editor", context)
    return render(request, "money/claim.html", context, status=status)


def to_claim(request, cluster, claim):
    url = reverse("money:claim", args=[cluster.slug, claim.pk])
    if htmx(request):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def save_typed_line(request, claim, *, required=False):
    """The claim editor is one form: whichever button was pressed, a typed expense line is added
    first. Returns the form with its errors when it cannot be (nothing is then done)."""
    if not required and not typed(request.POST, ExpenseLineForm, request.FILES):
        return None
    form = ExpenseLineForm(request.POST, request.FILES)
    if not form.is_valid():
        return form
    data = {name: form.cleaned_data[name] for name in ExpenseLineForm.Meta.fields}
    services.add_line(
        claim, by=request.user, data=data, upload=form.cleaned_data["receipt_file"],
        kind=form.receipt_kind,
    )  # fmt: skip
    return None


@cluster_view(MANAGE)
def line_add(request, cluster, claim):
    """Add an expense line with its receipt; htmx swaps the editor so the refund updates live."""
    claim = get_claim(cluster, claim)
    if request.method != "POST" or not claim.editable:
        return redirect("money:claim", cluster.slug, claim.pk)
    refused = save_typed_line(request, claim, required=True)
    if refused is not None:
        return editor_response(request, cluster, claim, refused, status=400)
    if not htmx(request):
        messages.success(request, _("Udgiften er tilføjet."))
        return redirect("money:claim", cluster.slug, claim.pk)
    return editor_response(request, cluster, claim)


@cluster_view(MANAGE)
def line_delete(request, cluster, claim, expense_line):
    claim = get_claim(cluster, claim)
    get_object_or_404(claim.lines, pk=expense_line)
    if request.method != "POST" or not claim.editable:
        return redirect("money:claim", cluster.slug, claim.pk)
    refused = save_typed_line(request, claim)
    if refused is not None:
        return editor_response(request, cluster, claim, refused, status=400)
    services.delete_line(claim, expense_line, by=request.user)
    if not htmx(request):
        messages.success(request, _("Udgiften er slettet."))
        return redirect("money:claim", cluster.slug, claim.pk)
    return editor_response(request, cluster, claim)


@cluster_view(STAFF_READ)
def receipt(request, cluster, claim, expense_line):
    claim = get_claim(cluster, claim)
    line = get_object_or_404(claim.lines, pk=expense_line)
    if not line.receipt:
        raise Http404
    mime = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(
        line.receipt_kind
    )
    name = f"bilag-{claim.pk}-{line.pk}.{line.receipt_kind or 'pdf'}"
    return files.download(line.receipt, name, mime)


@cluster_view(STAFF_READ)
def pack(request, cluster, claim):
    """The claim pack as submitted (frozen), or a preview of it while the claim is a draft."""
    claim = get_claim(cluster, claim)
    log_access(request, "export", _("Refusionspakke med deltagerliste"), cluster=cluster)
    if claim.editable:
        data = claim_pack.build_pack(claim)
    else:
        claim = services.freeze_pack(claim, by=request.user)  # the worker may not have yet
        with claim.pack.open("rb") as handle:
            data = handle.read()
    return pdf_response(data, f"refusion-{cluster.slug}-{claim.pk}")


@cluster_view(MANAGE)
def submit(request, cluster, claim):
    """Submit what is in the form: a typed expense line is added first (and kept even when the
    claim cannot be submitted yet)."""
    claim = get_claim(cluster, claim)
    if request.method != "POST":
        return redirect("money:claim", cluster.slug, claim.pk)
    if claim.editable:
        refused = save_typed_line(request, claim)
        if refused is not None:
            return editor_response(request, cluster, claim, refused, status=400)
    try:
        services.submit(claim, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Kravet er indsendt til %(scheme)s med refusionspakken.")
            % {"scheme": cluster.scheme.name},
        )
    return to_claim(request, cluster, claim)


@cluster_view(MANAGE)
def reopen(request, cluster, claim):
    claim = get_claim(cluster, claim)
    if request.method == "POST":
        try:
            services.reopen(claim, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Kravet er åbnet igen som kladde."))
    return redirect("money:claim", cluster.slug, claim.pk)


@cluster_view(OVERSIGHT)
def decide(request, cluster, claim):
    """The secretariat approves (on the current figures, or another amount with a reason) or
    rejects with a reason. A second click finds the claim decided and changes nothing."""
    claim = get_claim(cluster, claim)
    if request.method != "POST":
        return redirect("money:claim", cluster.slug, claim.pk)
    assessment = figures.assess(claim)
    form = DecisionForm(request.POST, assessment=assessment)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.decide(
                claim, by=request.user, approve=approve,
                amount=form.cleaned_data["amount"], reason=form.cleaned_data["comment"],
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Kravet er godkendt.") if approve else _("Kravet er afvist.")
            )
            return redirect("money:inbox")
        return redirect("money:claim", cluster.slug, claim.pk)
    context = claim_context(request, cluster, claim, decision_form=form)
    return render(request, "money/claim.html", context, status=400)


@cluster_view(OVERSIGHT)
def paid(request, cluster, claim):
    claim = get_claim(cluster, claim)
    if request.method == "POST":
        try:
            services.mark_paid(claim, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Kravet er markeret som udbetalt."))
    return redirect("money:claim", cluster.slug, claim.pk)
