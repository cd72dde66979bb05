from django.apps import AppConfig


class LocalConfig(AppConfig):
    name = "stelsel.local"
    label = "local"
    verbose_name = "Lokaal domein en objecten"
