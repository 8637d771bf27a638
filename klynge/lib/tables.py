"""The one way a table leaves Klynge as a spreadsheet: CSV for Danish Excel, or XLSX.

Why openpyxl directly and not tablib: what matters here is per-cell control, which tablib hides.
An XLSX cell must get an explicit type (text, number or date) and a number format (Danish amounts,
dates, ydernumre as text with leading zeros), the sheet a name, a bold frozen header and a filter;
tablib writes every value through one generic path and styles only the header. openpyxl is already
a dependency (the member import reads XLSX with it) and the CSV side is the standard library.

Every text cell is hostile (OWASP "CSV Injection"): a cell whose text starts with = + - @, a tab,
CR or LF, or their full-width forms (also after leading spaces), gets a leading apostrophe, so no
spreadsheet runs it as a formula. Numbers, dates and amounts are written as what they are, never as
text that starts with a minus; user text is never written as a number.

CSV is what a Danish Excel opens with a double click: UTF-8 with BOM (æ, ø, å), semicolons, amounts
as "1.234,50", dates as ISO 8601 (every Excel reads them as dates), and codes (ydernumre, postcodes)
prefixed with a tab so Excel keeps them as text with their leading zeros.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from .money import kr
from .pdf import content_disposition

TEXT, CODE = "text", "code"
DANGEROUS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"
MONEY_FORMAT = "#,##0.00"
INTEGER_FORMAT = "0"
DATE_FORMAT = r"dd\.mm\.yyyy"
DATETIME_FORMAT = r"dd\.mm\.yyyy\ hh:mm"


@dataclass(frozen=True)
class Column:
    """A column's title; `kind=CODE` for identifiers that look like numbers (ydernummer, postnr)."""

    title: str
    kind: str = TEXT


@dataclass
class Table:
    columns: Sequence[Column | str]
    rows: Iterable[Sequence[Any]]
    sheet: str = "Ark"
    notes: list[list[Any]] = field(default_factory=list)  # a second sheet, "Vejledning"

    def cols(self) -> list[Column]:
        return [c if isinstance(c, Column) else Column(str(c)) for c in self.columns]


def neutralise(text: str) -> str:
    """Text that a spreadsheet could run as a formula gets a leading apostrophe (OWASP)."""
    stripped = text.lstrip(" \u00a0\u3000")
    if text and (text[0] in DANGEROUS or (stripped and stripped[0] in DANGEROUS)):
        return "'" + text
    return text


def plain(value: Any, kind: str = TEXT) -> Any:
    """A cell's value as it goes into the file: typed values stay typed, everything else is
    neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date | int | Decimal | float):
        return value
    text = str(value)
    if kind == CODE and text.isdigit():
        return text
    return neutralise(text)


# --- CSV


def csv_cell(value: Any, kind: str) -> str:
    value = plain(value, kind)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return kr(Decimal(str(value)), unit=False)
    if kind == CODE and isinstance(value, str) and value.isdigit():
        return "\t" + value
    return str(value)


def csv_bytes(table: Table) -> bytes:
    columns = table.cols()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(c.title) for c in columns])
    for row in table.rows:
        writer.writerow([csv_cell(v, c.kind) for v, c in zip(row, columns, strict=False)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- XLSX


def number_format(value: Any) -> str | None:
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, Decimal | float):
        return MONEY_FORMAT
    if isinstance(value, int):
        return INTEGER_FORMAT
    return None


def fill_sheet(sheet, columns: list[Column], rows: Iterable[Sequence[Any]]) -> list[int]:
    """Write header and rows with explicit types; return each column's widest text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING

    widths = [len(c.title) for c in columns]
    for index, column in enumerate(columns, start=1):
        title = neutralise(ILLEGAL_CHARACTERS_RE.sub("", column.title))
        cell = sheet.cell(row=1, column=index, value=title)
        cell.data_type = TYPE_STRING
    for r, row in enumerate(rows, start=2):
        for index, (raw, column) in enumerate(zip(row, columns, strict=False), start=1):
            value = plain(raw, column.kind)
            if isinstance(value, str):  # control characters XML cannot hold, then checked again:
                value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))  # "\x08@" is "@"
            cell = sheet.cell(row=r, column=index, value=value)
            fmt = number_format(value)
            if fmt is None:
                cell.data_type = TYPE_STRING  # never a formula, whatever openpyxl guessed
                cell.number_format = "@"
            else:
                cell.number_format = fmt
            widths[index - 1] = max(widths[index - 1], len(str(value)))
    return widths


def style_header(sheet, widths: list[int], last_row: int) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if widths:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(last_row, 1)}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(table.sheet)
    columns = table.cols()
    rows = list(table.rows)
    style_header(sheet, fill_sheet(sheet, columns, rows), len(rows) + 1)
    if table.notes:
        notes = book.create_sheet("Vejledning")
        width = max(len(line) for line in table.notes)
        fill_sheet(notes, [Column("")] * width, table.notes)
        notes.delete_rows(1)  # the notes have no header
        for letter, size in zip("ABC", (16, 12, 80), strict=False):
            notes.column_dimensions[letter].width = size
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_name(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip("' ")
    return cleaned[:31] or "Ark"


# --- Download


def render(table: Table, fmt: str) -> bytes:
    return xlsx_bytes(table) if fmt == "xlsx" else csv_bytes(table)


def response(table: Table, filename: str, fmt: str) -> HttpResponse:
    """The table as a download; `filename` without extension, `fmt` "csv" or "xlsx"."""
    result = HttpResponse(render(table, fmt), content_type=XLSX_MIME if fmt == "xlsx" else CSV_MIME)
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "-_.") or "eksport"
    result["Content-Disposition"] = content_disposition(f"{safe}.{fmt}")  # keeps æøå
    result["X-Content-Type-Options"] = "nosniff"
    return result
