# Labels only (language names in the reader's language, sex with a translated name): no schema change.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0003_german"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consenttemplate",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("fr", "French"), ("de", "German")], max_length=5
            ),
        ),
        migrations.AlterField(
            model_name="intakeinvitation",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("fr", "French"), ("de", "German")], max_length=5
            ),
        ),
        migrations.AlterField(
            model_name="patient",
            name="preferred_language",
            field=models.CharField(
                choices=[("en", "English"), ("fr", "French"), ("de", "German")],
                default="en",
                max_length=5,
                verbose_name="Preferred language",
            ),
        ),
        migrations.AlterField(
            model_name="patient",
            name="sex",
            field=models.CharField(
                choices=[
                    ("female", "Female"),
                    ("male", "Male"),
                    ("other", "Other"),
                    ("unknown", "Not stated"),
                ],
                default="unknown",
                max_length=10,
                verbose_name="Sex",
            ),
        ),
    ]
