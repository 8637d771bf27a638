"""The shapes the API returns (they make the OpenAPI schema). Amounts are exact decimals, sent as
strings with two decimals ("1234.50"), never as floating-point numbers."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field, PlainSerializer, WithJsonSchema

Money = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{value:.2f}", return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^-?\d+\.\d{2}$",
            "description": "Beløb i kroner, præcist, med to decimaler.",
            "example": "1234.50",
        }
    ),
]


class Person(Schema):
    name: str
    email: str


class Coordinator(Person):
    term_end: date | None = Field(description="Valgt til (sidste dag i posten)")


class Cluster(Schema):
    slug: str
    name: str
    scheme: str = Field(description="Ordningens kode: kiap eller ekvis")
    region: str
    municipality: str
    coordinator: Coordinator | None
    clinics: int = Field(description="Medlemsklinikker i dag")
    people: int = Field(description="Personer i medlemsklinikkerne i dag")
    meetings_held: int = Field(description="Afholdte klyngemøder i år")
    meetings_rule: int = Field(description="Møder om året efter klyngens regler")
    next_meeting: datetime | None
    claims_waiting: int
    claims_approved: int = Field(description="Godkendte refusioner for møder i år")
    approved_amount: Money | None
    report_status: str = Field(description="Statusrapport for sidste år: '', draft, submitted")
    needs_action: list[str] = Field(description="Hvad der kræver handling (som i oversigten)")


class Meeting(Schema):
    id: int
    cluster: str
    kind: str
    title: str
    start: datetime | None
    end: datetime | None
    status: str
    invited: int
    answered_yes: int
    answered_no: int
    present: int
    absent: int = Field(description="Udeblevet uden afbud")
    excused: int = Field(description="Fraværende med afbud")


class Claim(Schema):
    id: int
    cluster: str
    meeting_id: int
    meeting_title: str
    meeting_start: datetime | None
    status: str
    computed_refund: Money
    approved_amount: Money | None
    submitted_at: datetime | None
    decided_at: datetime | None
    paid_at: datetime | None


class Honorarium(Schema):
    id: int
    cluster: str
    person: Person
    kind: str
    period_start: date
    months: int
    amount: Money
    paid_at: datetime


class Report(Schema):
    id: int
    cluster: str
    year: int
    status: str
    submitted_at: datetime | None
    reopen_count: int


class Problem(Schema):
    detail: str


class ClusterPage(Schema):
    count: int
    items: list[Cluster]


class MeetingPage(Schema):
    count: int
    items: list[Meeting]


class ClaimPage(Schema):
    count: int
    items: list[Claim]


class HonorariumPage(Schema):
    count: int
    items: list[Honorarium]


class ReportPage(Schema):
    count: int
    items: list[Report]
