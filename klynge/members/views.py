"""The member list, the clinic page, and the membership's life: add, in doubt, end, notice."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, READ, STAFF_READ, can, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.crumbs import cluster_crumbs
from klynge.clusters.models import ClinicAffiliation, ClusterMembership, affiliation_on
from klynge.lib import pages
from klynge.mail.outbox import status_for
from klynge.members import forms, history, services
from klynge.members.access import (
    can_edit_clinic,
    clinic_in,
    clinic_with_memberships,
    contact_visible,
    my_clinic_ids,
    notice_in,
    sees_all_contacts,
)
from klynge.members.ending import end_context
from klynge.members.lookups import clinic_parts, list_crumbs
from klynge.members.models import LeaveNotice

PAGE_SIZE = 25
Status = ClusterMembership.Status


def member_rows(cluster, status, q, sort, today):
    """The memberships to list, with the clinic, its people count and its current people."""
    memberships = cluster.memberships.all()
    if status == "open":
        memberships = memberships.open_on(today)
    elif status in (Status.ACTIVE, Status.IN_DOUBT):
        memberships = memberships.open_on(today).filter(status=status)
    elif status == Status.ENDED:
        memberships = memberships.ended_by(today)
    if q:
        people = ClinicAffiliation.objects.filter(person__name__folded=q).values("clinic_id")
        memberships = memberships.filter(
            Q(clinic__name__folded=q) | Q(clinic__ydernummer__contains=q) | Q(clinic_id__in=people)
        )
    current = affiliation_on(today, "clinic__affiliations__")
    order = {
        "ydernummer": ["clinic__ydernummer", "-joined"],
        "joined": ["-joined", "clinic__name"],
    }.get(sort, ["clinic__name", "-joined"])
    return (
        memberships.select_related("clinic")
        .annotate(people_count=Count("clinic__affiliations", filter=current, distinct=True))
        .prefetch_related(
            Prefetch(
                "clinic__affiliations",
                queryset=ClinicAffiliation.objects.on(today)
                .select_related("person")
                .order_by("role", "person__name"),
                to_attr="current_affiliations",
            )
        )
        .order_by(*order, "pk")
    )


@cluster_view(READ)
def member_list(request, cluster):
    """Clinics with ydernummer, status, joined and their people. Queries: the user's roles (3),
    the user's clinics (1), the page count (1), the page (1), its people (1), the access log (1)."""
    today = timezone.localdate()
    form = forms.SearchForm(request.GET or None)
    q, status, sort = "", "open", "name"
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        status = form.cleaned_data["status"] or "open"
        sort = form.cleaned_data["sort"] or "name"
    paged = pages.paged(request, member_rows(cluster, status, q, sort, today), PAGE_SIZE)
    page = paged.page
    mine = my_clinic_ids(request)
    all_contacts = sees_all_contacts(request)
    shown = {}
    # The role's label translated once a request, not once a row (get_role_display).
    roles = {value: str(label) for value, label in ClinicAffiliation.Role.choices}
    for membership in page.object_list:
        membership.mine = membership.clinic_id in mine
        for affiliation in membership.clinic.current_affiliations:
            affiliation.role_label = roles.get(affiliation.role, affiliation.role)
            person = affiliation.person
            person.visible_contact = all_contacts or person.share_contact or membership.mine
            shown[person.pk] = person
    log_access(
        request,
        "search" if q else "view",
        gettext_lazy("Medlemsliste"),
        persons=shown.values(),
        cluster=cluster,
    )
    context = {
        "cluster": cluster,
        "form": form,
        "page": page,
        "query": paged.query,
        "q": q,
        "manage": can(request, MANAGE),
        "staff": can(request, STAFF_READ),
        "has_own_clinic": bool(mine),
        "breadcrumbs": cluster_crumbs(cluster, (_("Medlemmer"), None)),
    }
    template = "members/list.html"
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "member-results":
        template += "#results"
    return render(request, template, context)


