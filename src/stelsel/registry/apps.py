from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "stelsel.registry"
    label = "registry"
    verbose_name = "Register"
