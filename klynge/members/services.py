"""State changes of memberships and clinics' people: one function each, in one transaction,
writing the membership history (MembershipEvent) and queueing e-mail through the outbox."""

from datetime import date

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from klynge.clusters.audit import Actor, current, service
from klynge.clusters.derived import bump
from klynge.clusters.models import Clinic, ClinicAffiliation, ClusterMembership, Person, Post
from klynge.lib.phrases import stored
from klynge.mail.outbox import absolute, queue_mail
from klynge.members import phrases
from klynge.members.models import (
    DataConsent,
    FollowUp,
    JanuaryCheck,
    LeaveNotice,
    ListedPatients,
    MembershipEvent,
    SelfServiceLink,
)

Event = MembershipEvent.Kind


def actor_of(by):
    """The user to store in a `..._by` column (None for a job or a self-service link)."""
    return Actor.of(by).user


def record(membership, kind, on=None, reason="", note=""):
    """One line of the membership history, by the actor of the service that writes it."""
    actor = current()[0] if current() else Actor.of(None)
    return MembershipEvent.objects.create(
        membership=membership,
        kind=kind,
        on=on or timezone.localdate(),
        by=actor.user,
        by_label=actor.label,
        reason=reason,
        note=note,
    )


def open_membership(cluster, clinic, on: date | None = None):
    """The clinic's membership of the cluster that holds on the day (today by default)."""
    return cluster.memberships.open_on(on or timezone.localdate()).filter(clinic=clinic).first()


def other_active_memberships(clinic, cluster):
    """Open memberships of the clinic in other clusters (a warning when adding it here)."""
    if clinic is None or clinic.pk is None:
        return []
    return list(
        clinic.memberships.open_on(timezone.localdate())
        .exclude(cluster=cluster)
        .select_related("cluster")
    )


@service
def add_clinic(cluster, ydernummer, data, *, by, joined=None, note="", reason=""):
    """Add a clinic to the cluster by ydernummer; a clinic that left before gets a new membership
    next to its old ones, so its history stays. Returns (clinic, membership, created_clinic)."""
    joined = joined or timezone.localdate()
    clinic = Clinic.objects.filter(ydernummer=ydernummer).first()
    created = clinic is None
    if created:
        clinic = Clinic(ydernummer=ydernummer, region=cluster.region)
        clinic.kind = (
            Clinic.Kind.SPECIALIST if cluster.scheme.is_specialist else Clinic.Kind.GENERAL
        )
        clinic.specialty = cluster.specialty
    changed = created
    for field, value in data.items():
        if value not in (None, "") and getattr(clinic, field) != value:
            setattr(clinic, field, value)
            changed = True
    if changed:
        clinic.save()
    membership = open_membership(cluster, clinic)
    if membership is not None:
        return clinic, membership, created
    rejoined = cluster.memberships.filter(clinic=clinic).exists()
    membership = ClusterMembership.objects.create(cluster=cluster, clinic=clinic, joined=joined)
    record(membership, Event.REJOINED if rejoined else Event.JOINED, joined, note=note)
    return clinic, membership, created


@service
def mark_in_doubt(membership, note, follow_up_by, *, by):
    membership = ClusterMembership.objects.select_for_update().get(pk=membership.pk)
    membership.status = ClusterMembership.Status.IN_DOUBT
    membership.note = note
    membership.save(update_fields=["status", "note"])
    record(membership, Event.IN_DOUBT, note=note)
    return FollowUp.objects.create(
        cluster=membership.cluster,
        membership=membership,
        title=stored(
            phrases.FOLLOW_UP_STATUS,
            clinic=membership.clinic.name,
            number=membership.clinic.ydernummer,
        ),
        note=note,
        due=follow_up_by,
    )


def close_follow_ups(membership, by):
    if membership.follow_ups.open().update(done_at=timezone.now(), done_by=actor_of(by)):
        bump(Q(pk=membership.cluster_id))  # no signals: the dashboard's cached follow-ups


@service
def complete_follow_up(task, *, by):
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = actor_of(by)
        task.save()
    return task


@service
def update_clinic(clinic, data, *, by, reason=""):
    """The clinic's own details (name, address, contact); the ydernummer never changes here."""
    for field, value in data.items():
        if field != "seen" and hasattr(clinic, field):
            setattr(clinic, field, value)
    clinic.save()
    return clinic


@service
def set_listed_patients(clinic, year: int, count: int, *, by) -> ListedPatients:
    """The clinic's listed group-1 patients for the year (a second entry for a year corrects it)."""
    row, _created = ListedPatients.objects.update_or_create(
        clinic=clinic, year=year, defaults={"count": count}
    )
    return row


