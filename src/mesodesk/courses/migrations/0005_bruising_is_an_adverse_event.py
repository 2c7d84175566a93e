# Bruising moved to safety.AdverseEvent (safety 0002 copies it first).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_price_messages"),
        ("safety", "0002_bruising_from_sessions"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="coursesession",
            name="bruising",
        ),
        migrations.RemoveField(
            model_name="coursesession",
            name="bruising_resolved_on",
        ),
    ]
