"""The head index: the full-text index again over the first 100,000 member ids, which a people
search reads first and, for a word common enough to make it broad, alone (search/sql.py,
HEAD_MEMBERS; docs/search.md, "The head index"). In SQL, like migration 0003's: its predicate
is an expression the model's state does not hold. The bound is written out here, not imported:
another HEAD_MEMBERS needs a migration of its own (tests/search/test_head.py holds the two
equal)."""

from django.db import migrations

HEAD_INDEX = """
CREATE INDEX search_document_head_fts_idx ON search_memberdocument
    USING gin (document, industry, location_key, company_key) WITH (fastupdate = off)
    WHERE (member_id + 0) < 100000;
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0007_refresh_by_id")]

    operations = [
        migrations.RunSQL(HEAD_INDEX, "DROP INDEX IF EXISTS search_document_head_fts_idx;")
    ]
