"""Import of clinics and their people from CSV or Excel: parse, check every row, then apply all
rows or none in one transaction. Used by the import page and by `manage.py import_members`.

One row is one person in one clinic. Re-importing the same file changes nothing: clinics are
found by ydernummer, people by e-mail (or by name within the clinic when there is no e-mail).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.clusters.audit import service
from klynge.clusters.models import Clinic, ClinicAffiliation, ClusterMembership, Person
from klynge.clusters.ydernummer import normalize_ydernummer

MAX_ROWS = 5000
Role = ClinicAffiliation.Role


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    required: bool
    help: object
    example: str


COLUMNS = [
    Column(
        "ydernummer",
        gettext_lazy("Ydernummer"),
        True,
        gettext_lazy("6 cifre; foranstillede nuller må udelades."),
        "057584",
    ),
    Column(
        "klinik",
        gettext_lazy("Klinik"),
        False,
        gettext_lazy("Klinikkens navn. Skal udfyldes, hvis klinikken er ny i Klynge."),
        "Lægerne Algade",
    ),
    Column(
        "adresse", gettext_lazy("Adresse"), False, gettext_lazy("Klinikkens adresse."), "Algade 12"
    ),
    Column("postnr", gettext_lazy("Postnr"), False, gettext_lazy("4 cifre."), "4000"),
    Column("by", gettext_lazy("By"), False, "", "Roskilde"),
    Column(
        "navn", gettext_lazy("Navn"), True, gettext_lazy("Personens fulde navn."), "Anne Jensen"
    ),
    Column(
        "rolle",
        gettext_lazy("Rolle"),
        True,
        gettext_lazy("Ejerlæge, ansat læge, uddannelseslæge eller øvrigt personale."),
        "Ejerlæge",
    ),
    Column(
        "email",
        gettext_lazy("E-mail"),
        False,
        gettext_lazy("Personens e-mail. Bruges til at genkende personen ved næste import."),
        "anne.jensen@example.dk",
    ),
    Column("telefon", gettext_lazy("Telefon"), False, "", "12 34 56 78"),
    Column(
        "fra",
        gettext_lazy("Fra"),
        False,
        gettext_lazy("Første dag i klinikken, fx 01.02.2024. Tom: i dag."),
        "01.02.2024",
    ),
]
KEYS = [column.key for column in COLUMNS]
LABELS = {column.key: column.label for column in COLUMNS}
ALIASES = {
    "postnummer": "postnr",
    "e-mail": "email",
    "mail": "email",
    "tlf": "telefon",
    "tlf.": "telefon",
    "klinikkens navn": "klinik",
    "kliniknavn": "klinik",
    "startdato": "fra",
}
ROLE_NAMES = {
    "ejerlæge": Role.OWNER,
    "ejer": Role.OWNER,
    "owner": Role.OWNER,
    "ansat læge": Role.EMPLOYED,
    "ansat": Role.EMPLOYED,
    "employed": Role.EMPLOYED,
    "uddannelseslæge": Role.TRAINEE,
    "trainee": Role.TRAINEE,
    "øvrigt personale": Role.STAFF,
    "personale": Role.STAFF,
    "staff": Role.STAFF,
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


@dataclass
class Row:
    number: int  # the line in the file, the header being line 1
    values: dict
    errors: list = field(default_factory=list)  # [(column label, message)]
    warnings: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    ydernummer: str = ""
    role: str = ""
    start: date | None = None

    def error(self, key, message):
        self.errors.append((LABELS[key], message))


@dataclass
class Plan:
    rows: list
    warnings: list = field(default_factory=list)
    known: "Known | None" = field(default=None, repr=False)  # what the checks read, for `apply`

    @property
    def errors(self):
        return [(row.number, label, message) for row in self.rows for label, message in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    def count(self, action) -> int:
        return sum(1 for row in self.rows if action in row.action_codes)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_key(text: str) -> str | None:
    key = str(text or "").strip().lower().rstrip("*").strip()
    key = ALIASES.get(key, key)
    return key if key in KEYS else None


def read_table(name: str, content: bytes) -> list[list[str]]:
    """The file's rows as lists of strings; Excel (.xlsx) by content, otherwise CSV."""
    if content[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ImportFileError(_("Excel-filen kan ikke læses.")) from exc
        sheet = book.worksheets[0]
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    if name.lower().endswith((".xls", ".ods", ".numbers")):
        raise ImportFileError(_("Gem filen som CSV eller Excel-projektmappe (.xlsx)."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportFileError(_("Filen er hverken CSV eller Excel (.xlsx)."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    if "\t" in first and first.count("\t") > first.count(delimiter):
        delimiter = "\t"
    return [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]


def parse(name: str, content: bytes) -> list[Row]:
    table = list(read_table(name, content))
    while table and not any(table[-1]):
        table.pop()
    if not table:
        raise ImportFileError(_("Filen er tom."))
    header = [_header_key(cell) for cell in table[0]]
    missing = [str(c.label) for c in COLUMNS if c.required and c.key not in header]
    if missing:
        raise ImportFileError(
            _("Første række skal være kolonnenavnene. Disse kolonner mangler: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(
            _("Filen har %(count)d rækker; højst %(max)d ad gangen.")
            % {"count": len(table) - 1, "max": MAX_ROWS}
        )
    rows = []
    for index, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        values = dict.fromkeys(KEYS, "")
        for key, cell in zip(header, cells, strict=False):
            if key:
                values[key] = cell
        rows.append(Row(number=index, values=values))
    if not rows:
        raise ImportFileError(_("Filen har kolonnenavne, men ingen rækker."))
    return rows


def parse_date(text: str) -> date:
    for pattern in ("%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def check_row(row: Row) -> None:
    """Checks that need only the row itself."""
    v = row.values
    try:
        row.ydernummer = normalize_ydernummer(v["ydernummer"])
    except ValidationError as exc:
        row.error("ydernummer", exc.messages[0])
    if not v["navn"]:
        row.error("navn", _("Navnet mangler."))
    elif len(v["navn"]) > 200:
        row.error("navn", _("Navnet er for langt (højst 200 tegn)."))
    role = ROLE_NAMES.get(" ".join(v["rolle"].lower().split()))
    if not v["rolle"]:
        row.error("rolle", _("Rollen mangler."))
    elif role is None:
        row.error(
            "rolle",
            _(
                "Ukendt rolle »%(role)s«. Brug ejerlæge, ansat læge, uddannelseslæge eller "
                "øvrigt personale."
            )
            % {"role": v["rolle"]},
        )
    else:
        row.role = role
    if v["email"]:
        try:
            validate_email(v["email"])
        except ValidationError:
            row.error(
                "email", _("»%(email)s« er ikke en gyldig e-mailadresse.") % {"email": v["email"]}
            )
    if v["postnr"] and not (v["postnr"].isdigit() and len(v["postnr"]) == 4):
        row.error(
            "postnr", _("»%(value)s« er ikke et postnummer (4 cifre).") % {"value": v["postnr"]}
        )
    if v["fra"]:
        try:
            row.start = parse_date(v["fra"])
        except ValueError:
            row.error(
                "fra", _("»%(value)s« er ikke en dato (skriv fx 01.02.2024).") % {"value": v["fra"]}
            )
    for key, limit in (("klinik", 200), ("adresse", 200), ("by", 100), ("telefon", 30)):
        if len(v[key]) > limit:
            row.error(key, _("Teksten er for lang (højst %(limit)d tegn).") % {"limit": limit})


def plan(cluster, rows: list[Row]) -> Plan:
    """Check every row against the file and the database, and say what importing would do.

    A constant number of queries, whatever the number of rows.
    """
    for row in rows:
        row.action_codes = set()
        check_row(row)
    check_within_file(rows)
    known = Known.load(cluster, rows)
    for row in rows:
        if not row.errors:
            plan_row(row, known)
    return Plan(rows=rows, known=known)


def check_within_file(rows: list[Row]) -> None:
    """The same person twice in a clinic, or one ydernummer with two clinic names."""
    seen: dict[tuple, int] = {}
    names_by_number: dict[str, tuple[str, int]] = {}
    for row in rows:
        if not row.ydernummer or not row.values["navn"]:
            continue
        who = row.values["email"].lower() or row.values["navn"].lower()
        key = (row.ydernummer, who)
        if key in seen:
            row.error(
                "navn",
                _("Dublet: samme person i samme klinik som række %(row)d.") % {"row": seen[key]},
            )
        else:
            seen[key] = row.number
        clinic_name = row.values["klinik"]
        if clinic_name:
            first = names_by_number.setdefault(row.ydernummer, (clinic_name, row.number))
            if first[0] != clinic_name:
                row.error(
                    "klinik",
                    _("Ydernummeret har et andet kliniknavn i række %(row)d (»%(name)s«).")
                    % {"row": first[1], "name": first[0]},
                )


@dataclass
class Known:
    """What the database already holds about the file's clinics and people (six queries)."""

    clinics: dict[str, Clinic]
    open_here: set[str]
    elsewhere: dict[str, list[str]]
    people_by_email: dict[str, Person]
    affiliations: dict[tuple, ClinicAffiliation]
    new_clinics: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, cluster, rows: list[Row]) -> "Known":
        today = timezone.localdate()
        numbers = {row.ydernummer for row in rows if row.ydernummer}
        memberships = ClusterMembership.objects.open_on(today).filter(
            clinic__ydernummer__in=numbers
        )
        elsewhere: dict[str, list[str]] = {}
        for number, name in memberships.exclude(cluster=cluster).values_list(
            "clinic__ydernummer", "cluster__name"
        ):
            elsewhere.setdefault(number, []).append(name)
        affiliations: dict[tuple, ClinicAffiliation] = {}
        for a in ClinicAffiliation.objects.filter(
            clinic__ydernummer__in=numbers, end__isnull=True
        ).select_related("person", "clinic"):
            affiliations[(a.clinic.ydernummer, a.person_id)] = a
            affiliations[(a.clinic.ydernummer, "name", a.person.name.lower())] = a
        return cls(
            clinics={c.ydernummer: c for c in Clinic.objects.filter(ydernummer__in=numbers)},
            open_here=set(
                memberships.filter(cluster=cluster).values_list("clinic__ydernummer", flat=True)
            ),
            elsewhere=elsewhere,
            people_by_email=people_by_email(
                {row.values["email"].lower() for row in rows if row.values["email"]}
            ),
            affiliations=affiliations,
        )


def people_by_email(emails: set[str]) -> dict[str, Person]:
    """Registered people by lower-case e-mail (the first registered wins)."""
    if not emails:
        return {}
    found: dict[str, Person] = {}
    for person in (
        Person.objects.annotate(lower=Lower("email")).filter(lower__in=emails).order_by("pk")
    ):
        found.setdefault(person.lower, person)
    return found


def plan_row(row: Row, known: Known) -> None:
    """What importing this (valid) row would do: clinic, membership, person, role."""
    v = row.values
    clinic = known.clinics.get(row.ydernummer)
    if clinic is None:
        if not v["klinik"]:
            row.error("klinik", _("Klinikken er ny i Klynge: skriv klinikkens navn."))
            return
        if row.ydernummer not in known.new_clinics:
            row.actions.append(_("Ny klinik"))
            row.action_codes.add("clinic")
            known.new_clinics.add(row.ydernummer)
    elif v["klinik"] and v["klinik"] != clinic.name:
        row.actions.append(_("Kliniknavn ændres fra »%(name)s«") % {"name": clinic.name})
        row.action_codes.add("clinic_changed")
    if row.ydernummer not in known.open_here:
        if row.ydernummer in known.elsewhere:
            row.warnings.append(
                _("Klinikken er også aktivt medlem af %(clusters)s.")
                % {"clusters": ", ".join(known.elsewhere[row.ydernummer])}
            )
        row.actions.append(_("Indmeldes i klyngen"))
        row.action_codes.add("membership")
        known.open_here.add(row.ydernummer)
    plan_person(row, known)
    if not row.action_codes:
        row.actions.append(_("Uændret"))
        row.action_codes.add("unchanged")


def plan_person(row: Row, known: Known) -> None:
    v = row.values
    person = known.people_by_email.get(v["email"].lower()) if v["email"] else None
    affiliation = None
    if person is not None:
        affiliation = known.affiliations.get((row.ydernummer, person.pk))
    elif not v["email"]:
        affiliation = known.affiliations.get((row.ydernummer, "name", v["navn"].lower()))
    if affiliation is None:
        if person is None:
            row.actions.append(_("Ny person"))
            row.action_codes.add("person")
        else:
            row.actions.append(
                _("Eksisterende person (%(name)s) knyttes til klinikken") % {"name": person.name}
            )
        row.action_codes.add("affiliation")
    elif affiliation.role != row.role:
        row.actions.append(
            _("Rolle ændres fra %(role)s") % {"role": affiliation.get_role_display()}
        )
        row.action_codes.add("role")


@service
def apply(cluster, rows: list[Row], *, by, reason="") -> Plan:
    """Check again and write every row, or nothing if any row has an error (one transaction).

    The writes are made in bulk (`import_writes`): a constant number of queries for any file."""
    from klynge.members import import_writes

    result = plan(cluster, rows)
    if not result.ok:
        return result
    import_writes.write(cluster, result.rows, result.known, note=reason or _("Import"))
    return result


def template_rows() -> tuple[list[str], list[str]]:
    return [column.key for column in COLUMNS], [column.example for column in COLUMNS]
