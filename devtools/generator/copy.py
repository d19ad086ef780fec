"""Bulk loading with COPY: streaming chunks, escaping values, and taking a table's indexes,
keys and triggers out of the way of a load (and putting them back)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models


class Stream(io.RawIOBase):
    """A read-only file over an iterator of byte chunks (what copy_expert reads from)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not len(self._pending):
            try:
                self._pending = memoryview(next(self._chunks))
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def copy_text(value: str) -> str:
    """Escape a value for COPY's text format."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def copy_array(values: list[str]) -> str:
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return copy_text("{" + ",".join(quoted) + "}")


def detach(cursor: Any, table: str) -> list[str]:
    """Drop the table's indexes and key constraints; return the statements recreating them.

    Kept: NOT NULL and CHECK constraints (cheap per row), and a primary or unique key that
    another table's foreign key depends on.
    """
    cursor.execute(
        """
        SELECT c.conname, c.contype, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        WHERE c.conrelid = %s::regclass AND c.contype IN ('p', 'u', 'f')
          AND NOT (c.contype IN ('p', 'u') AND EXISTS (
              SELECT 1 FROM pg_constraint f
              WHERE f.contype = 'f' AND f.conindid = c.conindid AND f.conrelid <> c.conrelid))
        ORDER BY c.contype DESC, c.conname
        """,
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1
        """,
        [table],
    )
    indexes = cursor.fetchall()
    quoted = connection.ops.quote_name
    for name, _kind, _definition in constraints:
        cursor.execute(f"ALTER TABLE {quoted(table)} DROP CONSTRAINT {quoted(name)}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    keys = [d for _n, kind, d in constraints if kind != "f"]
    foreign = [d for _n, kind, d in constraints if kind == "f"]
    names = {d: n for n, _k, d in constraints}
    return (
        [definition for _name, definition in indexes]
        + [f"ALTER TABLE {quoted(table)} ADD CONSTRAINT {quoted(names[d])} {d}" for d in keys]
        + [f"ALTER TABLE {quoted(table)} ADD CONSTRAINT {quoted(names[d])} {d}" for d in foreign]
    )


def pause_triggers(cursor: Any, tables: Iterable[str]) -> list[tuple[str, str]]:
    """Disable the enabled user triggers of the tables; return (table, trigger) to re-enable.

    Row triggers that maintain derived data (the search documents) would run once per copied
    row; the loader rebuilds that data in one statement instead. Triggers a caller already
    paused are left alone (and so is rebuilding, which is then the caller's job).
    """
    cursor.execute(
        "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
        "WHERE NOT tgisinternal AND tgenabled <> 'D' AND tgrelid = ANY(%s::regclass[]) "
        "ORDER BY 1, 2",
        [list(tables)],
    )
    paused = [(table, name) for table, name in cursor.fetchall()]
    quoted = connection.ops.quote_name
    for table, name in paused:
        cursor.execute(f"ALTER TABLE {quoted(table)} DISABLE TRIGGER {quoted(name)}")
    return paused


def resume_triggers(cursor: Any, paused: list[tuple[str, str]]) -> None:
    quoted = connection.ops.quote_name
    for table, name in paused:
        cursor.execute(f"ALTER TABLE {quoted(table)} ENABLE TRIGGER {quoted(name)}")


def copy_chunks(cursor: Any, sql: str, chunks: Iterable[bytes]) -> None:
    """COPY `sql` FROM STDIN, streaming the chunks (the benchmarks load with it too)."""
    cursor.cursor.copy_expert(sql, Stream(chunks), size=1 << 20)


def copy_text_rows(cursor: Any, table: str, columns: str, rows: Iterator[str]) -> None:
    """COPY rows already rendered in COPY's text format into `table` (`columns`)."""
    sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT text)"
    copy_chunks(cursor, sql, (row.encode() for row in rows))


def copy_value(value: Any) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "{" + ",".join(str(item) for item in value) + "}"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def copy_model_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """COPY rows into the model's table; columns not given get the model field's default."""
    defaults = [
        (item.column, item.get_default())
        for item in model._meta.concrete_fields
        if item.column not in columns and not isinstance(item, models.AutoField)
    ]
    names = [*columns, *(str(column) for column, _ in defaults)]
    tail = [copy_value(value) for _, value in defaults]
    count = 0
    buffer = io.StringIO()

    def flush() -> None:
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {model._meta.db_table} ({', '.join(names)}) FROM STDIN", buffer
            )
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        buffer.write("\t".join([*(copy_value(value) for value in row), *tail]) + "\n")
        count += 1
        if count % 200_000 == 0:
            flush()
    flush()
    return count


def confirm_every_address(cursor: Any) -> None:
    """Give every loaded member a confirmed address (django-allauth's rows), so generated
    members invite, message and post as established members do."""
    cursor.execute(
        'INSERT INTO account_emailaddress (user_id, email, verified, "primary") '
        "SELECT id, email, true, true FROM accounts_user"
    )
