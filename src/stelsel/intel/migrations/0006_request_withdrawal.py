from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("intel", "0005_attachments")]

    operations = [
        migrations.AddField(
            model_name="productrequest",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="productrequest",
            name="withdrawal_reason",
            field=models.TextField(blank=True, default=""),
        ),
    ]
