"""The read-only API, version 1 (django-ninja): each endpoint reads the caller's scope with a
constant number of queries and writes what it returned of personal data to the access log."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Query
from ninja import Schema as Params
from ninja.errors import AuthenticationError, Throttled
from pydantic import Field

from klynge.api import schemas
from klynge.api.auth import BearerToken, Throttle, scope
from klynge.clusters.accesslog import log_access
from klynge.clusters.models import Scheme
from klynge.desk.lookups import overview
from klynge.meetings.models import Invitation, Meeting
from klynge.money.models import Claim, HonorariumPayment
from klynge.year.models import StatusReport

DESCRIPTION = """Læseadgang for ordningernes sekretariater (eKVIS; KiAP og PLO's klyngesekretariat)
til deres egne systemer. Send nøglen som `Authorization: Bearer <nøgle>`; en nøgle udstedes med
`manage.py api_token EMAIL` og kan tilbagekaldes. Et sekretariat ser sin ordnings klynger, en
administrator alle. Uden gyldig nøgle: 401; en nøgle for en anden rolle: 403; for mange kald: 429.
Beløb er præcise decimaltal som tekst med to decimaler. Tider er i UTC (ISO 8601)."""

PROBLEMS = {401: schemas.Problem, 403: schemas.Problem, 429: schemas.Problem}

api = NinjaAPI(
    title="Klynge API",
    version="1",
    description=DESCRIPTION,
    auth=BearerToken(),
    throttle=[Throttle("120/m")],
    urls_namespace="api",
    openapi_url=None,
    docs_url=None,
)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    response = api.create_response(
        request,
        {"detail": _("Send en gyldig API-nøgle: Authorization: Bearer <nøgle>.")},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="Klynge"'
    return response


@api.exception_handler(Throttled)
def throttled(request, exc):
    return api.create_response(
        request, {"detail": _("For mange kald. Vent lidt, og prøv igen.")}, status=429
    )


class Page(Params):
    limit: int = Field(100, ge=1, le=500, description="Højst så mange rækker")
    offset: int = Field(0, ge=0, description="Spring så mange rækker over")


class Filters(Page):
    year: int | None = Field(None, ge=2000, le=2100, description="Kun dette år")
    cluster: str | None = Field(None, description="Kun klyngen med dette korte navn (slug)")


def _page(queryset, filters):
    """(count, the rows of the page): two queries."""
    count = queryset.count()
    return count, list(queryset[filters.offset : filters.offset + filters.limit])


def _scoped(queryset, request, filters, year_lookup):
    """The rows of the caller's clusters, filtered by `cluster` and `year` (`year_lookup`)."""
    queryset = queryset.filter(cluster__in=scope(request.auth))
    if filters.cluster:
        queryset = queryset.filter(cluster__slug=filters.cluster)
    if filters.year:
        queryset = queryset.filter(**{year_lookup: filters.year})
    return queryset


@api.get(
    "/clusters/",
    response={200: schemas.ClusterPage, **PROBLEMS},
    url_name="clusters",
    summary="Klynger",
)
def clusters(request):
    """Hver klynge i ordningen med tallene fra sekretariatets oversigt (koordinatoren er
    personoplysninger og skrives i adgangsloggen)."""
    user = request.auth
    schemes = Scheme.objects.all() if user.is_superuser else [user.secretariat_of]
    today = timezone.localdate()
    rows = []
    for scheme in schemes:
        rows += overview(scheme, scope(user).filter(scheme=scheme), today)
    items = [_cluster(row) for row in rows]
    coordinators = [row.coordinator.person for row in rows if row.coordinator]
    if coordinators:
        log_access(request, "export", _("API: klynger med koordinator"), persons=coordinators)
    return {"count": len(items), "items": items}


def _cluster(row):
    cluster, post = row.cluster, row.coordinator
    coordinator = None
    if post is not None:
        coordinator = {
            "name": post.person.name,
            "email": post.person.email,
            "term_end": post.term_end,
        }
    return {
        "slug": cluster.slug,
        "name": cluster.name,
        "scheme": cluster.scheme.code,
        "region": cluster.region.code,
        "municipality": cluster.municipality,
        "coordinator": coordinator,
        "clinics": row.clinics,
        "people": row.people,
        "meetings_held": row.meetings_held,
        "meetings_rule": row.meetings_rule,
        "next_meeting": row.next_meeting,
        "claims_waiting": row.claims_waiting,
        "claims_approved": row.claims_approved,
        "approved_amount": row.approved_amount,
        "report_status": row.report_status,
        "needs_action": row.flags,
    }


def _counted(answer=None, attendance=None):
    if answer:
        return Count("invitations", filter=Q(invitations__answer=answer))
    if attendance:
        return Count("invitations", filter=Q(invitations__attendance=attendance))
    return Count("invitations")


@api.get(
    "/meetings/",
    response={200: schemas.MeetingPage, **PROBLEMS},
    url_name="meetings",
    summary="Møder med fremmøde",
)
def meetings(request, filters: Query[Filters]):
    """Klyngernes møder (ældste først) med antal inviterede, svar og fremmøde."""
    queryset = (
        _scoped(Meeting.objects.all(), request, filters, "start__year")
        .select_related("cluster")
        .annotate(
            invited=_counted(),
            answered_yes=_counted(answer=Invitation.Answer.YES),
            answered_no=_counted(answer=Invitation.Answer.NO),
            present=_counted(attendance=Invitation.Attendance.PRESENT),
            absent=_counted(attendance=Invitation.Attendance.ABSENT),
            excused=_counted(attendance=Invitation.Attendance.EXCUSED),
        )
        .order_by("start", "pk")
    )
    count, page = _page(queryset, filters)
    fields = ("invited", "answered_yes", "answered_no", "present", "absent", "excused")
    items = [
        {
            "id": m.pk,
            "cluster": m.cluster.slug,
            "kind": m.kind,
            "title": m.title,
            "start": m.start,
            "end": m.end,
            "status": m.status,
            **{name: getattr(m, name) for name in fields},
        }
        for m in page
    ]
    return {"count": count, "items": items}


@api.get(
    "/claims/",
    response={200: schemas.ClaimPage, **PROBLEMS},
    url_name="claims",
    summary="Refusionskrav",
)
def claims(request, filters: Query[Filters], status: Claim.Status | None = None):
    """Indsendte refusionskrav (kladder ses ikke) med status og beløb; `year` er mødets år."""
    queryset = (
        _scoped(
            Claim.objects.exclude(status=Claim.Status.DRAFT),
            request,
            filters,
            "meeting__start__year",
        )
        .select_related("cluster", "meeting")
        .order_by("submitted_at", "pk")
    )
    if status:
        queryset = queryset.filter(status=status)
    count, page = _page(queryset, filters)
    items = [
        {
            "id": c.pk,
            "cluster": c.cluster.slug,
            "meeting_id": c.meeting_id,
            "meeting_title": c.meeting.title,
            "meeting_start": c.meeting.start,
            "status": c.status,
            "computed_refund": c.computed_refund,
            "approved_amount": c.approved_amount,
            "submitted_at": c.submitted_at,
            "decided_at": c.decided_at,
            "paid_at": c.paid_at,
        }
        for c in page
    ]
    return {"count": count, "items": items}


@api.get(
    "/honoraria/",
    response={200: schemas.HonorariumPage, **PROBLEMS},
    url_name="honoraria",
    summary="Honorarudbetalinger",
)
def honoraria(request, filters: Query[Filters]):
    """Udbetalte honorarer (personoplysninger: hver modtager skrives i adgangsloggen);
    `year` er periodens startår."""
    queryset = (
        _scoped(HonorariumPayment.objects.all(), request, filters, "period_start__year")
        .select_related("cluster", "person")
        .order_by("period_start", "cluster__name", "person__name", "pk")
    )
    count, page = _page(queryset, filters)
    if page:
        persons = list({p.person_id: p.person for p in page}.values())
        log_access(request, "export", _("API: honorarudbetalinger"), persons=persons)
    items = [
        {
            "id": p.pk,
            "cluster": p.cluster.slug,
            "person": {"name": p.person.name, "email": p.person.email},
            "kind": p.kind,
            "period_start": p.period_start,
            "months": p.months,
            "amount": p.amount,
            "paid_at": p.paid_at,
        }
        for p in page
    ]
    return {"count": count, "items": items}


@api.get(
    "/reports/",
    response={200: schemas.ReportPage, **PROBLEMS},
    url_name="reports",
    summary="Statusrapporter",
)
def reports(request, filters: Query[Filters]):
    """Statusrapporternes status pr. klynge og år (`year` er rapportens år)."""
    queryset = _scoped(StatusReport.objects.all(), request, filters, "year").select_related(
        "cluster"
    )
    count, page = _page(queryset.order_by("year", "cluster__name", "pk"), filters)
    items = [
        {
            "id": r.pk,
            "cluster": r.cluster.slug,
            "year": r.year,
            "status": r.status,
            "submitted_at": r.submitted_at,
            "reopen_count": r.reopen_count,
        }
        for r in page
    ]
    return {"count": count, "items": items}
