from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "stelsel.access"
    label = "access"
    verbose_name = "Toegang"
