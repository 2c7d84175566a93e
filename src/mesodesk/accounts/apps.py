from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mesodesk.accounts"
    label = "accounts"
    verbose_name = "Clinics, people and the audit trail"

    def ready(self) -> None:
        from mesodesk.accounts import signals  # noqa: F401 - connects the sign-in audit
