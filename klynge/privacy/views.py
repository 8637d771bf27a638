"""Personal data by the book: the record of processing, a person's own data and access log, and
the secretariat's access requests and erasures."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.clusters.access import authenticated, person_of, secretariat_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.models import AccessLog, Person
from klynge.privacy import export, services
from klynge.privacy.forms import ErasureForm, SearchForm
from klynge.privacy.models import Erasure, RetentionRun
from klynge.privacy.record import PROCESSING, RETENTION

CRUMBS = [(gettext_lazy("Overblik"), "/")]


@authenticated
def record(request):
    """The record of processing (art. 30) and the retention of each record type."""
    staff = request.user.is_superuser or bool(request.user.secretariat_of_id)
    return render(
        request,
        "privacy/record.html",
        {
            "processing": PROCESSING,
            "retention": RETENTION,
            "runs": RetentionRun.objects.all()[:10] if staff else [],
            "breadcrumbs": [*CRUMBS, (_("Behandlingsoversigt"), None)],
        },
    )


def zip_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@authenticated
def my_data(request):
    """The user's own data and who looked it up; POST downloads it all as a ZIP."""
    person = person_of(request.user)
    if person is not None and request.method == "POST":
        log_access(request, "export", _("Indsigt: egne oplysninger"), persons=[person])
        return zip_response(export.access_zip(person), "mine-oplysninger.zip")
    section = export.access_section(person) if person is not None else None
    return render(
        request,
        "privacy/my_data.html",
        {
            "person": person,
            "entries": section.shown()[-50:][::-1] if section else [],
            "columns": [heading for _key, heading in section.columns] if section else [],
            "breadcrumbs": [*CRUMBS, (_("Min profil"), "/profil/"), (_("Mine data"), None)],
        },
    )


def people_of(scheme):
    """Everyone who has worked in a clinic of a cluster of the scheme."""
    return Person.objects.filter(
        affiliations__clinic__memberships__cluster__scheme=scheme
    ).distinct()


@secretariat_view
def people(request, scheme):
    form = SearchForm(request.GET or None)
    found = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        found = list(
            people_of(scheme)
            .filter(Q(name__folded=q) | Q(email__icontains=q))
            .select_related("erasure")
            .order_by("name")[:50]
        )
        log_access(request, "search", _("Indsigt og sletning: søgning"), persons=found)
    return render(
        request,
        "privacy/people.html",
        {
            "form": form,
            "found": found,
            "breadcrumbs": [*CRUMBS, (_("Sekretariat"), "/sekretariat/"), (_("Personer"), None)],
        },
    )


def subject_of(scheme, data_subject) -> Person:
    return get_object_or_404(people_of(scheme), pk=data_subject)


@secretariat_view
def person(request, scheme, data_subject, form=None):
    subject = subject_of(scheme, data_subject)
    log_access(request, "view", _("Indsigt og sletning"), persons=[subject])
    today = timezone.localdate()
    return render(
        request,
        "privacy/person.html",
        {
            "subject": subject,
            "erasure": Erasure.objects.filter(person=subject).first(),
            "blocks": services.blocks_for(subject, today),
            "looked_up": AccessLog.objects.filter(subject=subject).count(),
            "form": form or ErasureForm(),
            "breadcrumbs": [
                *CRUMBS,
                (_("Sekretariat"), "/sekretariat/"),
                (_("Personer"), "/sekretariat/personer/"),
                (subject.name, None),
            ],
        },
    )


@secretariat_view
@require_POST
def person_export(request, scheme, data_subject):
    subject = subject_of(scheme, data_subject)
    log_access(request, "export", _("Indsigtsanmodning (art. 15)"), persons=[subject])
    return zip_response(export.access_zip(subject), f"indsigt-{subject.pk}.zip")


@secretariat_view
@require_POST
def person_erase(request, scheme, data_subject):
    subject = subject_of(scheme, data_subject)
    form = ErasureForm(request.POST)
    if not form.is_valid():
        return person(request, data_subject=data_subject, form=form)
    try:
        services.erase_on_request(subject, by=request.user, reason=form.cleaned_data["reason"])
    except services.ErasureRefused:
        messages.error(request, _("Personen kan ikke slettes endnu; se hvorfor nedenfor."))
        return redirect("privacy:person", data_subject=subject.pk)
    messages.success(request, _("Personen er pseudonymiseret."))
    return redirect("privacy:person", data_subject=subject.pk)
