"""Run what is due, then send the outbox: `manage.py send_due` (every few minutes in production).

Each app may define `klynge/<app>/jobs.py` with `run_due(now) -> int` (how many things it queued).
The jobs run under a lease (one worker at a time, renewed between jobs, gone within a minute of a
worker's death). A job must be idempotent and crash-safe: it queues each mail in its own
transaction together with the record that it was sent (the outbox key per cause and recipient),
so a job stopped at any point and run again, or run by two workers at once, queues nothing twice.

Sending needs no lease: each mail is claimed on its own (see `klynge/mail/worker.py`), so a
restarted worker sends at once, and two workers share the outbox without sending a mail twice.
"""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from klynge.clusters.audit import Actor, acting
from klynge.lib.hooks import app_modules
from klynge.mail.lease import lease
from klynge.mail.worker import send_outbox

JOBS_LEASE = "send_due"


def due_jobs():
    for app, module in app_modules("jobs"):
        yield app.label, module.run_due


class Command(BaseCommand):
    help = "Queue reminders and digests that are due, then send queued e-mail with retries."
    # It runs every few minutes: the system checks (which import every view) belong to deploys.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=int, default=0, help="Repeat every N seconds (for the demo)."
        )

    def handle(self, *args, loop=0, **options):
        while True:
            self.run_jobs()
            self.send_mail()
            if not loop:
                break
            time.sleep(loop)

    def run_jobs(self):
        with lease(JOBS_LEASE) as held:
            if held is None:
                self.stdout.write("jobs: another worker is running them; skipped")
                return
            for label, run_due in due_jobs():
                if not held.renew():
                    self.stdout.write("jobs: the lease ran out; the next run does the rest")
                    return
                with acting(Actor.system(f"send_due:{label}")):
                    queued = run_due(timezone.now())
                if queued:
                    self.stdout.write(f"{label}: {queued} queued")

    def send_mail(self):
        tally = send_outbox()
        if tally.sent or tally.retry or tally.failed:
            self.stdout.write(
                f"mail: {tally.sent} sent, {tally.retry} to retry, {tally.failed} failed"
            )
        if tally.unreachable:
            self.stderr.write(f"mail: the mail server could not be reached: {tally.unreachable}")
