from django.apps import AppConfig


class YearConfig(AppConfig):
    name = "klynge.year"
    label = "year"
