"""Ending an active clinic's membership produces exactly one notice to the region's quality unit,
also when the SMTP server refuses the first attempts and the worker retries (real SMTP server on
127.0.0.1, aiosmtpd)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from klynge.members.models import LeaveNotice


@pytest.fixture
def smtp(flaky_smtp):
    return flaky_smtp(refuse=2)


def test_the_notice_is_delivered_exactly_once_despite_smtp_failures(world, coordinator, smtp):
    clinic = world.clinic_a2
    coordinator.post(
        reverse("members:end_membership", args=[world.cluster_a.slug, clinic.pk]),
        {"left": "2026-03-31", "reason": "left"},
    )
    notice = LeaveNotice.objects.get(membership__clinic=clinic)
    url = reverse("members:notice", args=[world.cluster_a.slug, notice.pk])
    data = {"action": "send", "subject": notice.subject, "body": notice.body}
    coordinator.post(url, data)
    coordinator.post(url, data)  # sent twice from two tabs: still one mail

    now = timezone.now()
    for round_ in range(6):
        with time_machine.travel(now + timedelta(minutes=6 * round_), tick=False):
            call_command("send_due")
            call_command("send_due")  # the worker runs often; nothing is sent twice
    assert smtp.attempts == 3  # two refusals, then one accepted
    assert len(smtp.received) == 1
    envelope = smtp.received[0]
    assert envelope.rcpt_tos == [world.region.notice_email]
    message = envelope.content.decode("utf-8", "replace")
    assert clinic.ydernummer in message


def test_the_notice_is_not_sent_before_the_coordinator_sends_it(world, coordinator, smtp):
    coordinator.post(
        reverse("members:end_membership", args=[world.cluster_a.slug, world.clinic_a2.pk]),
        {"left": "2026-03-31", "reason": "left"},
    )
    call_command("send_due")
    assert smtp.attempts == 0
