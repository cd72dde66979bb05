from django.apps import AppConfig


class DeploymentConfig(AppConfig):
    name = "stelsel.deployment"
    label = "deployment"
    verbose_name = "Inzet van capaciteit (LCC)"
