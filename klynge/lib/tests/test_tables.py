"""The one table exporter: no cell runs as a formula, typed values stay typed (CSV and XLSX)."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .. import tables

HOSTILE = [
    '=HYPERLINK("http://evil.example","klik")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "\uff1d1+1",
    "\uff0bcmd",
    "\uff0d1",
    "\uff20SUM(1)",
]


def table(rows):
    columns = [tables.Column("ydernummer", tables.CODE), "navn", "beløb", "dato", "tid", "antal"]
    return tables.Table(columns, rows, sheet="Medlemmer: [test]")


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_neutralise_every_formula_start_and_nothing_else():
    for text in HOSTILE:
        assert tables.neutralise(text) == "'" + text
    for text in ("Lægerne på Torvet", "", "057584", "a=b", "Ærø-lægerne"):
        assert tables.neutralise(text) == text


def test_csv_is_for_danish_excel():
    row = ["057584", "Søren Ø", Decimal("8250.50"), date(2026, 3, 10),
           datetime(2026, 3, 10, 17, 0, tzinfo=UTC), 7]  # fmt: skip
    first, second = read_csv(tables.csv_bytes(table([row])))
    assert first == ["ydernummer", "navn", "beløb", "dato", "tid", "antal"]
    # Codes keep their leading zero (a tab makes Excel read text); amounts Danish; dates ISO
    # (every Excel reads them as dates); times in Copenhagen.
    assert second == ["\t057584", "Søren Ø", "8.250,50", "2026-03-10", "2026-03-10 18:00", "7"]


def test_xlsx_types_formats_and_header():
    row = ["057584", "Søren", Decimal("-1234.5"), date(2026, 3, 10),
           datetime(2026, 3, 10, 17, 0, tzinfo=UTC), 7]  # fmt: skip
    sheet = read_xlsx(tables.xlsx_bytes(table([row])))
    assert sheet.title == "Medlemmer   test"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F2"
    assert all(cell.font.b for cell in sheet[1])
    code, name, amount, day, moment, count = sheet[2]
    assert code.value == "057584" and code.data_type == "s" and code.number_format == "@"
    assert amount.value == -1234.5 and amount.number_format == tables.MONEY_FORMAT
    assert day.value == datetime(2026, 3, 10) and day.is_date
    assert moment.value == datetime(2026, 3, 10, 18, 0) and moment.is_date
    assert count.value == 7 and count.data_type == "n"


def test_hostile_text_is_never_a_formula():
    rows = [[text, text, None, None, None, None] for text in HOSTILE]
    sheet = read_xlsx(tables.xlsx_bytes(table(rows)))
    for (code, name, *_), text in zip(sheet.iter_rows(min_row=2), HOSTILE, strict=True):
        assert code.data_type == name.data_type == "s"
        assert code.value == name.value == "'" + text.replace("\r", "\n")  # XML keeps no CR
    for (code, name, *_), text in zip(
        read_csv(tables.csv_bytes(table(rows)))[1:], HOSTILE, strict=True
    ):
        assert code == name == "'" + text


# Many texts to a workbook: writing and reading one costs far more than a row.
@settings(deadline=None, max_examples=20)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=12))
@example(["\x08@"])  # the control character goes, the "@" would lead
def test_any_text_round_trips_harmlessly(texts):
    rows = [[text] for text in texts]
    sheet = read_xlsx(tables.xlsx_bytes(tables.Table(["t"], rows)))
    for (cell,), text in zip(
        sheet.iter_rows(min_row=2, max_row=len(texts) + 1), texts, strict=True
    ):
        assert cell.data_type != "f"
        value = cell.value or ""
        assert not value or value[0] not in tables.DANGEROUS
        kept = ILLEGAL_CHARACTERS_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
        assert value in (kept, "'" + kept)
    lines = read_csv(tables.csv_bytes(tables.Table(["t"], rows)))[1:]
    assert len(lines) == len(texts)
    for line in lines:
        (cell,) = line or [""]
        assert not cell or cell[0] not in tables.DANGEROUS or cell.startswith("\t")


def test_notes_sheet_and_download():
    notes = [["Kolonne", "Krævet", "Beskrivelse"], [], ["", "", "=1+1"]]
    data = tables.xlsx_bytes(tables.Table(["a"], [], notes=notes))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Ark", "Vejledning"]
    assert book["Vejledning"]["A1"].value == "Kolonne"
    assert book["Vejledning"]["C3"].value == "'=1+1"
    response = tables.response(tables.Table(["a"], []), 'x"; evil', "xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="xevil.xlsx"'
    assert response["Content-Type"] == tables.XLSX_MIME
