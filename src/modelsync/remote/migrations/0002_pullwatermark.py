from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("modelsync_remote", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PullWatermark",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(help_text="app_label.ModelName", max_length=200, unique=True)),
                ("watermark", models.DateTimeField(blank=True, null=True)),
                ("watermark_key", models.CharField(blank=True, default="", help_text="Last key pulled at the watermark", max_length=64)),
                ("pulled_at", models.DateTimeField(blank=True, null=True)),
                ("reconciled_at", models.DateTimeField(blank=True, help_text="When remote deletes were last looked for", null=True)),
            ],
            options={
                "verbose_name": "remote pull watermark",
            },
        ),
    ]
