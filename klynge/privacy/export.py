"""A person's own data (GDPR art. 15) as a ZIP: a readable PDF and machine-readable JSON.

The access-log rows say when, which purpose and which role looked the person up, not which
employee (Datatilsynet's 2024 decision allows that).
"""

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from klynge.clusters.access import Role, roles_in
from klynge.clusters.models import AccessLog, ClinicAffiliation, ClusterMembership, Post
from klynge.lib import danish
from klynge.lib.money import kr
from klynge.lib.pdf import render_pdf
from klynge.meetings.models import Invitation, PollAnswer
from klynge.members.models import DataConsent
from klynge.messaging.models import Recipient as MessageRecipient
from klynge.money.models import Claim, ExpenseLine, HonorariumPayment
from klynge.surveys.models import Recipient
from klynge.year.models import Election


@dataclass
class Section:
    key: str
    title: str
    columns: list[tuple[str, str]]  # (key, Danish heading)
    rows: list[dict] = field(default_factory=list)

    def shown(self):
        """Rows as Danish text, column by column, for the PDF."""
        return [[show(row[key]) for key, _heading in self.columns] for row in self.rows]


def show(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime):
        return danish.moment(value)
    if isinstance(value, date):
        return danish.day(value)
    if isinstance(value, Decimal):
        return kr(value)
    return str(value)


def person_section(person) -> Section:
    user = person.user
    return Section(
        "person",
        _("Dine oplysninger"),
        [
            ("name", _("Navn")),
            ("email", _("E-mail")),
            ("phone", _("Telefon")),
            ("share_contact", _("Andre medlemmer må se e-mail og telefon")),
            ("login", _("Login")),
            ("last_login", _("Sidste login")),
        ],
        [
            {
                "name": person.name,
                "email": person.email,
                "phone": person.phone,
                "share_contact": person.share_contact,
                "login": user.email if user else None,
                "last_login": user.last_login if user else None,
            }
        ],
    )


def affiliation_sections(person) -> list[Section]:
    affiliations = ClinicAffiliation.objects.filter(person=person).select_related("clinic")
    clinics = [a.clinic_id for a in affiliations]
    memberships = ClusterMembership.objects.filter(clinic__in=clinics).select_related(
        "clinic", "cluster"
    )
    posts = Post.objects.filter(person=person).select_related("cluster")
    return [
        Section(
            "affiliations",
            _("Klinikker"),
            [
                ("clinic", _("Klinik")),
                ("ydernummer", _("Ydernummer")),
                ("role", _("Rolle")),
                ("start", _("Fra")),
                ("end", _("Stoppede pr.")),
            ],
            [
                {
                    "clinic": a.clinic.name,
                    "ydernummer": a.clinic.ydernummer,
                    "role": a.get_role_display(),
                    "start": a.start,
                    "end": a.end,
                }
                for a in affiliations
            ],
        ),
        Section(
            "memberships",
            _("Klinikkernes medlemskaber af klynger"),
            [
                ("clinic", _("Klinik")),
                ("cluster", _("Klynge")),
                ("joined", _("Indmeldt")),
                ("left", _("Udmeldt pr.")),
            ],
            [
                {
                    "clinic": m.clinic.name,
                    "cluster": m.cluster.name,
                    "joined": m.joined,
                    "left": m.left,
                }
                for m in memberships
            ],
        ),
        Section(
            "posts",
            _("Poster"),
            [("cluster", _("Klynge")), ("post", _("Post")), ("start", _("Fra")), ("end", _("Til"))],
            [
                {
                    "cluster": p.cluster.name,
                    "post": p.get_kind_display(),
                    "start": p.start,
                    "end": p.end,
                }
                for p in posts
            ],
        ),
    ]


def meeting_sections(person) -> list[Section]:
    invitations = Invitation.objects.filter(person=person).select_related("meeting__cluster")
    answers = PollAnswer.objects.filter(person=person).select_related("option__poll__meeting")
    elections = Election.objects.filter(person=person).select_related("assembly__meeting")
    return [
        Section(
            "invitations",
            _("Invitationer og fremmøde"),
            [
                ("cluster", _("Klynge")),
                ("meeting", _("Møde")),
                ("start", _("Tidspunkt")),
                ("answer", _("Svar")),
                ("reason", _("Begrundelse")),
                ("attendance", _("Fremmøde")),
            ],
            [
                {
                    "cluster": i.meeting.cluster.name,
                    "meeting": i.meeting.title,
                    "start": i.meeting.start,
                    "answer": i.get_answer_display(),
                    "reason": i.answer_reason,
                    "attendance": i.get_attendance_display(),
                }
                for i in invitations
            ],
        ),
        Section(
            "poll_answers",
            _("Svar i datoafstemninger"),
            [
                ("meeting", _("Møde")),
                ("option", pgettext("datoforslag", "Forslag")),
                ("answer", _("Svar")),
            ],
            [
                {
                    "meeting": a.option.poll.meeting.title,
                    "option": a.option.start,
                    "answer": a.get_value_display(),
                }
                for a in answers
            ],
        ),
        Section(
            "elections",
            _("Valg på generalforsamlinger"),
            [
                ("assembly", _("Generalforsamling")),
                ("post", _("Post")),
                ("outcome", pgettext("ét valg", "Valg")),
                ("start", _("Gælder fra")),
            ],
            [
                {
                    "assembly": e.assembly.meeting.start,
                    "post": e.get_kind_display(),
                    "outcome": e.get_outcome_display(),
                    "start": e.start,
                }
                for e in elections
            ],
        ),
    ]


