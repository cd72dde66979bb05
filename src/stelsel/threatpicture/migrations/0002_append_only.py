from typing import Any

from django.db import migrations

from stelsel.core.appendonly import install_triggers


def forwards(apps: Any, schema_editor: Any) -> None:
    # A review or challenge is evidence that the method was followed, and a release is what the authority decided on:
    # neither is ever changed or removed (R48, R52).
    install_triggers(schema_editor, "threatpicture_picturereview")
    install_triggers(schema_editor, "threatpicture_picturerelease")


class Migration(migrations.Migration):
    dependencies = [("threatpicture", "0001_initial"), ("core", "0002_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
