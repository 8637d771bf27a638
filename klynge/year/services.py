"""State changes of the year, one function each: inside a transaction, recorded in the history,
with their e-mail queued through the outbox under a key so that nothing is sent twice."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.accounts.services import new_calendar_token
from klynge.clusters.audit import Actor, service
from klynge.clusters.models import ClusterRules, Person, Post
from klynge.lib.phrases import stored
from klynge.mail.outbox import absolute, queue_mail
from klynge.meetings import lifecycle
from klynge.meetings.models import Meeting
from klynge.meetings.services import answer_and_calendar, invite
from klynge.year import phrases
from klynge.year.dates import add_months
from klynge.year.models import Assembly, AssemblyDecision, Election, Handover
from klynge.year.rules import not_held_yet

SINGLE_HOLDER = (Post.Kind.COORDINATOR, Post.Kind.TREASURER, Post.Kind.AUDITOR)
# Terms ending this long after the assembly are put up for election on its agenda.
ELECTION_HORIZON_MONTHS = 6


def standard_agenda(cluster, day: date) -> list[str]:
    """The standard agenda of a general assembly (KiAP's template; Danish associations' custom),
    with the posts whose term runs out named under elections."""
    items = [
        stored(phrases.AGENDA_CHAIR),
        stored(phrases.AGENDA_REPORT),
        stored(phrases.AGENDA_ACCOUNTS),
        stored(phrases.AGENDA_BUDGET),
        stored(phrases.AGENDA_PROPOSALS),
    ]
    horizon = add_months(day, ELECTION_HORIZON_MONTHS)
    for post in (
        Post.objects.active(day)
        .filter(cluster=cluster, term_end__isnull=False, term_end__lte=horizon)
        .select_related("person")
        .order_by("kind", "term_end")
    ):
        items.append(election_line(post))
    items += [
        stored(phrases.AGENDA_ELECTIONS),
        stored(phrases.AGENDA_HONORARIA),
        stored(phrases.AGENDA_RULES),
        stored(phrases.AGENDA_MEETINGS),
        stored(phrases.AGENDA_ANY_OTHER),
    ]
    return items


def election_line(post) -> str:
    return stored(
        phrases.AGENDA_ELECTION,
        post=post.get_kind_display(),
        name=post.person.name,
        date=date_format(post.term_end, "SHORT_DATE_FORMAT"),
    )


@service
def create_assembly(
    cluster, *, start: datetime, venue: str, address: str, proposals_deadline, by
) -> Assembly:
    day = timezone.localdate(start)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            cluster=cluster,
            kind=Meeting.Kind.ASSEMBLY,
            title=stored(phrases.ASSEMBLY_TITLE, year=day.year),
            start=start,
            end=start + timedelta(hours=2),
            venue=venue,
            venue_address=address,
        )
        return Assembly.objects.create(
            meeting=meeting,
            proposals_deadline=proposals_deadline,
            agenda="\n".join(standard_agenda(cluster, day)),
        )


def notice_days_left(assembly: Assembly, today: date) -> int:
    return (assembly.day - today).days


def required_notice_days(assembly: Assembly) -> int:
    return assembly.cluster.rulebook_on(assembly.day).assembly_notice_days


def members_to_notify(cluster, on: date) -> list[Person]:
    """Assembly mail goes to the members on the assembly's day (meeting mail uses its date)."""
    return list(Person.objects.members_of(cluster, on).exclude(email="").order_by("name"))


@service
def send_preliminary(assembly: Assembly, *, by) -> int:
    """The preliminary notice with the date (and the deadline for proposals) to every member."""
    cluster = assembly.cluster
    today = timezone.localdate()
    with transaction.atomic():
        people = members_to_notify(cluster, assembly.day or today)
        queued = 0
        for person in people:
            sent = queue_mail(
                "year_assembly_preliminary",
                person.email,
                mail_context(assembly, person),
                key=f"assembly-preliminary:{assembly.pk}:{person.pk}",
                cluster=cluster,
                about=assembly,
            )
            queued += sent is not None
        if assembly.preliminary_sent_at is None:
            assembly.preliminary_sent_at = timezone.now()
            assembly._change_reason = stored(phrases.PRELIMINARY_SENT, n=len(people))
            assembly.save()
    return queued


