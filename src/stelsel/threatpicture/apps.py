from django.apps import AppConfig


class ThreatPictureConfig(AppConfig):
    name = "stelsel.threatpicture"
    label = "threatpicture"
    verbose_name = "Geïntegreerd dreigingsbeeld"
