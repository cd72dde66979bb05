from typing import Any

from django.db import migrations

from stelsel.core.appendonly import install_triggers


def forwards(apps: Any, schema_editor: Any) -> None:
    for table in ("core_journalentry", "core_journalsubject"):
        install_triggers(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
