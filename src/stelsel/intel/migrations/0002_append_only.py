from typing import Any

from django.db import migrations

from stelsel.core.appendonly import install_triggers


def forwards(apps: Any, schema_editor: Any) -> None:
    # A set level is never changed or removed: a later matrix version or a new judgement adds a row (R33, R35).
    install_triggers(schema_editor, "intel_threatlevelassessment")


class Migration(migrations.Migration):
    dependencies = [("intel", "0001_initial"), ("core", "0002_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
