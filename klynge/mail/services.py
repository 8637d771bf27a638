"""Changes to the outbox: putting failed mails back in the queue."""

import logging

from django.db.models import QuerySet
from post_office.models import STATUS, Email

logger = logging.getLogger(__name__)


def requeue(emails: QuerySet[Email], actor=None) -> int:
    """Send failed mails again from the start: due now, with a fresh give-up time.

    Only failed mails move; a mail sent or still queued in the meantime is left alone, so pressing
    the button twice sends one mail. Returns how many were requeued.
    """
    count = emails.filter(status=STATUS.failed).update(
        status=STATUS.queued, scheduled_time=None, number_of_retries=0
    )
    if count:
        logger.info("outbox: %s failed mail(s) requeued by %s", count, actor or "an operator")
    return count