@service
def confirm_active(membership, note, *, by):
    membership = ClusterMembership.objects.select_for_update().get(pk=membership.pk)
    membership.status = ClusterMembership.Status.ACTIVE
    membership.note = note
    membership.save(update_fields=["status", "note"])
    record(membership, Event.CONFIRMED, note=note)
    close_follow_ups(membership, by)
    return membership


def coordinator_of(cluster, on=None):
    post = (
        Post.objects.active(on)
        .filter(cluster=cluster, kind=Post.Kind.COORDINATOR)
        .select_related("person")
        .order_by("start")
        .first()
    )
    return post.person if post else None


def notice_text(membership, by, coordinator=None) -> tuple:
    """(region, subject, body) of the notice to the region's quality unit, in Danish (the
    unit's language); nothing is saved (the end form shows it for review). `coordinator`: the
    cluster's coordinator today, if the caller has it (the clinic page caches it)."""
    cluster, clinic = membership.cluster, membership.clinic
    region = clinic.region or cluster.region
    coordinator = coordinator or coordinator_of(cluster)
    user = actor_of(by)
    sender = getattr(user, "person", None) if user is not None else None
    context = {
        "cluster": cluster,
        "clinic": clinic,
        "membership": membership,
        "region": region,
        "coordinator": coordinator,
        "sender": sender,
    }
    with override("da"):
        subject = " ".join(render_to_string("members/notice/subject.txt", context).split())
        body = render_to_string("members/notice/body.txt", context).strip() + "\n"
    return region, subject, body


def draft_notice(membership, by) -> LeaveNotice:
    region, subject, body = notice_text(membership, by)
    return LeaveNotice.objects.create(
        membership=membership, region=region, to=region.notice_email, subject=subject, body=body
    )


@service
def end_membership(membership, left, reason, note, *, by):
    """End the membership on `left`. If the clinic was active, draft the notice to the region's
    quality unit (the coordinator reviews and sends it). Returns the notice or None."""
    membership = ClusterMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.left is not None:
        return getattr(membership, "leave_notice", None)
    membership.left = left
    membership.reason = reason
    if left <= timezone.localdate():
        # A clinic leaving later stays active (or in doubt) until its last day.
        membership.status = ClusterMembership.Status.ENDED
    if note:
        membership.note = note
    membership.save(update_fields=["left", "reason", "status", "note"])
    record(membership, Event.ENDED, membership.last_day, reason=reason, note=note)
    close_follow_ups(membership, by)
    return draft_notice(membership, by)


@service
def end_and_notify(membership, left, reason, note, *, by):
    """End the membership and send the notice as drafted, in one step (the coordinator has
    reviewed it on the end form). Returns the notice or None."""
    notice = end_membership(membership, left, reason, note, by=by)
    if notice is not None and notice.status == LeaveNotice.Status.DRAFT:
        send_notice(notice, notice.subject, notice.body, by=by)
    return notice


@service
def send_notice(notice, subject, body, *, by) -> bool:
    """Queue the notice through the outbox, exactly once (row lock, status and outbox key).
    Returns False if it was already sent or dismissed."""
    notice = LeaveNotice.objects.select_for_update().select_related("membership").get(pk=notice.pk)
    if notice.status != LeaveNotice.Status.DRAFT:
        return False
    notice.subject, notice.body = subject, body
    notice.status = LeaveNotice.Status.SENT
    notice.decided_at = timezone.now()
    notice.decided_by = actor_of(by)
    notice.save()
    membership = notice.membership
    queue_mail(
        "members_leave_notice",
        notice.to,
        {"subject": subject, "body": body},
        key=notice.outbox_key,
        cluster=membership.cluster,
        about=notice,
        automatic=False,  # a letter the coordinator wrote
    )
    record(
        membership,
        Event.NOTICE_SENT,
        note=stored(phrases.NOTICE_SENT, unit=notice.region.unit_name, email=notice.to),
    )
    return True


@service
def dismiss_notice(notice, reason, *, by) -> bool:
    notice = LeaveNotice.objects.select_for_update().select_related("membership").get(pk=notice.pk)
    if notice.status != LeaveNotice.Status.DRAFT:
        return False
    notice.status = LeaveNotice.Status.DISMISSED
    notice.dismiss_reason = reason
    notice.decided_at = timezone.now()
    notice.decided_by = actor_of(by)
    notice.save()
    record(notice.membership, Event.NOTICE_DISMISSED, note=reason)
    return True


def find_person(name, email):
    """An existing person with this e-mail (people are matched on e-mail, never on name alone)."""
    if not email:
        return None
    return Person.objects.by_email(email).order_by("pk").first()


@service
def add_person(clinic, data, role, start, *, by, reason=""):
    """Add a person to a clinic; an existing person (same e-mail) gets a further affiliation.
    Returns (person, affiliation, created_person)."""
    person = find_person(data["name"], data.get("email"))
    created = person is None
    if created:
        person = Person.objects.create(**data)
    affiliation = clinic.affiliations.filter(person=person, end__isnull=True).first()
    if affiliation is None:
        affiliation = ClinicAffiliation.objects.create(
            person=person, clinic=clinic, role=role, start=start
        )
    return person, affiliation, created