def check_final_notice(assembly: Assembly, today: date, reason: str) -> None:
    """Refuse a final notice later than the rulebook allows unless a reason is given."""
    left = notice_days_left(assembly, today)
    required = required_notice_days(assembly)
    if left < 0:
        raise ValidationError(_("Generalforsamlingen er afholdt; indkaldelsen kan ikke sendes."))
    if left < required and not reason.strip():
        raise ValidationError(
            _(
                "Der er kun %(left)d dage til generalforsamlingen; den endelige dagsorden skal "
                "udsendes senest %(required)d dage før. Skriv en begrundelse for at sende den "
                "alligevel."
            )
            % {"left": left, "required": required},
            code="late",
        )


@service
def send_final(assembly: Assembly, *, reason: str = "", attachments=None, by) -> int:
    """The final notice with the agenda to every member; invitations for attendance."""
    cluster = assembly.cluster
    today = timezone.localdate()
    check_final_notice(assembly, today, reason)
    late = notice_days_left(assembly, today) < required_notice_days(assembly)
    with transaction.atomic():
        people = members_to_notify(cluster, assembly.day or today)
        # One mail per member: the notice with the agenda is also the invitation, with the
        # personal answer link and the calendar file, so attendance is recorded as for meetings.
        invite(assembly.meeting, people, by=by, send=False)
        invitations = {
            invitation.person_id: invitation
            for invitation in assembly.meeting.invitations.select_related("meeting__cluster")
        }
        queued = 0
        for person in people:
            files = {name: ContentFile(data) for name, data in (attachments or {}).items()}
            context = mail_context(assembly, person)
            invitation = invitations.get(person.pk)
            if invitation is not None:
                context["answer_url"], calendar = answer_and_calendar(invitation)
                files.update(calendar)
            sent = queue_mail(
                "year_assembly_final",
                person.email,
                context,
                key=f"assembly-final:{assembly.pk}:{person.pk}",
                cluster=cluster,
                about=assembly,
                attachments=files or None,
            )
            queued += sent is not None
        if assembly.final_sent_at is None:
            assembly.final_sent_at = timezone.now()
            if late:
                assembly.final_override_reason = reason.strip()
                assembly._change_reason = stored(
                    phrases.FINAL_SENT_LATE,
                    left=notice_days_left(assembly, today),
                    reason=reason.strip(),
                )
            else:
                assembly._change_reason = stored(
                    phrases.FINAL_SENT, left=notice_days_left(assembly, today)
                )
            assembly.save()
    return queued


def mail_context(assembly: Assembly, person) -> dict:
    cluster = assembly.cluster
    return {
        "person": person,
        "cluster": cluster,
        "assembly": assembly,
        "meeting": assembly.meeting,
        "agenda": assembly.agenda_items(),
        "proposals": list(assembly.proposals.exclude(outcome="withdrawn")),
        "url": absolute(reverse("year:assembly", args=[cluster.slug, assembly.pk])),
        "proposals_url": absolute(
            reverse("year:assembly_proposals", args=[cluster.slug, assembly.pk])
        ),
    }


@dataclass
class Applied:
    posts_created: list
    posts_ended: list
    rules: ClusterRules | None


@service
def confirm_minutes(assembly: Assembly, *, by) -> Applied:
    """Confirming the minutes updates the posts from each election's date and the cluster rules
    from the date of the assembly; nothing is deleted, so the history stays. Refused before the
    assembly has started: nothing it decides can take effect ahead of it."""
    if assembly.confirmed_at is not None:
        raise ValidationError(_("Referatet er allerede godkendt."))
    refused = not_held_yet(assembly.meeting.start, timezone.now())
    if refused:
        raise ValidationError(refused, code="future")
    meeting = assembly.meeting
    if not meeting.is_held:
        # The meeting's life decides (time order, no closing a cancelled assembly); refused
        # before any post or rule changes.
        lifecycle.move(
            meeting, Meeting.Status.CLOSED, by=by, reason=stored(phrases.MINUTES_APPROVED)
        )
    created, ended = [], []
    for election in assembly.elections.select_related("person"):
        replaced = apply_election(assembly, election, created, ended)
        if election.kind == Post.Kind.COORDINATOR and replaced:
            note = stored(phrases.ELECTED, assembly=assembly)
            record_handover(assembly.cluster, replaced[0], election.post, note, by)
    rules = apply_rule_decisions(assembly, assembly.day)
    assembly.confirmed_at = timezone.now()
    assembly.confirmed_by = Actor.of(by).user
    assembly._change_reason = stored(phrases.MINUTES_APPROVED)
    assembly.save()
    return Applied(created, ended, rules)


