"""Group search: the document function and its GIN indexes on groups_group (search/sql.py)."""

from django.db import migrations

from search import sql


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("groups", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(sql.GROUP_FUNCTIONS, sql.GROUP_REVERSE),
    ]
