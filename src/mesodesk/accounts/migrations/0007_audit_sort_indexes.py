"""An index per sortable column of the audit page, the clinic first and the id last (issue 15):
the page sorts by each and pages by keyset on (column, id)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_sign_in_security")]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["clinic_id", "actor", "id"], name="audit_clinic_actor"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["clinic_id", "action", "id"], name="audit_clinic_action"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["clinic_id", "object_type", "id"], name="audit_clinic_object_type"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["clinic_id", "object_id", "id"], name="audit_clinic_object_id"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["clinic_id", "patient_id", "id"], name="audit_clinic_patient"),
        ),
    ]
