"""`manage.py api_token EMAIL` prints a new API token for that account; --revoke revokes."""

from django.core.management.base import BaseCommand, CommandError

from klynge.accounts.models import User
from klynge.api import services
from klynge.clusters.audit import Actor


class Command(BaseCommand):
    help = "Udsteder en ny API-nøgle til brugeren (eller tilbagekalder med --revoke)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--revoke",
            nargs="?",
            const="*",
            metavar="BEGYNDELSE",
            help="Tilbagekald brugerens nøgler (alle, eller den der begynder med BEGYNDELSE).",
        )

    def handle(self, email, revoke=None, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Ingen bruger med e-mailen {email}.")
        by = Actor.system("api_token")
        if revoke:
            count = services.revoke(user, "" if revoke == "*" else revoke, by=by)
            self.stdout.write(f"{count} nøgle(r) tilbagekaldt for {user.email}.")
            return
        if not (user.secretariat_of_id or user.is_superuser):
            self.stderr.write(
                "Bemærk: brugeren er hverken sekretariat eller administrator; "
                "API'et svarer 403 på nøglen."
            )
        self.stdout.write(services.issue(user, by=by))