@cluster_view(READ)
def clinic_detail(request, cluster, clinic):
    clinic, memberships = clinic_with_memberships(cluster, clinic)
    today = timezone.localdate()
    parts = clinic_parts(cluster, clinic.pk, today)
    current = next((m for m in memberships if m.holds_on(today)), None)
    affiliations = parts["affiliations"]
    for affiliation in affiliations:
        affiliation.clinic = clinic
    active = [a for a in affiliations if a.holds_on(today)]
    future = [a for a in affiliations if a.start > today]
    former = [a for a in affiliations if a.end is not None and a.end <= today]
    # A clinic that is no longer a member keeps its history, read-only.
    editable = current is not None and can_edit_clinic(request, clinic)
    for affiliation in affiliations:
        affiliation.person.visible_contact = contact_visible(
            request, affiliation.person, [clinic.pk]
        )
    log_access(
        request,
        "view",
        gettext_lazy("Klinikside"),
        persons={a.person_id: a.person for a in affiliations}.values(),
        cluster=cluster,
    )
    manage = can(request, MANAGE)
    staff = can(request, STAFF_READ)
    context = {
        "cluster": cluster,
        "clinic": clinic,
        "current": current,
        "memberships": memberships,
        "active": active,
        "future": future,
        "former": former,
        "events": parts["events"] if staff else [],
        "notices": parts["notices"] if staff else [],
        "follow_ups": parts["follow_ups"].get(current.pk, []) if current and manage else [],
        "listed": parts["listed"] if clinic.kind == clinic.Kind.GENERAL else None,
        "links": parts["links"] if manage else [],
        "changes": history.clinic_changes(clinic, people=[a.person for a in affiliations])
        if staff or editable
        else [],
        "editable": editable,
        "today": today,
        "manage": manage,
        "staff": staff,
        "is_general": clinic.kind == clinic.Kind.GENERAL,
        "link_form": forms.SelfServiceLinkForm(initial={"to": clinic.email}),
        "listed_form": forms.ListedPatientsForm(clinic=clinic),
        "breadcrumbs": list_crumbs(cluster, (clinic.name, None)),
    }
    if manage and current is not None:
        context["end"] = end_context(current, request.user, coordinator=parts["coordinator"])
    return render(request, "members/clinic.html", context)


@cluster_view(MANAGE)
def add_clinic(request, cluster):
    initial = {"ydernummer": request.GET.get("ydernummer", "")}
    form = forms.AddClinicForm(request.POST or None, cluster=cluster, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            key: form.cleaned_data[key]
            for key in ("name", "address", "postcode", "city", "email", "phone")
        }
        clinic, membership, created = services.add_clinic(
            cluster,
            form.cleaned_data["ydernummer"],
            data,
            by=request.user,
            joined=form.cleaned_data["joined"],
        )
        if created:
            messages.success(request, _("%(clinic)s er oprettet og indmeldt.") % {"clinic": clinic})
        else:
            messages.success(request, _("%(clinic)s er indmeldt i klyngen.") % {"clinic": clinic})
        return redirect("members:clinic", cluster.slug, clinic.pk)
    context = {
        "cluster": cluster,
        "form": form,
        "others": form.others,
        "existing": form.existing,
        "breadcrumbs": list_crumbs(cluster, (_("Tilføj klinik"), None)),
    }
    return render(request, "members/add_clinic.html", context)


