from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "klynge.clusters"
    label = "clusters"
