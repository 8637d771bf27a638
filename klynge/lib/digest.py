"""News for the weekly digest, contributed by the apps that own it (like panels and deadlines).

An app with a `digest.py` module defining `notes(clusters, today)` returns, per cluster id, the
notes its coordinators and board should hear about this week. The digest mails each note to each
person once (the note's `key` is remembered per recipient) and sends a digest when there is a note
even if nothing on the wheel is due."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .hooks import app_modules


@dataclass(frozen=True)
class Note:
    key: str  # unique within the cluster, e.g. "guide:12"
    title: str
    url: str  # a path; the digest puts the site's address in front
    day: date  # the day the note is about (e.g. a guide's version date)
    source: str  # who it comes from, e.g. "eKVIS"


def notes(clusters: dict, today: date) -> dict[int, list[Note]]:
    found: dict[int, list[Note]] = defaultdict(list)
    for _app, module in app_modules("digest"):
        for cluster_id, items in module.notes(clusters, today).items():
            found[cluster_id].extend(items)
    return found
