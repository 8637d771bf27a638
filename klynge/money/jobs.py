"""Scheduled money work, run by `manage.py send_due`: the packs of claims just submitted.

Submitting a claim only freezes its figures and queues the mails; the pack (a PDF of the claim,
the attendance list and every receipt, seconds to make) is made here, a few minutes later at
most, or by the pack page if someone opens it first (`services.freeze_pack`, under a row lock:
it is made once).
"""

import logging

from klynge.clusters.audit import Actor
from klynge.money import services
from klynge.money.models import Claim

logger = logging.getLogger(__name__)


def run_due(now) -> int:
    waiting = Claim.objects.exclude(status__in=Claim.EDITABLE).filter(pack="").order_by("pk")
    made = 0
    for claim in waiting:
        try:
            services.freeze_pack(claim, by=Actor.system("send_due:money"))
        except Exception:  # one claim's broken receipt must not stop the others' packs
            logger.exception("money: the pack of claim %s could not be made", claim.pk)
            continue
        made += 1
    return made
