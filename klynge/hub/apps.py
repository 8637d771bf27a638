from django.apps import AppConfig


class HubConfig(AppConfig):
    """Pages that gather what the apps contribute (dashboard, cluster page, start pages), and the
    commands that fill the whole system (demo, bench). Views only: no models of its own."""

    name = "klynge.hub"
    label = "hub"
