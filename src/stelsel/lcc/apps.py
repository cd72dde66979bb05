from django.apps import AppConfig


class LccConfig(AppConfig):
    name = "stelsel.lcc"
    label = "lcc"
    verbose_name = "Uitvoering en capaciteit (LCC)"
