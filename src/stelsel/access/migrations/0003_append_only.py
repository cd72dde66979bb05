from typing import Any

from django.db import migrations

from stelsel.core.appendonly import install_triggers


def forwards(apps: Any, schema_editor: Any) -> None:
    install_triggers(schema_editor, "access_accesslogentry")


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial"), ("core", "0002_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
