from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "klynge.clusters"
    label = "clusters"

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from klynge.clusters.audit import stamp_history

        pre_create_historical_record.connect(stamp_history, dispatch_uid="klynge-audit-actor")
