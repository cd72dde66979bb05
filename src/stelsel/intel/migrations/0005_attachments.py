from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from stelsel.core.appendonly import install_triggers


def forwards(apps: Any, schema_editor: Any) -> None:
    # Attachments are part of a product's delivery and a delivered product is never changed (§3.2, R34): their rows
    # are append-only. So is the marking's list of named organisations: a delivered marking never changes (R51).
    install_triggers(schema_editor, "intel_productattachment")
    install_triggers(schema_editor, "intel_threatproduct_named_orgs")


class Migration(migrations.Migration):
    dependencies = [("intel", "0004_products_append_only"), ("core", "0002_append_only")]

    operations = [
        migrations.CreateModel(
            name="ProductAttachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("filename", models.CharField(max_length=255)),
                ("content_type", models.CharField(max_length=100)),
                ("size", models.PositiveBigIntegerField()),
                ("sha256", models.CharField(max_length=64)),
                ("storage_key", models.CharField(max_length=200)),
                ("uploaded_at", models.DateTimeField()),
                (
                    "product",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attachments",
                        to="intel.threatproduct",
                    ),
                ),
            ],
            options={
                "verbose_name": "bijlage",
                "verbose_name_plural": "bijlagen",
                "ordering": ["product", "id"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("size__gt", 0)), name="intel_attachment_not_empty")
                ],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
