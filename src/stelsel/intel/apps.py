from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "stelsel.intel"
    label = "intel"
    verbose_name = "Dreigingsinformatie"

    def ready(self) -> None:
        from stelsel.intel import checks  # noqa: F401  (registers the system check of the matrix configuration)
