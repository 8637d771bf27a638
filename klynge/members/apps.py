from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "klynge.members"
    label = "members"