@cluster_view(MANAGE)
def edit_clinic(request, cluster, clinic):
    clinic = clinic_in(cluster, clinic)
    form = forms.ClinicForm(request.POST or None, instance=clinic)
    if request.method == "POST" and form.is_valid():
        services.update_clinic(clinic, form.cleaned_data, by=request.user)
        messages.success(request, _("Klinikkens oplysninger er gemt."))
        return redirect("members:clinic", cluster.slug, clinic.pk)
    return render(
        request,
        "members/form.html",
        {
            "cluster": cluster,
            "form": form,
            "title": _("Ret %(clinic)s") % {"clinic": clinic.name},
            "submit": _("Gem"),
            "cancel": reverse("members:clinic", args=[cluster.slug, clinic.pk]),
            "breadcrumbs": list_crumbs(
                cluster,
                (clinic.name, reverse("members:clinic", args=[cluster.slug, clinic.pk])),
                (_("Ret"), None),
            ),
        },
    )


def open_membership_or_404(cluster, clinic):
    from django.http import Http404

    membership = services.open_membership(cluster, clinic)
    if membership is None:
        raise Http404
    return membership


def clinic_form_page(request, cluster, clinic, form, title, submit, intro="", danger=False):
    return render(
        request,
        "members/form.html",
        {
            "cluster": cluster,
            "clinic": clinic,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "danger": danger,
            "cancel": reverse("members:clinic", args=[cluster.slug, clinic.pk]),
            "breadcrumbs": list_crumbs(
                cluster,
                (clinic.name, reverse("members:clinic", args=[cluster.slug, clinic.pk])),
                (title, None),
            ),
        },
    )


@cluster_view(MANAGE)
def mark_in_doubt(request, cluster, clinic):
    clinic = clinic_in(cluster, clinic)
    membership = open_membership_or_404(cluster, clinic)
    form = forms.DoubtForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.mark_in_doubt(
            membership,
            form.cleaned_data["note"],
            form.cleaned_data["follow_up_by"],
            by=request.user,
        )
        messages.success(request, _("Klinikken er markeret med tvivl om status."))
        return redirect("members:clinic", cluster.slug, clinic.pk)
    return clinic_form_page(
        request,
        cluster,
        clinic,
        form,
        _("Tvivl om status"),
        _("Markér med tvivl"),
        _("Klinikken forbliver medlem, mens du afklarer status. Du får en opgave på dit overblik."),
    )


@cluster_view(MANAGE)
def confirm_active(request, cluster, clinic):
    clinic = clinic_in(cluster, clinic)
    membership = open_membership_or_404(cluster, clinic)
    form = forms.ConfirmActiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.confirm_active(membership, form.cleaned_data["note"], by=request.user)
        messages.success(request, _("Klinikken er bekræftet som aktivt medlem."))
        return redirect("members:clinic", cluster.slug, clinic.pk)
    return clinic_form_page(
        request, cluster, clinic, form, _("Bekræft som aktiv"), _("Bekræft som aktiv")
    )


@cluster_view(MANAGE)
def end_membership(request, cluster, clinic):
    clinic = clinic_in(cluster, clinic)
    membership = open_membership_or_404(cluster, clinic)
    form = forms.EndMembershipForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        args = (membership, data["left"], data["reason"], data["note"])
        if data["send_notice"]:
            notice = services.end_and_notify(*args, by=request.user)
            if notice is not None:
                messages.success(
                    request,
                    _("Medlemskabet er afsluttet, og beskeden er lagt i udbakken til %(unit)s.")
                    % {"unit": notice.region.unit_name},
                )
                return redirect("members:clinic", cluster.slug, clinic.pk)
        notice = services.end_membership(*args, by=request.user)
        messages.success(
            request,
            _("Medlemskabet er afsluttet. Gennemse beskeden til den regionale kvalitetsenhed."),
        )
        if notice is not None:
            return redirect("members:notice", cluster.slug, notice.pk)
        return redirect("members:clinic", cluster.slug, clinic.pk)
    return render(
        request,
        "members/end_membership.html",
        {
            "cluster": cluster,
            "clinic": clinic,
            "end": end_context(membership, request.user, form),
            "breadcrumbs": list_crumbs(
                cluster,
                (clinic.name, reverse("members:clinic", args=[cluster.slug, clinic.pk])),
                (_("Afslut medlemskab"), None),
            ),
        },
    )


