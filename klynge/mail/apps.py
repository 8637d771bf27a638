from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "klynge.mail"
    label = "mail"
