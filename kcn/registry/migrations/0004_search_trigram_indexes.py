"""Trigram indexes for the enterprise search box on PostgreSQL.

The search is icontains over names and the legal representative, which Django turns into
UPPER(col) LIKE UPPER('%term%'); a GIN trigram index on the same expression answers it without
scanning every row. SQLite has no such index and does not need one at a single board's size.
"""

from django.db import migrations

COLUMNS = ["name", "foreign_name", "legal_representative"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS registry_enterprise_{column}_trgm '
            f'ON registry_enterprise USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS registry_enterprise_tax_code_prefix "
        "ON registry_enterprise (tax_code varchar_pattern_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS registry_enterprise_{column}_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS registry_enterprise_tax_code_prefix")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_enterprise_workforce_index")]
    operations = [migrations.RunPython(forwards, backwards)]
