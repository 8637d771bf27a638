"""Every state change of the money app: claims (draft → submitted → approved or rejected with a
reason → paid), budgets, annual accounts and honorarium payments.

Each change is a `@service` (atomic, its history names `by` and the reason): it saves under a row
lock, and queues its e-mails through the outbox in the same transaction. Reads are elsewhere:
lookups (accounts, budget suggestions), figures (what the rules give now), honoraria, pack.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.audit import Actor, service
from klynge.clusters.models import Post
from klynge.lib.files import PDF, server_name
from klynge.lib.money import kr
from klynge.mail.outbox import absolute, queue_mail
from klynge.meetings import lifecycle
from klynge.money import pack
from klynge.money.figures import assess
from klynge.money.models import (
    Accounts,
    AccountsLine,
    Budget,
    BudgetLine,
    Claim,
    ExpenseLine,
    HonorariumPayment,
    Statement,
    StatementLine,
)
from klynge.money.rules import ZERO


def coordinator_emails(claim: Claim) -> list[str]:
    """Whoever made and submitted the claim, and the cluster's current coordinator(s)."""
    emails = []
    for user in (claim.created_by, claim.submitted_by):
        if user is not None and user.email:
            emails.append(user.email)
    posts = Post.objects.active().filter(cluster=claim.cluster, kind=Post.Kind.COORDINATOR)
    emails += [p.person.email for p in posts.select_related("person") if p.person.email]
    return list(dict.fromkeys(email.lower() for email in emails))


def notify(claim: Claim, event: str, recipients: list[str]) -> None:
    context = {
        "claim": claim,
        "cluster": claim.cluster,
        "meeting": claim.meeting,
        "event": event,
        "url": absolute(reverse("money:claim", args=[claim.cluster.slug, claim.pk])),
        "inbox_url": absolute(reverse("money:inbox")),
    }
    for to in recipients:
        queue_mail(
            f"money_claim_{event}",
            to,
            context,
            key=f"claim:{claim.pk}:r{claim.round}:{event}:{to}",
            cluster=claim.cluster,
            about=claim,
            voice="secretariat" if event in ("approved", "rejected", "paid") else "cluster",
        )


def _require(claim: Claim, allowed, message):
    if claim.status not in allowed:
        raise ValidationError(message)


@service
def start_claim(cluster, meeting, *, by, note: str = "") -> Claim:
    if meeting.cluster_id != cluster.pk:  # the figures find a cluster's claims by its meetings too
        raise ValidationError(_("Mødet hører ikke til klyngen."))
    return Claim.objects.create(cluster=cluster, meeting=meeting, note=note, created_by=by)


@service
def add_line(claim: Claim, *, by, data: dict, upload, kind) -> ExpenseLine:
    """An expense line with its receipt, stored under a server-made name (never the user's)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _require(claim, Claim.EDITABLE, _("Kravet er indsendt; udgifterne kan ikke ændres."))
    line = ExpenseLine(claim=claim, **data)
    line.receipt_name = upload.name[:200]
    line.receipt_kind = kind.extension
    line.receipt.save(server_name("receipts", kind), upload, save=False)
    line.save()
    return line


@service
def delete_line(claim: Claim, line_pk: int, *, by) -> None:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _require(claim, Claim.EDITABLE, _("Kravet er indsendt; udgifterne kan ikke ændres."))
    for line in claim.lines.filter(pk=line_pk):
        line.delete()


@service
def submit(claim: Claim, *, by) -> Claim:
    """Freeze what the rules give and send the claim to the scheme's secretariat; its pack is
    made outside the request (`freeze_pack`)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _require(claim, Claim.EDITABLE, _("Kravet er allerede indsendt."))
    if not claim.lines.exists():
        raise ValidationError(_("Tilføj mindst én udgift med bilag, før kravet indsendes."))
    if claim.lines.filter(receipt="").exists():
        raise ValidationError(_("Alle udgifter skal have et bilag, før kravet indsendes."))
    if not claim.meeting.is_held:
        raise ValidationError(_("Mødet skal være registreret som afholdt, før kravet indsendes."))
    lifecycle.require_started(claim.meeting)
    assessment = assess(claim)
    claim.status = Claim.Status.SUBMITTED
    claim.round += 1
    claim.computed_refund = assessment.refund
    claim.rule_text = "\n".join(assessment.in_words())
    claim.submitted_at = timezone.now()
    claim.submitted_by = by
    claim.approved_amount = None
    claim.decided_at = None
    claim.decided_by = None
    claim.decision_comment = ""
    claim.pack = ""  # made by the worker right after, or by whoever opens it first (`freeze_pack`)
    claim.save()
    notify(claim, "submitted", [claim.cluster.scheme.secretariat_email])
    notify(claim, "received", coordinator_emails(claim))
    return claim


