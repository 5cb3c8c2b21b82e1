from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "blangkon.accounts"
    verbose_name = "Accounts and organisations"