@service
def end_affiliation(affiliation, end, *, by, reason=""):
    affiliation.end = end
    affiliation.save()
    return affiliation


@service
def update_affiliation(affiliation, data, *, by, reason=""):
    """A person's name, e-mail and phone (shared by all their clinics), and their role and
    start in this clinic."""
    person = affiliation.person
    if any(getattr(person, field) != data[field] for field in ("name", "email", "phone")):
        for field in ("name", "email", "phone"):
            setattr(person, field, data[field])
        person.save()
    if affiliation.role != data["role"] or affiliation.start != data["start"]:
        affiliation.role, affiliation.start = data["role"], data["start"]
        affiliation.save()
    return affiliation


@service
def revoke_link(link, *, by):
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


@service
def create_self_service_link(cluster, clinic, to, *, by) -> SelfServiceLink:
    user = actor_of(by)
    link = SelfServiceLink.objects.create(
        cluster=cluster, clinic=clinic, sent_to=to, created_by=user
    )
    url = absolute(reverse("members:self_service", args=[cluster.slug, link.token()]))
    queue_mail(
        "members_self_service",
        to,
        {
            "cluster": cluster,
            "clinic": clinic,
            "url": url,
            "days": SelfServiceLink.VALID_DAYS,
            "expires": link.expires_at,
            "sender": getattr(user, "person", None) if user else None,
        },
        key=f"members:self-service:{link.pk}",
        cluster=cluster,
        about=link,
    )
    membership = open_membership(cluster, clinic)
    if membership is not None:
        record(
            membership,
            Event.LINK_SENT,
            note=stored(phrases.LINK_SENT, email=to, days=SelfServiceLink.VALID_DAYS),
        )
    return link


@service
def record_consent(person, cluster, given_on, note, *, by) -> DataConsent:
    current = DataConsent.objects.select_for_update().filter(
        person=person, cluster=cluster, withdrawn_on__isnull=True
    )
    for consent in current:
        if consent.given_on <= given_on:
            return consent
        consent.withdrawn_on = given_on
        consent.save()
    return DataConsent.objects.create(
        person=person, cluster=cluster, given_on=given_on, note=note, recorded_by=actor_of(by)
    )


@service
def withdraw_consent(person, cluster, withdrawn_on, note, *, by) -> DataConsent | None:
    consent = (
        DataConsent.objects.select_for_update()
        .filter(person=person, cluster=cluster, withdrawn_on__isnull=True)
        .first()
    )
    if consent is None:
        return None
    consent.withdrawn_on = max(withdrawn_on, consent.given_on)
    if note:
        consent.note = note
    consent.recorded_by = actor_of(by)
    consent.save()
    return consent


def check_day(year: int, today: date) -> date:
    """The January check of a year lists the members on 1 January (checked early, in December,
    a clinic that leaves on 31 December is not on it), or on the day it is checked."""
    return max(today, date(year, 1, 1))


def registered_ydernumre(cluster, on: date) -> list[dict]:
    """The ydernumre registered in the cluster on the day, as stored in a January check."""
    rows = (
        cluster.memberships.open_on(on)
        .select_related("clinic")
        .order_by("clinic__ydernummer")
        .values_list("clinic__ydernummer", "clinic__name", "status")
    )
    return [{"ydernummer": y, "name": n, "status": s} for y, n, s in rows]


def compare_lists(before: list[dict] | None, now: list[dict]) -> dict:
    """What changed between last year's checked list and today's: added, removed, status."""
    before_by = {row["ydernummer"]: row for row in (before or [])}
    now_by = {row["ydernummer"]: row for row in now}
    return {
        "added": [now_by[y] for y in sorted(now_by.keys() - before_by.keys())],
        "removed": [before_by[y] for y in sorted(before_by.keys() - now_by.keys())],
        "changed": [
            {"before": before_by[y], "now": now_by[y]}
            for y in sorted(now_by.keys() & before_by.keys())
            if before_by[y]["status"] != now_by[y]["status"]
            or before_by[y]["name"] != now_by[y]["name"]
        ],
    }


@service
def mark_checked(cluster, year, note, *, by) -> JanuaryCheck:
    snapshot = registered_ydernumre(cluster, check_day(year, timezone.localdate()))
    check, created = JanuaryCheck.objects.select_for_update().get_or_create(
        cluster=cluster,
        year=year,
        defaults={"snapshot": snapshot, "note": note, "checked_by": actor_of(by)},
    )
    if not created:
        check.snapshot = snapshot
        check.note = note
        check.checked_at = timezone.now()
        check.checked_by = actor_of(by)
        check.save()
    return check
