"""The end form with the notice it sends, for review before the one step (the clinic page and
the end page show it)."""

import copy
from datetime import timedelta

from django.utils import timezone

from klynge.members import services
from klynge.members.forms import EndMembershipForm


def end_context(membership, by, form=None, coordinator=None) -> dict:
    """The form, and the notice as it reads when the clinic leaves after today (the date
    typed in the form is the one sent). `coordinator`: the cluster's, if the page has it already."""
    preview = copy.copy(membership)
    preview.left = timezone.localdate() + timedelta(days=1)
    region, subject, body = services.notice_text(preview, by, coordinator)
    return {
        "form": form or EndMembershipForm(membership=membership),
        "region": region,
        "subject": subject,
        "body": body,
    }
