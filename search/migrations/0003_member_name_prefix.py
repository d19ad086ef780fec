"""Typeahead of members: a GIN index on the name's words alone (search/sql.py)."""

from django.db import migrations

from search import sql


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_group_search"),
    ]

    operations = [
        migrations.RunSQL(sql.MEMBER_NAME_PREFIX, sql.MEMBER_NAME_PREFIX_REVERSE),
    ]
