"""One Danish way of writing dates, months, numbers and amounts (klynge/lib/danish.py), and a walk
over the templates and the code that fails when an ad-hoc format comes back ("Sept 2026" beside
"april 2026", "79583" beside "79.583", ISO dates in a report)."""

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Template

from .. import danish
from .amounts import nb

ROOT = Path(settings.BASE_DIR) / "klynge"
UTC = ZoneInfo("UTC")

# The named formats of klynge/formats/<lang>/formats.py, plus the long one with the weekday that
# invitations and notices use ("tirsdag 16. marts 2027 kl. 17:00") and its parts.
ALLOWED_DATE_FORMATS = {
    "SHORT_DATE_FORMAT", "DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT", r"l j. F Y \\k\\l. H:i", r"l j. F Y \k\l. H:i", "l j. F Y", "l", "D d.m",
}  # fmt: skip
# Where a raw strftime is right: machine-readable files, parsing imports, admin-only __str__.
RAW_OK = {"lib/tables.py", "members/importer.py", "clusters/history.py", "lib/danish.py"}


def test_the_helper_writes_danish():
    assert danish.month(date(2026, 9, 1)) == "september 2026"
    assert danish.month(date(2026, 4, 1)) == "april 2026"
    assert danish.number(79583) == "79.583"
    assert danish.number(Decimal("1234.5")) == "1.234,5"
    assert danish.day(date(2026, 9, 17)) == "17.09.2026"
    assert danish.day(datetime(2026, 9, 16, 23, 30, tzinfo=UTC)) == "17.09.2026"  # Copenhagen
    assert danish.moment(datetime(2026, 9, 17, 16, 0, tzinfo=UTC)) == "17.09.2026 18:00"
    assert danish.kr(Decimal("7960")) == nb("7.960,00 kr.")


def test_the_filters_use_it():
    out = Template("{% load klynge %}{{ d|maaned }} · {{ n|tal }} · {{ a|kr }}").render(
        Context({"d": date(2026, 9, 1), "n": 79583, "a": Decimal("7960")})
    )
    assert out == nb("september 2026 · 79.583 · 7.960,00 kr.")


def templates():
    for path in ROOT.rglob("templates/**/*"):
        if path.suffix in (".html", ".txt"):
            yield path, path.read_text()


def test_templates_use_named_date_formats_only():
    found = []
    for path, text in templates():
        for fmt in re.findall(r'\|date:"([^"]*)"', text):
            if fmt not in ALLOWED_DATE_FORMATS:
                found.append(f"{path.relative_to(ROOT)}: {fmt}")
    assert found == [], "use a named format, |dato or |maaned (klynge/lib/danish.py)"


def test_code_formats_dates_for_people_through_the_helper():
    raw = re.compile(r'strftime\("%d|:%d\.%m\.%Y\}|strftime\("%m')
    found = []
    for path in ROOT.rglob("*.py"):
        name = str(path.relative_to(ROOT))
        if "/tests/" in name or "/migrations/" in name or name in RAW_OK:
            continue
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines, start=1):
            in_str = any("def __str__" in above for above in lines[max(number - 3, 0) : number])
            if raw.search(line) and not in_str:
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == [], "use klynge.lib.danish.day/moment/month"


def test_the_walks_can_fail(tmp_path):
    assert re.findall(r'\|date:"([^"]*)"', '{{ d|date:"M Y" }}') == ["M Y"]
    assert "M Y" not in ALLOWED_DATE_FORMATS
