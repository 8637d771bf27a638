"""Who made a change, and why: the actor of every row in the change history.

A service names its actor, a user or a job, and runs its writes inside `acting(...)`; every
historical row written meanwhile records that actor (and the reason, when one is given). Requests
that change data outside a service fall back on simple-history's request user. Jobs and commands
act as `Actor.system("send_due")`, shown as "system: send_due".

    @service
    def end_membership(membership, *, by, reason=""):
        ...  # writes; the history says who (by) and why (reason)
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.db import transaction


@dataclass(frozen=True)
class Actor:
    """A user, or a named job or command when no person is behind the change."""

    user: Any = None
    job: str = ""
    via: str = ""

    @classmethod
    def system(cls, job: str) -> "Actor":
        return cls(job=job)

    @classmethod
    def link(cls, description: str) -> "Actor":
        """Someone without an account, through a personal link (the description says which)."""
        return cls(via=description)

    @classmethod
    def of(cls, who) -> "Actor":
        """An Actor from an Actor, a user, or None (an unnamed system change)."""
        if isinstance(who, Actor):
            return who
        if who is None or not getattr(who, "is_authenticated", False):
            return cls(job="anonymous" if who is not None else "system")
        return cls(user=who)

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.email
        if self.via:
            return self.via
        return f"system: {self.job}"


_current: ContextVar[tuple[Actor, str] | None] = ContextVar("klynge_actor", default=None)


@contextmanager
def acting(who, reason: str = "") -> Iterator[Actor]:
    """Every historical row written inside names this actor (and reason)."""
    actor = Actor.of(who)
    outer = _current.get()
    if outer is not None and not reason:
        reason = outer[1]
    token = _current.set((actor, reason))
    try:
        yield actor
    finally:
        _current.reset(token)


def current() -> tuple[Actor, str] | None:
    return _current.get()


def service(function: Callable) -> Callable:
    """A state change: atomic, and its history names `by` (required) and `reason` (if given)."""

    @wraps(function)
    def wrapper(*args, by, **kwargs):
        with transaction.atomic(), acting(by, str(kwargs.get("reason", "") or "")):
            return function(*args, by=by, **kwargs)

    return wrapper


def stamp_history(sender, history_instance, **kwargs) -> None:
    """simple-history's pre_create_historical_record: fill in the actor and reason."""
    found = _current.get()
    if found is None:
        user = history_instance.history_user
        history_instance.history_actor = user.email if user is not None else ""
        return
    actor, reason = found
    if actor.user is not None:
        history_instance.history_user = actor.user
    elif history_instance.history_user_id is None:
        history_instance.history_user = None
    history_instance.history_actor = actor.label
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason


def _bulk_stamp(objs: list, model) -> dict:
    """The history fields `stamp_history` would give each row, for simple-history's bulk helpers:
    the service's actor (and reason), else the request's user."""
    found = _current.get()
    history = model.history.model
    if found is None:
        user = history.get_default_history_user(objs[0])
        label, reason = (user.email if user is not None else ""), None
    else:
        actor, reason = found
        user = actor.user if actor.user is not None else history.get_default_history_user(objs[0])
        label = actor.label
    return {
        "default_user": user,
        "default_change_reason": reason or None,
        "custom_historical_attrs": {"history_actor": label},
    }


def bulk_create_with_history(objs: list, model) -> list:
    """`model.objects.bulk_create(objs)` and one historical row each, in two queries, naming the
    actor and reason the one-at-a-time path would."""
    from simple_history.utils import bulk_create_with_history as create

    from klynge.clusters.derived import rows_changed

    if not objs:
        return []
    created = create(objs, model, **_bulk_stamp(objs, model))
    rows_changed(model, created, created=True)
    return created


def bulk_update_with_history(objs: list, model, fields: list[str]) -> None:
    """`model.objects.bulk_update(objs, fields)` and one historical row each (a change)."""
    from simple_history.utils import bulk_update_with_history as update

    from klynge.clusters.derived import rows_changed

    if objs:
        update(objs, model, fields, **_bulk_stamp(objs, model))
        rows_changed(model, objs)
