from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "klynge.accounts"
    label = "accounts"
