"""The member documents' GIN indexes without a pending list, and the full-text index with the
equality filters in it (docs/search.md, "Indexes").

With `fastupdate` on (PostgreSQL's default) a GIN index queues new entries in a pending list,
up to gin_pending_list_limit (4 MB) per index, and every scan reads the whole list: at 1M
members after a rebuild, 68,528 queued names made the name-prefix lookup 4 ms for no match.
Search documents change one profile edit at a time and are read by every search, so the
entries go into the index as they are written. Turning it off does not empty a list already
there: gin_clean_pending_list does.

The full-text index becomes (document, industry, location_key, company_key) with btree_gin: a
keyword with an industry and a city is one index scan that skips through the keyword's entries
to the filters' (GIN's scan advances every key to the rarest one's next item) instead of three
bitmaps built in full and ANDed. A keyword alone reads the same entries as before.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

# Indexes whose definition is unchanged: only the storage parameter moves (no rebuild).
UNCHANGED = (
    ("search_document_name_idx", "name", ["gin_trgm_ops"]),
    ("search_document_past_idx", "past_company_keys", []),
    ("search_document_school_idx", "school_keys", []),
)
# Made in SQL by migration 0003 (an expression index): not in the model's state.
NAME_PREFIX = "search_member_name_prefix_idx"


def _storage(fastupdate: bool) -> str:
    names = [name for name, _, _ in UNCHANGED] + [NAME_PREFIX]
    value = "on" if fastupdate else "off"
    statements = [f"ALTER INDEX {name} SET (fastupdate = {value});" for name in names]
    if not fastupdate:
        statements += [f"SELECT gin_clean_pending_list('{name}'::regclass);" for name in names]
    return "\n".join(statements)


def _gin(name: str, field: str, opclasses: list[str], fastupdate: bool) -> GinIndex:
    return GinIndex(fields=[field], name=name, opclasses=opclasses, fastupdate=fastupdate)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_endorsed_skills")]

    operations = [
        BtreeGinExtension(),
        migrations.RemoveIndex(model_name="memberdocument", name="search_document_fts_idx"),
        migrations.AddIndex(
            model_name="memberdocument",
            index=GinIndex(
                fields=["document", "industry", "location_key", "company_key"],
                name="search_document_fts_idx",
                fastupdate=False,
            ),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(_storage(False), _storage(True))],
            state_operations=[
                operation
                for name, field, opclasses in UNCHANGED
                for operation in (
                    migrations.RemoveIndex(model_name="memberdocument", name=name),
                    migrations.AddIndex(
                        model_name="memberdocument",
                        index=_gin(name, field, opclasses, fastupdate=False),
                    ),
                )
            ],
        ),
    ]