@cluster_view(MANAGE)
def notice(request, cluster, leave_notice):
    """Review the draft notice to the region's quality unit and send it (once)."""
    notice = notice_in(cluster, leave_notice)
    form = forms.NoticeForm(request.POST or None, instance=notice)
    if request.method == "POST":
        if notice.status != LeaveNotice.Status.DRAFT:
            messages.info(request, _("Beskeden er allerede afgjort."))
            return redirect("members:notice", cluster.slug, notice.pk)
        if form.is_valid():
            data = form.cleaned_data
            services.send_notice(notice, data["subject"], data["body"], by=request.user)
            messages.success(
                request,
                _("Beskeden er lagt i udbakken til %(unit)s.") % {"unit": notice.region.unit_name},
            )
            return redirect("members:clinic", cluster.slug, notice.membership.clinic_id)
    return notice_page(request, cluster, notice, form, forms.DismissNoticeForm())


@cluster_view(MANAGE)
@require_POST
def dismiss_notice(request, cluster, leave_notice):
    """Record why the notice is not sent."""
    notice = notice_in(cluster, leave_notice)
    if notice.status != LeaveNotice.Status.DRAFT:
        messages.info(request, _("Beskeden er allerede afgjort."))
        return redirect("members:notice", cluster.slug, notice.pk)
    dismiss = forms.DismissNoticeForm(request.POST)
    if dismiss.is_valid():
        services.dismiss_notice(notice, dismiss.cleaned_data["dismiss_reason"], by=request.user)
        messages.success(request, _("Beskeden sendes ikke. Begrundelsen står i historikken."))
        return redirect("members:clinic", cluster.slug, notice.membership.clinic_id)
    return notice_page(request, cluster, notice, forms.NoticeForm(instance=notice), dismiss)


def notice_page(request, cluster, notice, form, dismiss):
    clinic = notice.membership.clinic
    context = {
        "cluster": cluster,
        "notice": notice,
        "clinic": clinic,
        "form": form,
        "dismiss": dismiss,
        "delivery": status_for(notice) if notice.status == LeaveNotice.Status.SENT else None,
        "breadcrumbs": list_crumbs(
            cluster,
            (clinic.name, reverse("members:clinic", args=[cluster.slug, clinic.pk])),
            (_("Besked til kvalitetsenhed"), None),
        ),
    }
    return render(request, "members/notice.html", context)


@cluster_view(MANAGE)
@require_POST
def follow_up_done(request, cluster, followup):
    from django.shortcuts import get_object_or_404

    task = get_object_or_404(cluster_follow_ups(cluster), pk=followup)
    services.complete_follow_up(task, by=request.user)
    messages.success(request, _("Opgaven er markeret som udført."))
    return redirect("members:clinic", cluster.slug, task.membership.clinic_id)


def cluster_follow_ups(cluster):
    from klynge.members.models import FollowUp

    return FollowUp.objects.filter(cluster=cluster).select_related("membership")


@cluster_view(MANAGE)
def listed_patients(request, cluster, clinic):
    clinic = clinic_in(cluster, clinic)
    if clinic.kind != clinic.Kind.GENERAL:
        raise PermissionDenied
    form = forms.ListedPatientsForm(request.POST or None, clinic=clinic)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = services.set_listed_patients(clinic, data["year"], data["count"], by=request.user)
        messages.success(
            request,
            _("Tilmeldte gruppe 1-patienter for %(year)s er gemt.") % {"year": row.year},
        )
        return redirect("members:clinic", cluster.slug, clinic.pk)
    return clinic_form_page(
        request,
        cluster,
        clinic,
        form,
        _("Tilmeldte gruppe 1-patienter"),
        _("Gem"),
        _("Antallet pr. år er grundlaget for KiAP-tilskuddet. Findes året, rettes tallet."),
    )
