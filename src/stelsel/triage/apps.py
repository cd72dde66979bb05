from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "stelsel.triage"
    label = "triage"
    verbose_name = "Triage en aanwijzing"
