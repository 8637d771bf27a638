"""A clinic's people: add, edit, end; "Min klinik"; and the e-mailed self-service link."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, MEMBERS, READ, can, cluster_view, token_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.audit import Actor
from klynge.clusters.models import ClinicAffiliation, Cluster, Post
from klynge.members import forms, services
from klynge.members.access import (
    affiliation_in,
    can_edit_clinic,
    clinic_in,
    contact_visible,
    my_clinic_ids,
    person_in,
    require_edit_clinic,
)
from klynge.members.consent import has_consent
from klynge.members.lookups import list_crumbs
from klynge.members.models import DataConsent, SelfServiceLink


@dataclass
class Scope:
    """Where a people form lives: a logged-in page or a self-service link."""

    cluster: Cluster
    clinic: object
    actor: object = None  # the user, or Actor.link(...) for a self-service link
    reason: str = ""
    token: str = ""

    def home(self):
        if self.token:
            return reverse("members:self_service", args=[self.cluster.slug, self.token])
        return reverse("members:clinic", args=[self.cluster.slug, self.clinic.pk])

    def crumbs(self, title):
        if self.token:
            return [(self.clinic.name, self.home()), (title, None)]
        return list_crumbs(self.cluster, (self.clinic.name, self.home()), (title, None))


def people_form_page(request, scope, form, title, submit, intro="", danger=False):
    return render(
        request,
        "members/form.html",
        {
            "cluster": scope.cluster,
            "clinic": scope.clinic,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "danger": danger,
            "cancel": scope.home(),
            "token": scope.token,
            "breadcrumbs": scope.crumbs(title),
        },
    )


def add_person_page(request, scope):
    form = forms.AddPersonForm(request.POST or None, clinic=scope.clinic)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person, _affiliation, created = services.add_person(
            scope.clinic,
            {"name": data["name"], "email": data["email"], "phone": data["phone"]},
            data["role"],
            data["start"],
            by=scope.actor,
            reason=scope.reason,
        )
        if created:
            messages.success(request, _("%(name)s er tilføjet.") % {"name": person.name})
        else:
            messages.success(
                request,
                _("%(name)s fandtes i forvejen (samme e-mail) og er nu også knyttet til klinikken.")
                % {"name": person.name},
            )
        return redirect(scope.home())
    return people_form_page(request, scope, form, _("Tilføj person"), _("Tilføj"))


def edit_affiliation_page(request, scope, affiliation):
    form = forms.EditAffiliationForm(request.POST or None, affiliation=affiliation)
    if request.method == "GET":
        log_access(
            request,
            "view",
            gettext_lazy("Ret person"),
            persons=[affiliation.person],
            cluster=scope.cluster,
        )
    if request.method == "POST" and form.is_valid():
        services.update_affiliation(
            affiliation, form.cleaned_data, by=scope.actor, reason=scope.reason
        )
        messages.success(request, _("Ændringerne er gemt."))
        return redirect(scope.home())
    intro = ""
    others = affiliation.person.affiliations.on().exclude(pk=affiliation.pk)
    if others.exists():
        intro = _("Navn, e-mail og telefon gælder også personens andre klinikker.")
    return people_form_page(
        request, scope, form, _("Ret %(name)s") % {"name": affiliation.person.name}, _("Gem"), intro
    )


def end_affiliation_page(request, scope, affiliation):
    form = forms.EndAffiliationForm(request.POST or None, affiliation=affiliation)
    if request.method == "POST" and form.is_valid():
        services.end_affiliation(
            affiliation, form.cleaned_data["end"], by=scope.actor, reason=scope.reason
        )
        messages.success(
            request,
            _("%(name)s er afsluttet i klinikken. Historikken bevares.")
            % {"name": affiliation.person.name},
        )
        return redirect(scope.home())
    log_access(
        request, "view", gettext_lazy("Afslut tilknytning"), [affiliation.person], scope.cluster
    )
    return people_form_page(
        request,
        scope,
        form,
        _("%(name)s stopper i klinikken") % {"name": affiliation.person.name},
        _("Afslut tilknytning"),
        _(
            "Personen er ikke længere medlem af klyngen, når hun eller han er stoppet i alle "
            "klyngens klinikker, men historikken bevares."
        ),
        danger=True,
    )


# --- Logged-in pages


@cluster_view(MEMBERS)
def add_person(request, cluster, clinic):
    clinic = clinic_in(cluster, clinic)
    require_edit_clinic(request, clinic)
    return add_person_page(request, Scope(cluster, clinic, request.user))


@cluster_view(MEMBERS)
def edit_affiliation(request, cluster, affiliation):
    affiliation = affiliation_in(cluster, affiliation)
    require_edit_clinic(request, affiliation.clinic)
    return edit_affiliation_page(
        request, Scope(cluster, affiliation.clinic, request.user), affiliation
    )


@cluster_view(MEMBERS)
def end_affiliation(request, cluster, affiliation):
    affiliation = affiliation_in(cluster, affiliation)
    require_edit_clinic(request, affiliation.clinic)
    return end_affiliation_page(
        request, Scope(cluster, affiliation.clinic, request.user), affiliation
    )


@cluster_view(MEMBERS)
def my_clinic(request, cluster):
    """Min klinik: the clinic(s) the member works in, in this cluster."""
    mine = my_clinic_ids(request)
    memberships = list(
        cluster.memberships.open_on(timezone.localdate())
        .filter(clinic_id__in=mine)
        .select_related("clinic")
    )
    if len(memberships) == 1:
        return redirect("members:clinic", cluster.slug, memberships[0].clinic_id)
    return render(
        request,
        "members/my_clinic.html",
        {
            "cluster": cluster,
            "memberships": memberships,
            "breadcrumbs": list_crumbs(cluster, (_("Min klinik"), None)),
        },
    )


@cluster_view(READ)
def person_detail(request, cluster, person):
    person = person_in(cluster, person)
    today = timezone.localdate()
    clinic_ids = cluster.memberships.values("clinic_id")
    affiliations = list(
        person.affiliations.filter(clinic_id__in=clinic_ids)
        .select_related("clinic")
        .order_by("-start")
    )
    for affiliation in affiliations:
        affiliation.editable = can_edit_clinic(request, affiliation.clinic)
    current_clinics = [a.clinic_id for a in affiliations if a.holds_on(today)]
    manage = can(request, MANAGE)
    log_access(request, "view", gettext_lazy("Personside"), persons=[person], cluster=cluster)
    consents = list(DataConsent.objects.filter(person=person, cluster=cluster))
    context = {
        "cluster": cluster,
        "person": person,
        "visible_contact": contact_visible(request, person, current_clinics),
        "affiliations": affiliations,
        "is_member": bool(current_clinics),
        "posts": Post.objects.filter(cluster=cluster, person=person).order_by("-start"),
        "consents": consents if manage or contact_visible(request, person, current_clinics) else [],
        "consent_now": has_consent(person, cluster, today),
        "manage": manage,
        "breadcrumbs": list_crumbs(cluster, (person.name, None)),
    }
    return render(request, "members/person.html", context)


@cluster_view(MANAGE)
def send_link(request, cluster, clinic):
    clinic = clinic_in(cluster, clinic)
    form = forms.SelfServiceLinkForm(request.POST or None, initial={"to": clinic.email})
    if request.method == "POST" and form.is_valid():
        services.create_self_service_link(cluster, clinic, form.cleaned_data["to"], by=request.user)
        messages.success(
            request,
            _("Linket er lagt i udbakken til %(email)s. Det virker i %(days)d dage.")
            % {"email": form.cleaned_data["to"], "days": SelfServiceLink.VALID_DAYS},
        )
        return redirect("members:clinic", cluster.slug, clinic.pk)
    return people_form_page(
        request,
        Scope(cluster, clinic, request.user),
        form,
        _("Send selvbetjeningslink"),
        _("Send link"),
        _(
            "Klinikken får et personligt link, hvor de kan rette klinikkens personer uden at "
            "logge ind. Du kan se hver ændring i klinikkens ændringslog."
        ),
    )


@cluster_view(MANAGE)
@require_POST
def revoke_link(request, cluster, clinic):
    clinic = clinic_in(cluster, clinic)
    link = get_object_or_404(
        SelfServiceLink.objects.filter(cluster=cluster, clinic=clinic),
        pk=request.POST.get("link"),
    )
    services.revoke_link(link, by=request.user)
    messages.success(request, _("Linket er tilbagekaldt og virker ikke længere."))
    return redirect("members:clinic", cluster.slug, clinic.pk)


# --- The self-service link: a signed token, valid 14 days, never a log-in


class LinkRefused(Exception):
    def __init__(self, title, text, status):
        self.title, self.text, self.status = title, text, status


def resolve_link(cluster_slug, token) -> SelfServiceLink:
    try:
        data = signing.loads(
            token,
            salt=SelfServiceLink.SALT,
            max_age=timedelta(days=SelfServiceLink.VALID_DAYS),
        )
    except signing.SignatureExpired as exc:
        raise LinkRefused(
            _("Linket er udløbet"),
            _(
                "Et selvbetjeningslink virker i %(days)d dage. Bed jeres klyngekoordinator om et "
                "nyt link."
            )
            % {"days": SelfServiceLink.VALID_DAYS},
            410,
        ) from exc
    except signing.BadSignature as exc:
        raise LinkRefused(
            _("Linket er ugyldigt"),
            _(
                "Linket er ikke gyldigt. Måske er det blevet afkortet i e-mailen. Kopiér hele "
                "linket, eller bed jeres klyngekoordinator om et nyt."
            ),
            400,
        ) from exc
    link = (
        SelfServiceLink.objects.select_related("cluster", "clinic")
        .filter(pk=data.get("link"), clinic_id=data.get("clinic"), cluster__slug=cluster_slug)
        .first()
    )
    if link is None:
        raise LinkRefused(_("Linket er ugyldigt"), _("Linket hører ikke til denne klynge."), 400)
    if link.revoked_at is not None:
        raise LinkRefused(
            _("Linket er tilbagekaldt"),
            _(
                "Klyngekoordinatoren har tilbagekaldt linket. Bed om et nyt, hvis I har brug for det."
            ),
            410,
        )
    if not cluster_has_clinic(link):
        raise LinkRefused(
            _("Klinikken er ikke længere medlem"),
            _("Klinikken er ikke længere medlem af klyngen, så linket virker ikke."),
            410,
        )
    return link


def cluster_has_clinic(link) -> bool:
    return (
        link.cluster.memberships.open_on(timezone.localdate()).filter(clinic=link.clinic).exists()
    )


def with_link(view):
    """Resolve the token, or show the clear Danish refusal page."""

    def wrapper(request, cluster, clinic_token, *args, **kwargs):
        try:
            link = resolve_link(cluster, clinic_token)
        except LinkRefused as refusal:
            return render(
                request,
                "members/link_refused.html",
                {"title": refusal.title, "text": refusal.text},
                status=refusal.status,
            )
        via = _("Via selvbetjeningslink sendt til %(email)s") % {"email": link.sent_to}
        scope = Scope(link.cluster, link.clinic, Actor.link(via), reason=via, token=clinic_token)
        return view(request, scope, link, *args, **kwargs)

    return wrapper


def link_affiliation(scope, pk) -> ClinicAffiliation:
    return get_object_or_404(
        ClinicAffiliation.objects.select_related("person", "clinic"), pk=pk, clinic=scope.clinic
    )


@token_view
@with_link
def self_service(request, scope, link):
    today = timezone.localdate()
    affiliations = list(
        scope.clinic.affiliations.select_related("person").order_by("role", "person__name")
    )
    active = [a for a in affiliations if a.holds_on(today) or a.start > today]
    former = [a for a in affiliations if a.end is not None and a.end <= today]
    log_access(
        request,
        "view",
        format_lazy(gettext_lazy("Selvbetjening via link til {email}"), email=link.sent_to),
        persons=[a.person for a in affiliations],
        cluster=scope.cluster,
    )
    return render(
        request,
        "members/self_service.html",
        {
            "cluster": scope.cluster,
            "clinic": scope.clinic,
            "active": active,
            "former": former,
            "link": link,
            "token": scope.token,
            "today": today,
        },
    )


@token_view
@with_link
def self_service_add(request, scope, link):
    return add_person_page(request, scope)


@token_view
@with_link
def self_service_edit(request, scope, link, affiliation):
    return edit_affiliation_page(request, scope, link_affiliation(scope, affiliation))


@token_view
@with_link
def self_service_end(request, scope, link, affiliation):
    return end_affiliation_page(request, scope, link_affiliation(scope, affiliation))
