"""The actions a coordinator waits for, timed on the benchmark's data.

What each action needs is made first with the ORM (untimed); then the request a browser would send
is timed, in this process through Django's test client (the whole middleware and view, no network).
The PDFs are fetched from the running server instead (`pdf_timings`), the first one right after
it started. Each action is repeated and its median kept. The actions run in one transaction that
is rolled back, so the data stays as generated (commits are not timed).
"""

import hashlib
import http.client
import io
import statistics
import time
from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from klynge.clusters.models import Cluster, Person, Post
from klynge.hub.bench.pages import free_port
from klynge.lib.files import PDF, server_name
from klynge.meetings.models import Invitation, Meeting
from klynge.money.models import Claim, ExpenseLine

REPEAT = 3


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["klynge_mfa_ok"] = True
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    return client


def timed(name: str, setup, act, repeat: int = REPEAT) -> dict:
    samples = []
    for index in range(repeat):
        prepared = setup(index)
        start = time.perf_counter()
        response = act(prepared)
        samples.append((time.perf_counter() - start) * 1000)
        if response is not None and response.status_code >= 400:
            raise RuntimeError(f"{name}: {response.status_code}")
    return {"name": name, "p50_ms": round(statistics.median(samples), 1)}


def new_meeting(cluster, days: int, status=Meeting.Status.PLANNING, title="Benchmarkmøde"):
    start = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(
        cluster=cluster, title=title, start=start, end=start + timedelta(hours=2), status=status
    )


def invite_40(named) -> dict:
    client = client_for(named.coordinator)
    people = list(Person.objects.members_of(named.cluster).values_list("pk", flat=True)[:40])

    def setup(index):
        return new_meeting(named.cluster, 60 + index)

    def act(meeting):
        url = reverse("meetings:invite", args=[named.cluster.slug, meeting.pk])
        return client.post(url, {"people": people})

    return timed("indkald 40", setup, act)


def attendance_one(named) -> dict:
    client = client_for(named.coordinator)
    url_args = [named.cluster.slug, named.held.pk]
    values = ["excused", "present"]

    def setup(index):
        return named.held.invitations.order_by("pk").first(), values[index % 2]

    def act(prepared):
        invitation, value = prepared
        url = reverse("meetings:attendance_row", args=[*url_args, invitation.pk])
        data = {"attendance": value, "version": invitation.attendance_version}
        return client.post(url, data, headers={"HX-Request": "true"})

    return timed("fremmøde for én", setup, act)


def agenda_item(named) -> dict:
    client = client_for(named.coordinator)
    item = named.upcoming.agenda.order_by("position").last()
    url = reverse("meetings:agenda_item", args=[named.cluster.slug, named.upcoming.pk, item.pk])

    def act(index):
        data = {"title": f"Eventuelt {index}", "minutes_allotted": 10, "description": "Punkt"}
        return client.post(url, data)

    return timed("gem dagsordenspunkt", lambda index: index, act)


def receipt() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def draft_claim(cluster, held, user) -> Claim:
    """A held meeting like the cluster's last, with its invitations, and a claim of 3 receipts."""
    meeting = new_meeting(cluster, -3, Meeting.Status.HELD, "Afholdt benchmarkmøde")
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            person_id=i.person_id,
            clinic_id=i.clinic_id,
            role=i.role,
            answer=i.answer,
            attendance=i.attendance,
        )
        for i in held.invitations.all()
    )
    claim = Claim.objects.create(cluster=cluster, meeting=meeting, created_by=user)
    pdf = receipt()
    for kind, amount in (("room", 1500), ("catering", 3000), ("speaker", 2500)):
        line = ExpenseLine(
            claim=claim,
            kind=kind,
            supplier="Leverandør",
            amount=amount,
            date=timezone.localdate(),
            receipt_name="bilag.pdf",
            receipt_kind="pdf",
        )
        line.receipt.save(server_name("receipts", PDF), ContentFile(pdf), save=False)
        line.save()
    return claim


def specialist_cluster():
    cluster = Cluster.objects.get(slug="bench-ekvis-0001")
    coordinator = Post.objects.get(cluster=cluster, kind=Post.Kind.COORDINATOR).person.user
    held = cluster.meetings.filter(status__in=Meeting.HELD_STATUSES).order_by("start").last()
    return cluster, coordinator, held


def submit_claim(named) -> dict:
    cluster, coordinator, held = specialist_cluster()
    client = client_for(coordinator)

    def act(claim):
        return client.post(reverse("money:submit", args=[cluster.slug, claim.pk]))

    return timed("indsend krav med 3 bilag", lambda i: draft_claim(cluster, held, coordinator), act)