def apply_election(assembly: Assembly, election: Election, created: list, ended: list) -> list:
    """One election of the minutes: the post starts (or is renewed, or ends) from its date.
    Returns the posts of others it replaces (a post one person holds at a time)."""
    cluster = assembly.cluster
    active = list(Post.objects.active(election.start).filter(cluster=cluster, kind=election.kind))
    own = [p for p in active if p.person_id == election.person_id]
    if election.outcome == Election.Outcome.RETIRES:
        for post in own:
            end_post(post, election.start - timedelta(days=1), assembly)
            ended.append(post)
        return []
    replaced = []
    if election.kind in SINGLE_HOLDER:
        replaced = [p for p in active if p.person_id != election.person_id]
        for post in replaced:
            end_post(post, election.start - timedelta(days=1), assembly)
            ended.append(post)
    if own:
        post = own[0]
        post.term_end = election.term_end
        post._change_reason = stored(phrases.REELECTED, assembly=assembly)
        post.save()
    else:
        post = Post(
            cluster=cluster,
            person=election.person,
            kind=election.kind,
            start=election.start,
            term_end=election.term_end,
            elected=Post.Elected.ASSEMBLY,
        )
        post._change_reason = stored(phrases.ELECTED, assembly=assembly)
        post.save()
        created.append(post)
    election.post = post
    election.save(update_fields=["post"])
    return replaced


def end_post(post: Post, end: date, assembly) -> None:
    post.end = end
    post._change_reason = stored(phrases.REPLACED, assembly=assembly)
    post.save()


def apply_rule_decisions(assembly: Assembly, decided_on: date) -> ClusterRules | None:
    decisions = [d for d in assembly.decisions.all() if d.rule_changes()]
    if not decisions:
        return None
    cluster = assembly.cluster
    current = cluster.rules_on(decided_on)
    values = {
        field.name: getattr(current, field.name)
        for field in ClusterRules._meta.concrete_fields
        if field.name not in ("id", "cluster", "valid_from", "decided_at")
    }
    for decision in decisions:
        values.update(decision.rule_changes())
    rules, _created = ClusterRules.objects.update_or_create(
        cluster=cluster,
        valid_from=decided_on,
        defaults={**values, "decided_at": str(assembly.meeting.title)},
    )
    AssemblyDecision.objects.filter(pk__in=[d.pk for d in decisions]).update(rules=rules)
    return rules


def current_coordinator_post(cluster, on: date) -> Post | None:
    return (
        Post.objects.active(on)
        .filter(cluster=cluster, kind=Post.Kind.COORDINATOR)
        .select_related("person")
        .order_by("-start")
        .first()
    )


@service
def hand_over(
    cluster,
    *,
    outgoing: Post,
    successor: Person,
    effective: date,
    term_end,
    note: str,
    by,
) -> Handover:
    """The coordinator hands over from `effective`: the old post ends the day before, the new one
    starts that day (rights follow the post dates), and the secretariat is told by e-mail."""
    if effective <= outgoing.start:
        raise ValidationError(_("Skiftet skal ligge efter den nuværende koordinators startdato."))
    outgoing.end = effective - timedelta(days=1)
    outgoing._change_reason = stored(phrases.HANDED_OVER, name=successor.name)
    outgoing.save()
    new_post = Post(
        cluster=cluster,
        person=successor,
        kind=Post.Kind.COORDINATOR,
        start=effective,
        term_end=term_end,
        elected=Post.Elected.HANDOVER,
    )
    new_post._change_reason = stored(phrases.TAKEN_OVER, name=outgoing.person.name)
    new_post.save()
    return record_handover(cluster, outgoing, new_post, note, by)