def money_sections(person) -> list[Section]:
    payments = HonorariumPayment.objects.filter(person=person).select_related("cluster")
    claims = Claim.objects.none()
    if person.user_id:
        claims = Claim.objects.filter(
            Q(created_by=person.user_id) | Q(submitted_by=person.user_id)
        ).select_related("cluster", "meeting")
    lines = ExpenseLine.objects.filter(claim__in=claims).select_related("claim__meeting")
    return [
        Section(
            "honoraria",
            _("Honorarer"),
            [
                ("cluster", _("Klynge")),
                ("post", _("Post")),
                ("period", _("Periode fra")),
                ("months", _("Måneder")),
                ("amount", _("Beløb")),
                ("paid", _("Udbetalt")),
            ],
            [
                {
                    "cluster": p.cluster.name,
                    "post": p.kind,
                    "period": p.period_start,
                    "months": p.months,
                    "amount": p.amount,
                    "paid": p.paid_at,
                }
                for p in payments
            ],
        ),
        Section(
            "claims",
            _("Refusioner, du har søgt"),
            [
                ("cluster", _("Klynge")),
                ("meeting", _("Møde")),
                ("status", _("Status")),
                ("submitted", _("Indsendt")),
                ("approved", _("Godkendt beløb")),
            ],
            [
                {
                    "cluster": c.cluster.name,
                    "meeting": c.meeting.title,
                    "status": c.get_status_display(),
                    "submitted": c.submitted_at,
                    "approved": c.approved_amount,
                }
                for c in claims
            ],
        ),
        Section(
            "claim_lines",
            _("Udgifter i dine refusioner"),
            [
                ("meeting", _("Møde")),
                ("kind", _("Udgiftstype")),
                ("supplier", _("Leverandør")),
                ("date", _("Bilagsdato")),
                ("amount", _("Beløb")),
            ],
            [
                {
                    "meeting": line.claim.meeting.title,
                    "kind": line.get_kind_display(),
                    "supplier": line.supplier,
                    "date": line.date,
                    "amount": line.amount,
                }
                for line in lines
            ],
        ),
    ]


def consent_section(person) -> Section:
    consents = DataConsent.objects.filter(person=person).select_related("cluster")
    return Section(
        "consents",
        _("Samtykker til dataudtræk"),
        [("cluster", _("Klynge")), ("given", _("Givet")), ("withdrawn", _("Trukket tilbage"))],
        [
            {"cluster": c.cluster.name, "given": c.given_on, "withdrawn": c.withdrawn_on}
            for c in consents
        ],
    )


def coordinator_consent_section(person) -> Section:
    """The two consents of a coordinator: the public list, and passed on on request."""
    posts = Post.objects.filter(person=person, kind=Post.Kind.COORDINATOR).select_related("cluster")
    return Section(
        "coordinator_consents",
        _("Samtykker som koordinator"),
        [
            ("cluster", _("Klynge")),
            ("directory", _("Vises i den offentlige oversigt")),
            ("directory_at", _("Ændret")),
            ("pass_on", _("Må gives videre af sekretariatet på forespørgsel")),
            ("pass_on_at", _("Ændret")),
        ],
        [
            {
                "cluster": p.cluster.name,
                "directory": p.directory_consent,
                "directory_at": p.directory_consent_at,
                "pass_on": p.pass_on_consent,
                "pass_on_at": p.pass_on_consent_at,
            }
            for p in posts
        ],
    )


def message_section(person) -> Section:
    """Messages the coordinator or board wrote to the person."""
    rows = MessageRecipient.objects.filter(person=person).select_related("message__cluster")
    return Section(
        "messages",
        _("Beskeder til dig fra klyngen"),
        [
            ("cluster", _("Klynge")),
            ("sent", _("Sendt")),
            ("sender", _("Fra")),
            ("subject", _("Emne")),
        ],
        [
            {
                "cluster": r.message.cluster.name,
                "sent": r.message.created,
                "sender": r.message.sender_name,
                "subject": r.message.subject,
            }
            for r in rows
        ],
    )