def import_1000(named) -> dict:
    """Upload (preview) and confirm 1,000 rows: 250 new clinics of 4 people each."""
    from klynge.members import importer

    client = client_for(named.coordinator)
    slug = named.cluster.slug
    header = list(importer.KEYS)

    def setup(index):
        rows = [";".join(header)]
        for n in range(1000):
            values = {
                "ydernummer": f"{900000 + index * 1000 + n // 4:06d}",
                "klinik": f"Importklinik {index}-{n // 4}",
                "navn": f"Importeret Person {index}-{n}",
                "email": f"import.{index}.{n}@bench.example.dk",
                "rolle": "Ejerlæge",
            }
            rows.append(";".join(values.get(key, "") for key in header))
        return ("\n".join(rows)).encode()

    def act(content):
        upload = ContentFile(content, name="import.csv")
        client.post(reverse("members:import", args=[slug]), {"file": upload})
        digest = hashlib.sha256(content).hexdigest()
        done = client.post(reverse("members:import_confirm", args=[slug]), {"digest": digest})
        if done.status_code != 302 or "import" in done["Location"]:
            raise RuntimeError("the import was not confirmed")
        return done

    return timed("import af 1.000 rækker", setup, act, repeat=1)


def worker_200(named) -> dict:
    """The outbox worker sends 200 mails to an SMTP server on 127.0.0.1; reported as mails/s."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink
    from post_office import mail

    for n in range(200):
        mail.send(
            recipients=[f"modtager{n}@bench.example.dk"],
            sender="Klynge <noreply@klynge.example.dk>",
            subject="Benchmark",
            message="Hej",
            html_message="<p>Hej</p>",
            priority="medium",
        )
    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    delivery = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
    }
    from django.conf import settings

    from klynge.mail.worker import send_outbox

    try:
        with override_settings(MAILERS={**settings.MAILERS, "delivery": delivery}):
            start = time.perf_counter()
            tally = send_outbox()
            seconds = time.perf_counter() - start
    finally:
        controller.stop()
    sent = tally.sent
    return {
        "name": "worker sender mails",
        "sent": sent,
        "p50_ms": round(seconds * 1000, 1),
        "per_second": round(sent / seconds, 1) if seconds else 0,
    }


ACTIONS = [invite_40, attendance_one, agenda_item, submit_claim, import_1000, worker_200]


def run(named, stdout=None) -> list[dict]:
    """Every action, in one transaction that is rolled back: the data stays as generated."""
    with transaction.atomic():
        results = run_each(named, stdout)
        transaction.set_rollback(True)
    return results


def run_each(named, stdout) -> list[dict]:
    results = []
    for action in ACTIONS:
        try:
            results.append(action(named))
        except Exception as error:  # one broken action must not hide the others' figures
            results.append({"name": action.__name__, "p50_ms": None, "error": repr(error)[:200]})
        if stdout:
            stdout.write(f"  {results[-1]}")
    return results


def fetch_ms(port: int, path: str, cookie: str) -> float:
    from klynge.hub.bench.pages import get

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    status, _body = get(conn, path, cookie)
    conn.close()
    if status != 200:
        raise RuntimeError(f"{path}: {status}")
    return (time.perf_counter() - start) * 1000


def pdf_timings(port: int, named) -> list[dict]:
    """The attendance-list PDF first after the server started, then warm; the claim pack warm.
    Called right after the server started (each of its workers makes its first PDF here)."""
    from klynge.hub.bench.pages import session_cookie

    coordinator = session_cookie(named.coordinator)
    path = reverse("meetings:attendance_list_pdf", args=[named.cluster.slug, named.held.pk])
    first = fetch_ms(port, path, coordinator)
    warm = [fetch_ms(port, path, coordinator) for _ in range(2 + REPEAT)][2:]
    cluster, user, held = specialist_cluster()
    claim = draft_claim(cluster, held, user)
    try:
        pack = reverse("money:pack", args=[cluster.slug, claim.pk])
        cookie = session_cookie(user)
        packs = [fetch_ms(port, pack, cookie) for _ in range(2 + REPEAT)][2:]
    finally:
        meeting = claim.meeting
        claim.delete()
        meeting.delete()
    return [
        {"name": "deltagerliste PDF, første efter start", "p50_ms": round(first, 1)},
        {"name": "deltagerliste PDF, varm", "p50_ms": round(statistics.median(warm), 1)},
        {"name": "refusionspakke PDF, varm", "p50_ms": round(statistics.median(packs), 1)},
    ]
