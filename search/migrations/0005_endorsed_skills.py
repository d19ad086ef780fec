"""Endorsed skills count twice in the member's search document (search/sql.py); no backfill:
there are no endorsements before this migration."""

from django.db import migrations

from search import sql


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_group_document_stored"),
        ("accounts", "0002_endorsement"),
    ]

    operations = [
        migrations.RunSQL(
            sql.ENDORSED_FUNCTIONS + sql.ENDORSEMENT_TRIGGER,
            sql.ENDORSED_REVERSE + sql.FUNCTIONS,
        ),
    ]
