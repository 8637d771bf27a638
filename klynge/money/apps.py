from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "klynge.money"
    label = "money"
