"""The head index: the full-text index again over the first 100,000 member ids, which a people
search reads first and, for a word common enough to make it broad, alone (search/sql.py,
HEAD_INDEX; docs/search.md, "The head index"). In SQL, like migration 0003's: its predicate is
an expression the model's state does not hold."""

from django.db import migrations

from search import sql


class Migration(migrations.Migration):
    dependencies = [("search", "0007_refresh_by_id")]

    operations = [migrations.RunSQL(sql.HEAD_INDEX, sql.HEAD_INDEX_REVERSE)]
