"""Put failed e-mails back in the outbox: `manage.py requeue_mail --all` or `requeue_mail ID ...`.

For the operator after a long mail-server outage or a fixed configuration; coordinators have the
"Send igen" button on the meeting and notice pages. The next `send_due` sends them.
"""

from django.core.management.base import BaseCommand, CommandError
from post_office.models import STATUS, Email

from klynge.mail.services import requeue


class Command(BaseCommand):
    help = "Requeue failed e-mails (all of them, or those with the given ids)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="ids of failed e-mails")
        parser.add_argument("--all", action="store_true", help="every failed e-mail")

    def handle(self, *args, ids=(), all=False, **options):
        if bool(ids) == bool(all):
            raise CommandError("Give the ids of failed e-mails, or --all (not both).")
        emails = Email.objects.filter(status=STATUS.failed)
        if ids:
            emails = emails.filter(pk__in=ids)
            missing = set(ids) - set(emails.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"Not failed e-mails: {', '.join(map(str, sorted(missing)))}")
        count = requeue(emails, actor="requeue_mail")
        self.stdout.write(f"{count} e-mail(s) requeued")
