from typing import Any

from django.db import migrations

from stelsel.core.appendonly import install_triggers


def forwards(apps: Any, schema_editor: Any) -> None:
    # A delivered product is never changed or removed: a correction is a new product (§3.2, R34).
    install_triggers(schema_editor, "intel_threatproduct")


class Migration(migrations.Migration):
    dependencies = [("intel", "0003_threat_products"), ("core", "0002_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
