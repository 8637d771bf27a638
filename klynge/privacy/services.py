"""Erasure, retention and rectification: every change a @service with its actor and reason."""

from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from post_office.models import STATUS, Email

from klynge.clusters.audit import service
from klynge.clusters.models import AccessLog, ClinicAffiliation, Person, Post
from klynge.lib.phrases import stored
from klynge.mail.models import Dispatch
from klynge.meetings.models import Invitation, Material
from klynge.members.models import SelfServiceLink
from klynge.messaging.models import Message, Recipient
from klynge.money.models import Claim, HonorariumPayment
from klynge.privacy import phrases, rules
from klynge.privacy.models import Erasure, RetentionRun
from klynge.surveys.models import Response

RULE_TEXT = {
    "clinic": gettext_lazy("Personen arbejder stadig i en klinik i en klynge."),
    "post": gettext_lazy("Personen har stadig en post i en klynge."),
    "bookkeeping": gettext_lazy(
        "Bogføringsloven § 10: honorarer og refusioner gemmes i 5 år efter regnskabsåret."
    ),
}


class ErasureRefused(Exception):
    def __init__(self, blocks):
        super().__init__(blocks)
        self.blocks = blocks


def pseudonym(person) -> str:
    return _("Tidligere medlem %(number)d") % {"number": person.pk}


def money_years(person) -> list[int]:
    years = set(
        HonorariumPayment.objects.filter(person=person).values_list("period_start__year", flat=True)
    )
    if person.user_id:
        years |= set(
            Claim.objects.filter(
                Q(created_by=person.user_id) | Q(submitted_by=person.user_id)
            ).values_list("meeting__start__year", flat=True)
        )
    return sorted(years)


def facts_of(person, today: date) -> rules.PersonFacts:
    affiliations = list(ClinicAffiliation.objects.filter(person=person).select_related("clinic"))
    posts = list(Post.objects.filter(person=person).select_related("cluster"))
    ends = [a.end - timedelta(days=1) for a in affiliations if a.end is not None]
    ends += [p.end for p in posts if p.end is not None]
    return rules.PersonFacts(
        clinics_now=[a.clinic.name for a in affiliations if a.end is None or a.end > today],
        posts_now=[p.cluster.name for p in posts if p.end is None or p.end >= today],
        money_years=money_years(person),
        last_day=max(ends) if ends and len(ends) == len(affiliations) + len(posts) else None,
    )


def blocks_for(person, today: date) -> list[tuple[str, date | None]]:
    """Why the person may not be erased today, in Danish, with until when."""
    return [
        (str(RULE_TEXT[block.rule]), block.until)
        for block in rules.erasure_blocks(facts_of(person, today), today)
    ]


@service
def erase_on_request(person, *, by, reason):
    """The secretariat erases a person on their request, unless a retention rule forbids it."""
    blocks = blocks_for(person, timezone.localdate())
    if blocks:
        raise ErasureRefused(blocks)
    return _pseudonymise(person, by_user=by, reason=reason)


@service
def pseudonymise(person, *, by, reason):
    return _pseudonymise(person, by_user=None, reason=reason)


def _pseudonymise(person, *, by_user, reason):
    if Erasure.objects.filter(person=person).exists():
        return None
    label, old_email = pseudonym(person), person.email
    person.name, person.email, person.phone, person.share_contact = label, "", "", False
    person.save()
    Person.history.filter(id=person.pk).update(name=label, email="", phone="")
    if person.user_id:
        _close_user(person.user, label)
    Invitation.objects.filter(person=person).exclude(answer_reason="").update(answer_reason="")
    Invitation.history.filter(person_id=person.pk).update(answer_reason="")
    # Named questionnaire answers stay in the results, no longer linked to the person.
    Response.objects.filter(recipient__person=person).update(recipient=None)
    AccessLog.objects.relabel_subject(person, label)
    # The cluster's message list keeps who got a message and who wrote it: as the pseudonym.
    Recipient.objects.filter(person=person).update(name=label, email="")
    Message.objects.filter(sender=person).update(sender_name=label, sender_email="")
    if old_email:
        # `to` is a comma-separated list: a substring match alone would also take "joann@" for "ann@".
        candidates = Email.objects.filter(to__icontains=old_email).only("pk", "to")
        Email.objects.filter(
            pk__in=[e.pk for e in candidates if old_email.lower() in {a.lower() for a in e.to}]
        ).delete()
        Dispatch.objects.filter(recipient__iexact=old_email).update(recipient="")
    return Erasure.objects.create(
        person=person,
        by=by_user if getattr(by_user, "is_authenticated", False) else None,
        reason=reason,
    )


