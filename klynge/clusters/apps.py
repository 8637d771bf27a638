from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "klynge.clusters"
    verbose_name = _("Klynger")
    label = "clusters"

    def ready(self):
        from django.db.backends.signals import connection_created
        from simple_history.signals import pre_create_historical_record

        from klynge.clusters.audit import stamp_history
        from klynge.clusters.derived import watch_apps
        from klynge.lib.search import register_fold

        pre_create_historical_record.connect(stamp_history, dispatch_uid="klynge-audit-actor")
        watch_apps()
        # Danish letters in name searches on SQLite (klynge/lib/search.py).
        connection_created.connect(register_fold, dispatch_uid="klynge-fold")
