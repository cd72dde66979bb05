from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "stelsel.portal"
    label = "portal"
    verbose_name = "Te beveiligen persoon"
