"""Compile every translation catalogue (.po -> .mo) with polib, so that a fresh machine needs no
GNU gettext to run Klynge. (Making catalogues with `makemessages` still needs gettext.)"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile klynge/**/locale/*/LC_MESSAGES/*.po into .mo files."
    requires_system_checks = []

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR) / "klynge"
        count = 0
        for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            count += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"{count} catalogue(s) compiled")