@service
def freeze_pack(claim: Claim, *, by) -> Claim:
    """Make and keep the pack of a submitted claim that has none yet: the worker does it right
    after submission (`money.jobs`), or the pack page when someone opens it first. Once kept, the
    pack is what is shown, whatever changes later."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.editable or claim.pack:
        return claim
    claim.pack.save(server_name("claims", PDF), ContentFile(pack.build_pack(claim)), save=False)
    claim.save(update_fields=["pack"])
    return claim


def approval_problem(assessment, amount: Decimal | None, reason: str) -> tuple[str, str] | None:
    """Why an approval cannot go through on the current figures, as (field, message), or None.

    None given means what the rules give now. When the figures changed since submission, or the
    amount is above what the rules give now, an explicit amount and a reason are needed; never
    more than documented."""
    current = assessment.refund
    if amount is None and assessment.changed:
        return "amount", _(
            "Reglerne giver nu %(current)s, men gav %(submitted)s ved indsendelsen. Skriv det "
            "beløb, der skal godkendes, og begrundelsen."
        ) % {"current": kr(current), "submitted": kr(assessment.at_submission)}
    if amount is None:
        return None
    if amount > assessment.documented:
        return "amount", _("Det godkendte beløb kan ikke være større end det dokumenterede.")
    if (assessment.changed or amount > current) and not reason.strip():
        return "comment", _(
            "Skriv begrundelsen for at godkende et andet beløb end det, reglerne giver nu "
            "(%(current)s)."
        ) % {"current": kr(current)}
    return None


def approved_amount(assessment, amount: Decimal | None, reason: str) -> Decimal:
    problem = approval_problem(assessment, amount, reason)
    if problem is not None:
        raise ValidationError(problem[1])
    return assessment.refund if amount is None else amount


@service
def decide(
    claim: Claim, *, by, approve: bool, amount: Decimal | None = None, reason: str = ""
) -> Claim:
    """Approve (on the current figures) or reject with a reason. Deciding what is already decided
    the same way does nothing: a double-click approves once."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    target = Claim.Status.APPROVED if approve else Claim.Status.REJECTED
    if claim.status == target or (approve and claim.status == Claim.Status.PAID):
        return claim
    _require(claim, (Claim.Status.SUBMITTED,), _("Kun indsendte krav kan godkendes eller afvises."))
    if approve:
        claim.approved_amount = approved_amount(assess(claim), amount, reason)
    else:
        if not reason.strip():
            raise ValidationError(_("Skriv begrundelsen for afvisningen."))
        claim.approved_amount = None
    claim.status = target
    claim.decision_comment = reason.strip()
    claim.decided_at = timezone.now()
    claim.decided_by = by
    claim.save()
    notify(claim, "approved" if approve else "rejected", coordinator_emails(claim))
    return claim


@service
def mark_paid(claim: Claim, *, by) -> Claim:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status == Claim.Status.PAID:
        return claim
    _require(claim, (Claim.Status.APPROVED,), _("Kun godkendte krav kan markeres som udbetalt."))
    claim.status = Claim.Status.PAID
    claim.paid_at = timezone.now()
    claim.save()
    notify(claim, "paid", coordinator_emails(claim))
    return claim


@service
def reopen(claim: Claim, *, by) -> Claim:
    """A rejected claim goes back to draft so the coordinator can correct and resubmit it."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _require(claim, (Claim.Status.REJECTED,), _("Kun afviste krav kan åbnes igen."))
    claim.status = Claim.Status.DRAFT
    claim.save()
    return claim


# --- Budget and annual accounts ------------------------------------------------------------------


@service
def change_budget(
    cluster,
    year: int,
    *,
    by,
    note: str | None = None,
    line: dict | None = None,
    suggestions=(),
    delete: int | None = None,
) -> Budget:
    """One save of the budget page, whichever button was pressed: the note (if changed), a new
    line (if typed), Klynge's suggested lines (replacing the earlier ones), a line deleted."""
    budget, _created = Budget.objects.select_for_update().get_or_create(cluster=cluster, year=year)
    if note is not None and note != budget.note:
        budget.note = note
        budget.save()
    if suggestions:
        for old in budget.lines.filter(suggested=True):
            old.delete()
        for kind, description, amount in suggestions:
            BudgetLine.objects.create(
                budget=budget, kind=kind, description=description[:200], amount=amount,
                suggested=True,
            )  # fmt: skip
    if line:
        BudgetLine.objects.create(budget=budget, **line)
    if delete is not None:
        for old in budget.lines.filter(pk=delete):
            old.delete()
    return budget


