"""The KiAP register check: the ydernumre KiAP has registered for the cluster ("Min Klynge")
against Klynge's members on the day, with the differences both ways.

`parse` reads the uploaded list (CSV or XLSX, a column of ydernumre, with or without a header);
`compare` says what is only at KiAP and only in Klynge in three queries, whatever the size.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from klynge.clusters.models import Clinic, ClusterMembership
from klynge.clusters.ydernummer import normalize_ydernummer
from klynge.members.importer import ImportFileError, read_table

MAX_ROWS = 2000
HEADERS = ("ydernummer", "ydernr", "ydernr.", "yder-nr", "yder nr", "ydernummer (6 cifre)")


# The uploaded KiAP list is kept in the session under this key (never stored).
SESSION_KEY = "desk-register"


class RegisterFileError(Exception):
    """The file cannot be used: the message (Danish) is shown next to the upload field."""


def _column(table: list[list[str]]) -> tuple[int, int]:
    """(column, first data row): the column headed "ydernummer", or the first column without one."""
    for index, cell in enumerate(table[0]):
        if cell.strip().lower().rstrip("*").strip() in HEADERS:
            return index, 1
    first = table[0][0].strip() if table[0] else ""
    try:
        normalize_ydernummer(first)
    except ValidationError:
        raise RegisterFileError(
            _(
                "Filen skal have en kolonne med overskriften »Ydernummer« "
                "(eller ydernumrene i første kolonne)."
            )
        ) from None
    return 0, 0


def parse(name: str, content: bytes) -> list[str]:
    """The distinct ydernumre of the file, six digits each, in the file's order."""
    try:
        table = [row for row in read_table(name, content) if any(cell.strip() for cell in row)]
    except ImportFileError as exc:
        raise RegisterFileError(str(exc)) from exc
    if not table:
        raise RegisterFileError(_("Filen er tom."))
    column, start = _column(table)
    if len(table) - start > MAX_ROWS:
        raise RegisterFileError(
            _("Filen har %(count)d rækker; højst %(max)d.")
            % {"count": len(table) - start, "max": MAX_ROWS}
        )
    found: dict[str, None] = {}
    problems = []
    for number, row in enumerate(table[start:], start=start + 1):
        value = row[column] if column < len(row) else ""
        try:
            found[normalize_ydernummer(value)] = None
        except ValidationError as exc:
            problems.append(
                _("Række %(row)d: %(message)s") % {"row": number, "message": exc.messages[0]}
            )
    if problems:
        shown = problems[:5] + (
            [_("… og %(n)d til.") % {"n": len(problems) - 5}] * (len(problems) > 5)
        )
        raise RegisterFileError(" ".join(shown))
    if not found:
        raise RegisterFileError(_("Filen har ingen ydernumre."))
    return list(found)


@dataclass
class OnlyKiap:
    ydernummer: str
    clinic: Clinic | None  # known to Klynge (then it can be added in one click)
    elsewhere: list[str] = field(default_factory=list)  # clusters it is a member of on the day


@dataclass
class Differences:
    on: date
    kiap_count: int
    both: int
    only_kiap: list[OnlyKiap]
    only_klynge: list[ClusterMembership]

    @property
    def none(self) -> bool:
        return not self.only_kiap and not self.only_klynge


def compare(cluster, ydernumre: list[str], on: date) -> Differences:
    """Klynge's members of `cluster` on the day against KiAP's list."""
    kiap = set(ydernumre)
    members = list(
        cluster.memberships.open_on(on).select_related("clinic").order_by("clinic__ydernummer")
    )
    ours = {m.clinic.ydernummer for m in members}
    missing = sorted(kiap - ours)
    clinics = {c.ydernummer: c for c in Clinic.objects.filter(ydernummer__in=missing)}
    elsewhere: dict[int, list[str]] = {}
    for clinic_id, name in (
        ClusterMembership.objects.open_on(on)
        .filter(clinic__in=clinics.values())
        .values_list("clinic_id", "cluster__name")
    ):
        elsewhere.setdefault(clinic_id, []).append(name)
    only_kiap = [
        OnlyKiap(
            number, clinics.get(number), elsewhere.get(getattr(clinics.get(number), "pk", 0), [])
        )
        for number in missing
    ]
    return Differences(
        on=on,
        kiap_count=len(kiap),
        both=len(kiap & ours),
        only_kiap=only_kiap,
        only_klynge=[m for m in members if m.clinic.ydernummer not in kiap],
    )


def changes_at_kiap(differences: Differences) -> list[list[str]]:
    """What to change in "Min Klynge" so KiAP matches Klynge: rows for the export."""
    rows = [
        [_("Tilføj hos KiAP"), m.clinic.ydernummer, m.clinic.name] for m in differences.only_klynge
    ]
    rows += [
        [_("Fjern hos KiAP"), row.ydernummer, row.clinic.name if row.clinic else ""]
        for row in differences.only_kiap
    ]
    return rows