def history_section(person) -> Section:
    """Changes to the person's own record: when, what kind, which fields."""
    records = list(person.history.order_by("history_date"))
    rows, previous = [], None
    for record in records:
        changed = (
            [change.field for change in record.diff_against(previous).changes] if previous else []
        )
        rows.append(
            {
                "at": record.history_date,
                "kind": KIND.get(record.history_type, record.history_type),
                "fields": ", ".join(str(person._meta.get_field(f).verbose_name) for f in changed),
                "by": _("dig selv")
                if record.history_user_id and record.history_user_id == person.user_id
                else (_("system") if record.history_actor.startswith("system") else _("en bruger")),
            }
        )
        previous = record
    return Section(
        "history",
        _("Ændringer af dine oplysninger"),
        [
            ("at", _("Tidspunkt")),
            ("kind", _("Ændring")),
            ("fields", _("Felter")),
            ("by", _("Ændret af")),
        ],
        rows,
    )


KIND = {"+": gettext_lazy("Oprettet"), "~": gettext_lazy("Ændret"), "-": gettext_lazy("Slettet")}


def role_of(entry, person, cache) -> str:
    """Which role looked the person up: never which employee."""
    actor = entry.actor
    if actor is None:
        return _("System") if entry.actor_label != "anonym" else _("Via et personligt link")
    if actor.pk == person.user_id:
        return _("Dig selv")
    if actor.is_superuser:
        return _("Administrator")
    if actor.secretariat_of_id:
        return _("Sekretariatet")
    if actor.regional_unit_of_id:
        return _("Regional kvalitetsenhed")
    key = (actor.pk, entry.cluster_id, entry.at.date())
    if key not in cache:
        roles = (
            roles_in(actor, entry.cluster, timezone.localdate(entry.at)) if entry.cluster else ()
        )
        ranked = [r for r in (Role.COORDINATOR, Role.BOARD, Role.MEMBER) if r in roles]
        cache[key] = str(Role.LABELS[ranked[0]]) if ranked else _("Bruger")
    return cache[key]


def access_section(person) -> Section:
    entries = AccessLog.objects.filter(subject=person).select_related("actor", "cluster")
    cache: dict = {}
    return Section(
        "access_log",
        _("Opslag i dine oplysninger"),
        [
            ("at", _("Tidspunkt")),
            ("action", _("Handling")),
            ("purpose", _("Formål")),
            ("cluster", _("Klynge")),
            ("role", _("Rolle")),
        ],
        [
            {
                "at": e.at,
                "action": e.get_action_display(),
                "purpose": e.purpose,
                "cluster": e.cluster.name if e.cluster else None,
                "role": role_of(e, person, cache),
            }
            for e in entries.order_by("at")
        ],
    )


def survey_section(person) -> Section:
    """Questionnaires sent to the person; their answers only when given with their name."""
    recipients = (
        Recipient.objects.filter(person=person)
        .select_related("survey__cluster", "response")
        .prefetch_related("survey__questions")
    )
    rows = []
    for r in recipients:
        response = getattr(r, "response", None)
        if response is not None:
            texts = {str(q.pk): q.text for q in r.survey.questions.all()}
            answers = "; ".join(
                f"{texts.get(key, key)}: {', '.join(v) if isinstance(v, list) else v}"
                for key, v in response.answers.items()
            )
        elif r.answered_on and r.survey.anonymous:
            answers = _("Anonymt svar: gemt uden dit navn")
        else:
            answers = ""
        rows.append(
            {
                "cluster": r.survey.cluster.name,
                "survey": r.survey.title,
                "answered": r.answered_on,
                "answers": answers,
            }
        )
    columns = [
        ("cluster", _("Klynge")),
        ("survey", _("Spørgeskema")),
        ("answered", _("Svaret")),
        ("answers", _("Svar")),
    ]
    return Section("surveys", _("Spørgeskemaer"), columns, rows)


def sections(person) -> list[Section]:
    return [
        person_section(person),
        *affiliation_sections(person),
        *meeting_sections(person),
        survey_section(person),
        *money_sections(person),
        consent_section(person),
        coordinator_consent_section(person),
        message_section(person),
        history_section(person),
        access_section(person),
    ]


class Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        if isinstance(o, date):
            return o.isoformat()
        if isinstance(o, Decimal):
            return str(o)
        return str(o)


def cluster_names(parts) -> str:
    """The clusters the person's clinics belong to or they hold a post in: the PDF's footer."""
    keys = ("memberships", "posts")
    names = {row["cluster"] for part in parts if part.key in keys for row in part.rows}
    return ", ".join(sorted(names))


def access_zip(person) -> bytes:
    parts = sections(person)
    now = timezone.now()
    data = {
        "person": person.pk,
        "made": now,
        **{section.key: section.rows for section in parts},
    }
    pdf = render_pdf(
        "privacy/pdf/access.html",
        {"person": person, "sections": parts, "now": now, "clusters": cluster_names(parts)},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("indsigt.pdf", pdf)
        archive.writestr(
            "indsigt.json", json.dumps(data, cls=Encoder, ensure_ascii=False, indent=2)
        )
    return buffer.getvalue()
