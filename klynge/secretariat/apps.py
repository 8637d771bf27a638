from django.apps import AppConfig


class SecretariatConfig(AppConfig):
    name = "klynge.secretariat"
    label = "secretariat"
