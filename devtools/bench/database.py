"""A benchmark's own database: created empty next to the configured one, migrated, used, and
dropped afterwards unless kept."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection


@contextmanager
def own_database(name: str, *, keep: bool) -> Iterator[str]:
    """Create and migrate the database `name` and point the connection at it; yield the
    PostgreSQL server version; point back (and drop it unless `keep`) at the end."""
    original = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        call_command("migrate", verbosity=0, interactive=False)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = str(cursor.fetchone()[0])
        yield version
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        if not keep:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
