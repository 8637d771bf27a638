from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "klynge.desk"
    label = "desk"
