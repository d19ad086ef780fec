"""Group search: the document as a stored generated column on groups_group (search/sql.py)."""

from django.db import migrations

from search import sql


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_member_name_prefix"),
    ]

    operations = [
        migrations.RunSQL(sql.GROUP_DOCUMENT_STORED, sql.GROUP_DOCUMENT_STORED_REVERSE),
    ]
