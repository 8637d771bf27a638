"""Run what is due, then send the outbox: `manage.py send_due` (every few minutes in production).

Each app may define `klynge/<app>/jobs.py` with `run_due(now) -> int` (how many things it queued).
A job must be idempotent: running it twice, or two at once, must queue nothing twice (the outbox
key per cause and recipient guarantees it for e-mail).
"""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone
from post_office.mail import send_queued

from klynge.clusters.audit import Actor, acting
from klynge.lib.hooks import app_modules
from klynge.mail.lease import lease


def due_jobs():
    for app, module in app_modules("jobs"):
        yield app.label, module.run_due


class Command(BaseCommand):
    help = "Queue reminders and digests that are due, then send queued e-mail with retries."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=int, default=0, help="Repeat every N seconds (for the demo)."
        )

    def handle(self, *args, loop=0, **options):
        while True:
            self.run_once()
            if not loop:
                break
            time.sleep(loop)

    def run_once(self):
        with lease("send_due") as held:
            if not held:
                self.stdout.write("another worker is running; skipped")
                return
            now = timezone.now()
            for label, run_due in due_jobs():
                with acting(Actor.system(f"send_due:{label}")):
                    queued = run_due(now)
                if queued:
                    self.stdout.write(f"{label}: {queued} queued")
            sent, failed, requeued = send_queued(processes=1, log_level=1)
        if sent or failed:
            self.stdout.write(f"mail: {sent} sent, {failed} failed, {requeued} to retry")
