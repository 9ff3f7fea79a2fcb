"""The verification log is signed history: the database refuses to change or remove a step."""

from django.db import migrations

from accordwatch.core.db import append_only_sql, drop_append_only_sql

TABLE = "incidents_verificationstep"


def forwards(apps, schema_editor):
    for statement in append_only_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in drop_append_only_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_vocabulary")]
    operations = [migrations.RunPython(forwards, backwards)]