@service
def change_accounts(
    cluster,
    year: int,
    *,
    by,
    opening_balance: Decimal,
    numbers: dict | None = None,
    line: dict | None = None,
    delete: int | None = None,
) -> Accounts:
    """One save of the accounts page: the statement's figures (if changed), a new line (if
    typed), a line deleted. A year's accounts start from the carried-over balance."""
    accounts, _created = Accounts.objects.select_for_update().get_or_create(
        cluster=cluster, year=year, defaults={"opening_balance": opening_balance}
    )
    if numbers:
        for name, value in numbers.items():
            setattr(accounts, name, value)
        accounts.save()
    if line:
        AccountsLine.objects.create(accounts=accounts, **line)
    if delete is not None:
        for old in accounts.lines.filter(pk=delete):
            old.delete()
    return accounts


# --- Honoraria -----------------------------------------------------------------------------------


@service
def mark_honoraria_paid(rows, period_start, *, by) -> int:
    """Record each unpaid share of the payout list as paid now, by whom (once: a share already
    recorded, or one of 0 kr., is skipped). Returns how many were recorded."""
    now = timezone.now()
    count = 0
    for row in rows:
        if row.payment is not None or not row.share.ore:
            continue
        _payment, created = HonorariumPayment.objects.get_or_create(
            cluster=row.cluster, person=row.person, kind=row.kind, period_start=period_start,
            defaults={
                "months": row.share.month_count, "amount": row.share.amount, "paid_at": now,
                "paid_by": by,
            },
        )  # fmt: skip
        count += created
    return count


# --- PLO's account statement -----------------------------------------------------------------------


@service
def import_statement(cluster, year: int, filename: str, lines, *, by, grant: Decimal, reason=""):
    """Save PLO's statement for the year (replacing an earlier import) matched to the approved
    claims and honoraria paid; the accounts take their opening and closing balance from it, and a
    line nothing in Klynge explains becomes an accounts line. `lines` come from statement.parse."""
    from klynge.money import statement as reader

    accounts, _created = Accounts.objects.select_for_update().get_or_create(
        cluster=cluster, year=year, defaults={"opening_balance": ZERO}
    )
    old = Statement.objects.filter(accounts=accounts).first()
    if old is not None:
        for line in AccountsLine.objects.filter(statement_line__statement=old):
            line.delete()
        old.delete()
    elsewhere = StatementLine.objects.filter(statement__accounts__cluster=cluster).exclude(
        statement__accounts=accounts
    )
    claims = list(
        Claim.objects.approved()
        .filter(cluster=cluster)
        .exclude(pk__in=elsewhere.filter(claim__isnull=False).values("claim_id"))
        .order_by("pk")
    )
    payments = list(
        HonorariumPayment.objects.filter(cluster=cluster)
        .exclude(pk__in=elsewhere.filter(honorarium__isnull=False).values("honorarium_id"))
        .order_by("pk")
    )
    reader.match(lines, claims, payments, grant)
    first, last = lines[0], lines[-1]
    saved = Statement.objects.create(
        accounts=accounts,
        filename=filename[:200],
        imported_by=Actor.of(by).user,
        opening_balance=first.balance - first.amount,
        closing_balance=last.balance,
    )
    for line in lines:
        extra = None
        if line.match == StatementLine.Match.OTHER:
            extra = AccountsLine.objects.create(
                accounts=accounts,
                direction="income" if line.amount > 0 else "expense",
                date=line.date,
                description=line.text,
                amount=abs(line.amount),
            )
        StatementLine.objects.create(
            statement=saved, position=line.position, date=line.date, text=line.text,
            amount=line.amount, balance=line.balance, match=line.match, claim=line.claim,
            honorarium=line.honorarium, accounts_line=extra,
        )  # fmt: skip
    accounts.opening_balance = saved.opening_balance
    accounts.statement_balance = saved.closing_balance
    accounts.save()
    return saved


@service
def rematch_statement_line(line, match: str, *, by, claim=None, honorarium=None, reason=""):
    """Match one statement line by hand (to a claim, an honorarium, the grant, or "only on the
    statement", which makes it an accounts line); the accounts follow."""
    line = StatementLine.objects.select_for_update().get(pk=line.pk)
    if line.accounts_line is not None:
        old, line.accounts_line = line.accounts_line, None
        line.save(update_fields=["accounts_line"])
        old.delete()
    line.match, line.claim, line.honorarium = match, claim, honorarium
    if match == StatementLine.Match.OTHER:
        line.accounts_line = AccountsLine.objects.create(
            accounts=line.statement.accounts,
            direction="income" if line.amount > 0 else "expense",
            date=line.date,
            description=line.text,
            amount=abs(line.amount),
        )
    line.save()
    return line
