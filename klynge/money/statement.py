"""PLO's account statement: read the uploaded file (CSV or XLSX: date, text, amount, balance),
check it line by line, and match each line to what Klynge knows (approved claims, honoraria paid,
the cluster's grant). Reading and matching change nothing; `services.import_statement` saves.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.lib import danish
from klynge.members.importer import ImportFileError, parse_date, read_table
from klynge.money.models import Claim, HonorariumPayment, StatementLine

MAX_ROWS = 3000
Match = StatementLine.Match
COLUMNS = {
    "date": ("dato", "bogføringsdato", "bogført", "posteringsdato", "date"),
    "text": ("tekst", "posteringstekst", "beskrivelse", "text"),
    "amount": ("beløb", "beløb i kr.", "beløb (kr.)", "amount"),
    "balance": ("saldo", "saldo i kr.", "saldo (kr.)", "balance"),
}
LABELS = {
    "date": gettext_lazy("Dato"),
    "text": gettext_lazy("Tekst"),
    "amount": gettext_lazy("Beløb"),
    "balance": gettext_lazy("Saldo"),
}
# Words in the text of the yearly grant (the money paid in per listed patient).
GRANT_WORDS = ("tilskud", "kvalitetsklyngemidler", "klyngemidler", "bevilling")
AMOUNT_RE = re.compile(r"^-?\d+(\.\d{1,2})?$")


class StatementFileError(Exception):
    """The file cannot be used: the message (Danish) is shown next to the upload field."""


@dataclass
class Line:
    position: int  # the row in the file
    date: date
    text: str
    amount: Decimal
    balance: Decimal
    match: str = Match.OTHER
    claim: Claim | None = None
    honorarium: HonorariumPayment | None = None


def parse_amount(text: str) -> Decimal:
    """A Danish or plain amount ("-1.234,50", "1234.50", "1 234,50 kr.") as an exact Decimal."""
    value = text.strip().replace("\u2212", "-").replace("kr.", "").replace("kr", "")
    value = value.replace("\u00a0", "").replace(" ", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    if not AMOUNT_RE.match(value):
        raise ValueError(text)
    try:
        return Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValueError(text) from exc


def _header(cells: list[str]) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(cells):
        name = cell.strip().lower().rstrip("*").strip()
        for key, names in COLUMNS.items():
            if name in names and key not in found:
                found[key] = index
    missing = [str(LABELS[key]) for key in COLUMNS if key not in found]
    if missing:
        raise StatementFileError(
            _("Første række skal være kolonnenavnene. Disse kolonner mangler: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return found


def _line(number: int, row: list[str], columns: dict[str, int], year: int, today: date):
    """One Line, or a Danish error for the row."""
    cell = {key: (row[i].strip() if i < len(row) else "") for key, i in columns.items()}
    try:
        day = parse_date(cell["date"])
    except ValueError:
        return _("Række %(row)d: »%(value)s« er ikke en dato.") % {
            "row": number,
            "value": cell["date"][:20],
        }
    if day.year != year:
        return _("Række %(row)d: datoen %(date)s ligger uden for %(year)d.") % {
            "row": number, "date": danish.day(day), "year": year,
        }  # fmt: skip
    if day > today:
        return _("Række %(row)d: datoen %(date)s ligger i fremtiden.") % {
            "row": number, "date": danish.day(day),
        }  # fmt: skip
    values = {}
    for key in ("amount", "balance"):
        try:
            values[key] = parse_amount(cell[key])
        except ValueError:
            return _("Række %(row)d: »%(value)s« er ikke et beløb (%(column)s).") % {
                "row": number, "value": cell[key][:20], "column": str(LABELS[key]),
            }  # fmt: skip
    if not cell["text"]:
        return _("Række %(row)d: teksten mangler.") % {"row": number}
    return Line(number, day, cell["text"][:200], values["amount"], values["balance"])


def parse(name: str, content: bytes, year: int, today: date) -> list[Line]:
    """Every line of the statement, checked: dates in the year and not ahead of today, exact
    amounts, and each balance equal to the one before plus the amount."""
    try:
        table = [row for row in read_table(name, content) if any(cell.strip() for cell in row)]
    except ImportFileError as exc:
        raise StatementFileError(str(exc)) from exc
    if not table:
        raise StatementFileError(_("Filen er tom."))
    columns = _header(table[0])
    if len(table) - 1 > MAX_ROWS:
        raise StatementFileError(
            _("Filen har for mange rækker (højst %(max)d).") % {"max": MAX_ROWS}
        )
    lines, problems = [], []
    for number, row in enumerate(table[1:], start=2):
        result = _line(number, row, columns, year, today)
        (lines if isinstance(result, Line) else problems).append(result)
    for before, line in zip(lines, lines[1:], strict=False):
        if not problems and before.balance + line.amount != line.balance:
            problems.append(
                _("Række %(row)d: saldoen %(balance)s passer ikke med saldoen før og beløbet.")
                % {"row": line.position, "balance": line.balance}
            )
    if problems:
        more = len(problems) - 5
        raise StatementFileError(
            " ".join(problems[:5]) + (_(" … og %(n)d til.") % {"n": more} if more > 0 else "")
        )
    if not lines:
        raise StatementFileError(_("Filen har kolonnenavne, men ingen linjer."))
    return lines


def _closest(candidates: list, amount: Decimal, day: date, used: set, when):
    found = [c for c in candidates if c.pk not in used and c.amount_ == amount]
    if not found:
        return None
    return min(found, key=lambda c: (abs(((when(c) or day) - day).days), c.pk))


def match(
    lines: list[Line], claims: list[Claim], payments: list[HonorariumPayment], grant: Decimal
) -> None:
    """Match each line in place: a payment out to an approved claim of the same amount (the one
    decided closest to the line's date), else to an honorarium paid of the same amount; money in
    to the grant (its words in the text, or the amount expected); the rest stays "other"."""
    for claim in claims:
        claim.amount_ = claim.approved_amount
    for payment in payments:
        payment.amount_ = payment.amount
    used_claims: set[int] = set()
    used_payments: set[int] = set()
    for line in lines:
        if line.amount < 0:
            claim = _closest(claims, -line.amount, line.date, used_claims, _claim_day)
            if claim is not None:
                used_claims.add(claim.pk)
                line.match, line.claim = Match.CLAIM, claim
                continue
            payment = _closest(payments, -line.amount, line.date, used_payments, _paid_day)
            if payment is not None:
                used_payments.add(payment.pk)
                line.match, line.honorarium = Match.HONORARIUM, payment
        elif line.amount > 0:
            words = line.text.lower()
            if any(word in words for word in GRANT_WORDS) or line.amount == grant:
                line.match = Match.INCOME


def _claim_day(claim) -> date | None:
    moment = claim.paid_at or claim.decided_at
    return moment.date() if moment else None


def _paid_day(payment) -> date:
    return payment.paid_at.date()
