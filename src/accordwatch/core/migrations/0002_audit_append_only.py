from django.db import migrations

from accordwatch.core.db import append_only_sql, drop_append_only_sql

TABLE = "core_auditevent"


def forwards(apps, schema_editor):
    for statement in append_only_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in drop_append_only_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
