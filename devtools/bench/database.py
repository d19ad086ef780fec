"""A benchmark's own database: created empty next to the configured one, migrated, used, and
dropped afterwards unless kept; and its own graph cache keys."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from devtools import graph_access


def require_bench_database() -> None:
    """Refuse to run outside a database named *_bench (the benchmarks that load or write)."""
    if not connection.settings_dict["NAME"].endswith("_bench"):
        raise CommandError("Run this in a database whose name ends in _bench.")


@contextmanager
def own_graph_cache(prefix: str, redis_db: int) -> Iterator[None]:
    """The cache (and with it graphcache, which keys by member id) on Redis database
    `redis_db` under a key prefix of its own; those keys forgotten and the settings put back
    afterwards."""
    saved = (settings.REDIS_URL, settings.CACHES["default"].get("KEY_PREFIX"))
    settings.REDIS_URL = re.sub(r"/\d*$", "", settings.REDIS_URL) + f"/{redis_db}"
    settings.CACHES["default"]["KEY_PREFIX"] = prefix
    try:
        yield
    finally:
        client = graph_access.client()
        keys = list(client.scan_iter(match=f"{prefix}:*", count=10_000))
        for start in range(0, len(keys), 10_000):
            client.unlink(*keys[start : start + 10_000])
        settings.REDIS_URL, settings.CACHES["default"]["KEY_PREFIX"] = saved


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
