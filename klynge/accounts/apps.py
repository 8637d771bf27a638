from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "klynge.accounts"
    label = "accounts"

    def ready(self):
        from klynge.accounts import signals  # noqa: F401  (connects the receivers)