def _close_user(user, label):
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    user.name = label
    user.email = f"slettet-{user.pk}@invalid.example"
    user.is_active = False
    user.set_unusable_password()
    user.save()


@service
def update_own_details(person, data: dict, *, by):
    """Rectification by the person: name, e-mail, phone and what others may see."""
    for name in ("name", "email", "phone", "share_contact"):
        if name in data:
            setattr(person, name, data[name])
    person.save()
    return person


# --- The nightly job's rules -------------------------------------------------------------------


def people_due(today: date):
    """Never-erased people with no affiliation or post running after the inactivity limit."""
    limit = rules.years_before(today, rules.INACTIVE_YEARS)
    candidates = (
        Person.objects.filter(erasure__isnull=True, affiliations__isnull=False)
        .exclude(affiliations__end__isnull=True)
        .exclude(affiliations__end__gt=limit)
        .distinct()
    )
    for person in candidates:
        if rules.due_for_pseudonymisation(facts_of(person, today), today):
            yield person


def expire_rows(today: date) -> dict[str, int]:
    start = timezone.make_aware(datetime.combine(today, time.min))
    done = {}
    done["self_service"] = SelfServiceLink.objects.filter(
        created_at__lt=start
        - timedelta(days=SelfServiceLink.VALID_DAYS + rules.SELF_SERVICE_DAYS_AFTER_EXPIRY)
    ).delete()[0]
    outbox_limit = timezone.make_aware(
        datetime.combine(rules.months_before(today, rules.OUTBOX_MONTHS), time.min)
    )
    done["outbox"] = Email.objects.filter(
        created__lt=outbox_limit, status__in=[STATUS.sent, STATUS.failed]
    ).delete()[0]
    done["outbox"] += (
        Dispatch.objects.filter(created__lt=outbox_limit).exclude(recipient="").update(recipient="")
    )
    done["outbox"] += (
        Recipient.objects.filter(message__created__lt=outbox_limit)
        .exclude(email="")
        .update(email="")
    )
    material_limit = rules.years_before(today, rules.MATERIAL_YEARS)
    materials = Material.objects.filter(meeting__start__date__lt=material_limit)
    for material in materials:
        material.file.delete(save=False)
    done["materials"] = materials.delete()[0]
    access_limit = timezone.make_aware(
        datetime.combine(rules.years_before(today, rules.ACCESS_LOG_YEARS), time.min)
    )
    done["access_log"] = AccessLog.objects.expire(before=access_limit)
    done["history"] = expire_history(
        timezone.make_aware(datetime(today.year - rules.HISTORY_YEARS, 1, 1))
    )
    return done


def expire_history(before: datetime) -> int:
    deleted = 0
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_date"):
            deleted += model.objects.filter(history_date__lt=before).delete()[0]
    return deleted


@service
def apply_retention(today: date, *, by):
    """Run every retention rule once for the day; a second run the same day does nothing."""
    if RetentionRun.objects.filter(day=today).exists():
        return None
    people = 0
    for person in list(people_due(today)):
        _pseudonymise(person, by_user=None, reason=stored(phrases.RETENTION_EXPIRED))
        people += 1
    done = {"people": people, **expire_rows(today)}
    return RetentionRun.objects.create(day=today, done=done)
