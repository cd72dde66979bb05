from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "stelsel.measures"
    label = "measures"
    verbose_name = "Maatregelen"