def record_handover(cluster, old_post: Post, new_post: Post, note: str, by) -> Handover:
    """The coordinator post passes from `old_post` to `new_post` (already dated): the handover is
    recorded, and the secretariat and the successor are told by e-mail."""
    handover = Handover.objects.create(
        cluster=cluster,
        outgoing=old_post.person,
        successor=new_post.person,
        effective=new_post.start,
        note=note,
        old_post=old_post,
        new_post=new_post,
        created_by=Actor.of(by).user,
    )
    context = {
        "cluster": cluster,
        "handover": handover,
        "scheme": cluster.scheme,
        "months": coordinator_months_text(cluster, handover.effective),
        "url": absolute(reverse("clusters:detail", args=[cluster.slug])),
    }
    queue_mail(
        "year_handover_secretariat",
        cluster.scheme.secretariat_email,
        context,
        key=f"handover:{handover.pk}:secretariat",
        cluster=cluster,
        about=handover,
    )
    if new_post.person.email:
        queue_mail(
            "year_handover_successor",
            new_post.person.email,
            {**context, "person": new_post.person},
            key=f"handover:{handover.pk}:successor:{new_post.person_id}",
            cluster=cluster,
            about=handover,
        )
    return handover


@service
def cancel_handover(handover: Handover, *, by) -> None:
    """Undo a handover that has not taken effect yet (the history keeps both)."""
    if handover.effective <= timezone.localdate():
        raise ValidationError(_("Skiftet er trådt i kraft og kan ikke fortrydes her."))
    with transaction.atomic():
        if handover.new_post is not None:
            handover.new_post._change_reason = stored(phrases.HANDOVER_UNDONE)
            handover.new_post.end = handover.new_post.start - timedelta(days=1)
            handover.new_post.save()
        if handover.old_post is not None:
            handover.old_post.end = None
            handover.old_post._change_reason = stored(phrases.HANDOVER_UNDONE)
            handover.old_post.save()
        handover._change_reason = stored(phrases.UNDONE)
        handover.delete()


def coordinator_by_month(posts, period_start: date) -> list[tuple[date, object]]:
    """Who held the coordinator post on the first day of each of the 12 months of the period
    (the honorarium is split by whole months; a month without a coordinator is not paid)."""
    months = []
    for index in range(12):
        first = add_months(period_start, index)
        holder = next(
            (
                p.person
                for p in posts
                if p.kind == Post.Kind.COORDINATOR
                and p.start <= first
                and (p.end is None or p.end >= first)
            ),
            None,
        )
        months.append((first, holder))
    return months


def honorarium_period_start(cluster, on: date) -> date:
    month = cluster.rulebook_on(on).honorarium_period_start_month
    start = date(on.year, month, 1)
    return start if start <= on else date(on.year - 1, month, 1)


def coordinator_months_text(cluster, on: date) -> list[tuple[str, int]]:
    """(name, months) for the honorarium period containing `on`."""
    posts = list(cluster.posts.filter(kind=Post.Kind.COORDINATOR).select_related("person"))
    counts: dict[str, int] = {}
    for _first, holder in coordinator_by_month(posts, honorarium_period_start(cluster, on)):
        name = holder.name if holder else _("ingen koordinator")
        counts[name] = counts.get(name, 0) + 1
    return list(counts.items())


# The coordinator's two consents: to the public list, and to the secretariat passing the contact
# details on when asked. Each is dated, and the history names who changed it and why.
CONSENTS = {
    "directory": ("directory_consent", phrases.DIRECTORY_GIVEN, phrases.DIRECTORY_WITHDRAWN),
    "pass_on": ("pass_on_consent", phrases.PASS_ON_GIVEN, phrases.PASS_ON_WITHDRAWN),
}


@service
def set_consent(post: Post, kind: str, consent: bool, *, by) -> bool:
    """Give or withdraw one of the coordinator's consents (`CONSENTS`); False if unchanged."""
    field, given, withdrawn = CONSENTS[kind]
    if getattr(post, field) == consent:
        return False
    setattr(post, field, consent)
    setattr(post, f"{field}_at", timezone.now())
    post._change_reason = stored(given if consent else withdrawn)
    post.save()
    return True


def ensure_calendar_token(user) -> str:
    """The user's calendar feed secret, made (as the user) the first time it is asked for."""
    return user.calendar_token or new_calendar_token(user, by=user)
