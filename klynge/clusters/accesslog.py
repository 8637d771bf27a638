"""The one helper that writes the access log of look-ups and exports of personal data."""

from collections.abc import Iterable

from django.utils import translation

from klynge.clusters.models import AccessLog, Person


def log_access(request, action: str, purpose: str, persons: Iterable = (), cluster=None) -> int:
    """Append one row per person looked up or exported; return how many were written.

    `persons` are Person objects (or one row with no subject when empty, for a search).
    The purpose is stored in Danish, the log's language, whatever language the user browses in.
    """
    with translation.override("da"):
        purpose = str(purpose)
    user = request.user if request.user.is_authenticated else None
    actor_label = user.email if user else "anonym"
    path = request.get_full_path()[:500]
    rows = [
        AccessLog(
            actor=user,
            actor_label=actor_label,
            action=action,
            subject=person,
            subject_label=person.name,
            cluster=cluster,
            purpose=purpose,
            path=path,
        )
        for person in persons
    ]
    if not rows:
        rows = [
            AccessLog(
                actor=user,
                actor_label=actor_label,
                action=action,
                cluster=cluster,
                purpose=purpose,
                path=path,
            )
        ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def people_of_users(user_ids: Iterable) -> list:
    """The persons behind these accounts (accounts without a person are left out), in one query."""
    ids = {pk for pk in user_ids if pk}
    return list(Person.objects.filter(user_id__in=ids)) if ids else []
