"""Import and export of the member list, the January check of ydernumre, and data consents."""

import base64
import hashlib
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, STAFF_READ, can, cluster_view
from klynge.clusters.accesslog import log_access, people_of_users
from klynge.clusters.models import ClinicAffiliation, ClusterMembership, Person
from klynge.lib import tables
from klynge.lib.forms import DateInput
from klynge.lib.phrases import stored as phrase_stored
from klynge.members import forms, importer, phrases, services
from klynge.members.access import person_in
from klynge.members.lookups import list_crumbs
from klynge.members.models import DataConsent, JanuaryCheck

SESSION_KEY = "members-import"
ClinicStatus = ClusterMembership.Status

# --- Import


@cluster_view(MANAGE)
def import_members(request, cluster):
    """Upload → preview of every row → confirm (`import_confirm`). Nothing is written before
    the confirmation."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = file_error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            rows = importer.parse(upload.name, content)
        except importer.ImportFileError as exc:
            file_error = str(exc)
        else:
            result = importer.plan(cluster, rows)
            request.session[SESSION_KEY] = {
                "cluster": cluster.pk,
                "name": upload.name,
                "digest": hashlib.sha256(content).hexdigest(),
                "content": base64.b64encode(content).decode(),
            }
    return import_page(request, cluster, form, result, file_error)


@cluster_view(MANAGE)
@require_POST
def import_confirm(request, cluster):
    stored = request.session.get(SESSION_KEY)
    if (
        not stored
        or stored.get("digest") != request.POST.get("digest")
        or stored.get("cluster") != cluster.pk
    ):
        messages.error(request, _("Forhåndsvisningen er udløbet. Upload filen igen."))
        return redirect("members:import", cluster.slug)
    rows = importer.parse(stored["name"], base64.b64decode(stored["content"]))
    result = importer.apply(
        cluster, rows, by=request.user, reason=phrase_stored(phrases.IMPORTED, file=stored["name"])
    )
    if result.ok:
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _("Importen er gennemført: %(rows)d rækker, %(people)d nye tilknytninger.")
            % {"rows": len(result.rows), "people": result.count("affiliation")},
        )
        return redirect("members:list", cluster.slug)
    messages.error(request, _("Data er ændret siden forhåndsvisningen. Intet er importeret."))
    return import_page(request, cluster, forms.ImportForm(), result, None)


def import_page(request, cluster, form, result, file_error):
    stored = request.session.get(SESSION_KEY) or {}
    context = {
        "cluster": cluster,
        "form": form,
        "result": result,
        "file_error": file_error,
        "digest": stored.get("digest"),
        "filename": stored.get("name"),
        "columns": importer.COLUMNS,
        "breadcrumbs": list_crumbs(cluster, (_("Import"), None)),
    }
    return render(request, "members/import.html", context)


def template_notes():
    notes = [[_("Kolonne"), _("Krævet"), _("Beskrivelse")]]
    for column in importer.COLUMNS:
        notes.append([column.key, _("ja") if column.required else _("nej"), str(column.help)])
    notes.append([])
    notes.append(["", "", _("Én række pr. person pr. klinik. Eksempel:")])
    notes.append(["", "", " | ".join(importer.template_rows()[1])])
    return notes


@cluster_view(MANAGE)
def import_template_csv(request, cluster):
    header, _example = importer.template_rows()
    return tables.response(tables.Table(header, []), "klynge-import-skabelon", "csv")


@cluster_view(MANAGE)
def import_template_xlsx(request, cluster):
    header, _example = importer.template_rows()
    table = tables.Table(header, [], sheet=_("Medlemmer"), notes=template_notes())
    return tables.response(table, "klynge-import-skabelon", "xlsx")


# --- Export


EXPORT_HEADER = [
    "ydernummer",
    "klinik",
    "status",
    "indmeldt",
    "adresse",
    "postnr",
    "by",
    "navn",
    "rolle",
    "fra",
    "email",
    "telefon",
]
CODES = {"ydernummer", "postnr", "telefon"}


def export_rows(cluster, today):
    """One row per current person per open membership (a clinic without people gets one row)."""
    memberships = (
        cluster.memberships.open_on(today)
        .select_related("clinic")
        .prefetch_related(
            Prefetch(
                "clinic__affiliations",
                queryset=ClinicAffiliation.objects.on(today)
                .select_related("person")
                .order_by("role", "person__name"),
                to_attr="current_affiliations",
            )
        )
        .order_by("clinic__name")
    )
    rows, people = [], []
    for m in memberships:
        c = m.clinic
        base = [
            c.ydernummer,
            c.name,
            m.get_status_display(),
            m.joined,
            c.address,
            c.postcode,
            c.city,
        ]
        if not c.current_affiliations:
            rows.append(base + ["", "", "", "", ""])
        for a in c.current_affiliations:
            p = a.person
            people.append(p)
            rows.append(base + [p.name, a.get_role_display(), a.start, p.email, p.phone])
    return rows, people


def export(request, cluster, kind):
    rows, people = export_rows(cluster, timezone.localdate())
    log_access(
        request, "export", gettext_lazy("Eksport af medlemsliste"), persons=people, cluster=cluster
    )
    columns = [tables.Column(h, tables.CODE if h in CODES else tables.TEXT) for h in EXPORT_HEADER]
    name = f"medlemmer-{cluster.slug}-{timezone.localdate():%Y-%m-%d}"
    return tables.response(tables.Table(columns, rows, sheet=_("Medlemmer")), name, kind)


@cluster_view(STAFF_READ)
def export_csv(request, cluster):
    return export(request, cluster, "csv")


@cluster_view(STAFF_READ)
def export_xlsx(request, cluster):
    return export(request, cluster, "xlsx")


@cluster_view(STAFF_READ)
def export_ydernumre(request, cluster):
    """The cluster's registered ydernumre, one a line, for the registration at KiAP ("Min Klynge").
    No personal data: clinics only."""
    rows = [
        [row["ydernummer"], row["name"], dict(ClinicStatus.choices)[row["status"]]]
        for row in services.registered_ydernumre(cluster, timezone.localdate())
    ]
    name = f"ydernumre-{cluster.slug}-{timezone.localdate():%Y-%m-%d}"
    columns = [tables.Column("ydernummer", tables.CODE), "klinik", "status"]
    return tables.response(tables.Table(columns, rows, sheet=_("Ydernumre")), name, "csv")


# --- January check


def due_date(cluster, year) -> date:
    rulebook = cluster.rulebook_on(date(year, 1, 1))
    due = rulebook.ydernummer_check_due or rulebook.status_report_due
    return date(year, due.month, due.day)


@cluster_view(STAFF_READ)
def january_check(request, cluster):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("aar", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    check = (
        JanuaryCheck.objects.filter(cluster=cluster, year=year).select_related("checked_by").first()
    )
    previous = JanuaryCheck.objects.filter(cluster=cluster, year__lt=year).order_by("-year").first()
    form = forms.JanuaryCheckForm(
        request.POST or None, initial={"note": check.note if check else ""}
    )
    if request.method == "POST":
        if not can(request, MANAGE):
            raise PermissionDenied
        if form.is_valid():
            services.mark_checked(cluster, year, form.cleaned_data["note"], by=request.user)
            messages.success(
                request,
                _("Listen over ydernumre er markeret som tjekket for %(year)d.") % {"year": year},
            )
            return redirect(f"{request.path}?aar={year}")
    current = services.registered_ydernumre(cluster, services.check_day(year, today))
    shown = check.snapshot if check and year < today.year else current
    status_labels = dict(ClinicStatus.choices)
    for row in shown:
        row["status_label"] = status_labels.get(row["status"], row["status"])
    diff = services.compare_lists(previous.snapshot if previous else None, shown)
    for group in ("added", "removed"):
        for row in diff[group]:
            row["status_label"] = status_labels.get(row["status"], row["status"])
    for pair in diff["changed"]:
        for row in pair.values():
            row["status_label"] = status_labels.get(row["status"], row["status"])
    due = due_date(cluster, year)
    context = {
        "cluster": cluster,
        "year": year,
        "years": list(range(today.year + (1 if today.month == 12 else 0), today.year - 4, -1)),
        "check": check,
        "previous": previous,
        "rows": shown,
        "diff": diff,
        "due": due,
        "overdue": check is None and today > due,
        "form": form,
        "manage": can(request, MANAGE),
        "is_general": not cluster.scheme.is_specialist,
        "history": JanuaryCheck.objects.filter(cluster=cluster).select_related("checked_by")[:6],
        "breadcrumbs": list_crumbs(cluster, (_("Januartjek af ydernumre"), None)),
    }
    checkers = people_of_users(row.checked_by_id for row in context["history"])
    log_access(request, "view", gettext_lazy("Januartjek af ydernumre"), checkers, cluster)
    return render(request, "members/january.html", context)


# --- Data-extraction consent


@cluster_view(STAFF_READ)
def consents(request, cluster):
    """Every member with their consent on a day (default today); the missing ones first.
    Queries: roles (3), members with their consents (2), access log (1)."""
    today = timezone.localdate()
    on = today
    if request.GET.get("dato"):
        try:
            on = date.fromisoformat(request.GET["dato"])
        except ValueError:
            messages.error(request, _("Datoen kunne ikke læses; viser i dag."))
    members = list(
        Person.objects.members_of(cluster, on)
        .prefetch_related(
            Prefetch(
                "data_consents",
                queryset=DataConsent.objects.filter(cluster=cluster).order_by("-given_on"),
                to_attr="cluster_consents",
            )
        )
        .order_by("name")
    )
    for person in members:
        person.consent = next(
            (
                c
                for c in person.cluster_consents
                if c.given_on <= on and (c.withdrawn_on is None or c.withdrawn_on > on)
            ),
            None,
        )
    missing = [p for p in members if p.consent is None]
    log_access(
        request, "view", gettext_lazy("Samtykker til dataudtræk"), persons=members, cluster=cluster
    )
    rulebook = cluster.rulebook_on(today)
    context = {
        "cluster": cluster,
        "on": on,
        "members": sorted(members, key=lambda p: (p.consent is not None, p.name)),
        "missing": missing,
        "days": rulebook.data_package_consent_days,
        "manage": can(request, MANAGE),
        "date_widget": DateInput().render("dato", on, {"id": "id_dato", "class": "form-input"}),
        "breadcrumbs": list_crumbs(cluster, (_("Samtykker til dataudtræk"), None)),
    }
    return render(request, "members/consents.html", context)


@cluster_view(MANAGE)
def consent_edit(request, cluster, person):
    person = person_in(cluster, person)
    form = forms.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["action"] == forms.ConsentForm.GIVEN:
            services.record_consent(person, cluster, data["on"], data["note"], by=request.user)
            messages.success(request, _("Samtykket er registreret."))
        elif services.withdraw_consent(person, cluster, data["on"], data["note"], by=request.user):
            messages.success(request, _("Samtykket er registreret som trukket tilbage."))
        else:
            messages.info(request, _("%(name)s havde intet samtykke.") % {"name": person.name})
        return redirect("members:consents", cluster.slug)
    consents = DataConsent.objects.filter(person=person, cluster=cluster)
    log_access(request, "view", gettext_lazy("Samtykke"), persons=[person], cluster=cluster)
    return render(
        request,
        "members/consent_edit.html",
        {
            "cluster": cluster,
            "person": person,
            "form": form,
            "consents": consents,
            "breadcrumbs": list_crumbs(
                cluster, (_("Samtykke for %(name)s") % {"name": person.name}, None)
            ),
        },
    )
