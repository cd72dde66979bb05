from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _set_purge_flag(sender: Any, connection: Any, **kwargs: Any) -> None:
    from django.conf import settings

    from stelsel.core.appendonly import allow_purge_on

    allow_purge_on(connection, bool(settings.STELSEL_ALLOW_JOURNAL_PURGE))


class CoreConfig(AppConfig):
    name = "stelsel.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        connection_created.connect(_set_purge_flag, dispatch_uid="stelsel-purge-flag")
