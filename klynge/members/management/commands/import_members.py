"""`manage.py import_members CLUSTER FILE [--dry-run]`: the secretariat's bulk onboarding.

The same checks as the import page; any error in any row means nothing is written and the exit
status is 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klynge.clusters.audit import Actor
from klynge.clusters.models import Cluster
from klynge.members import importer


class Command(BaseCommand):
    help = "Import clinics and people into a cluster from CSV or XLSX (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("cluster", help="The cluster's slug, e.g. roskilde")
        parser.add_argument("file", help="A .csv or .xlsx file with the documented columns")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def handle(self, cluster, file, dry_run=False, **options):
        try:
            target = Cluster.objects.get(slug=cluster)
        except Cluster.DoesNotExist as exc:
            raise CommandError(f"Ukendt klynge: {cluster}", returncode=1) from exc
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen findes ikke: {file}", returncode=1)
        try:
            rows = importer.parse(path.name, path.read_bytes())
        except importer.ImportFileError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        label = f"Import af {path.name} (kommandolinje)"
        result = importer.plan(target, rows) if dry_run else self.apply(target, rows, label)
        for row in result.rows:
            for warning in row.warnings:
                self.stdout.write(f"Række {row.number}: {warning}")
        if not result.ok:
            for number, column, message in result.errors:
                self.stderr.write(f"Række {number}, {column}: {message}")
            raise CommandError(
                f"{len(result.errors)} fejl i {path.name}; intet er importeret.", returncode=1
            )
        summary = (
            f"{len(result.rows)} rækker: {result.count('clinic')} nye klinikker, "
            f"{result.count('membership')} indmeldelser, {result.count('person')} nye personer, "
            f"{result.count('affiliation')} nye tilknytninger, {result.count('role')} ændrede roller, "
            f"{result.count('unchanged')} uændrede."
        )
        if dry_run:
            self.stdout.write(f"Tjek uden at gemme: {summary}")
        else:
            self.stdout.write(self.style.SUCCESS(f"Importeret: {summary}"))

    @staticmethod
    def apply(cluster, rows, label):
        return importer.apply(cluster, rows, by=Actor.system("import_members"), reason=label)
