"""Load a generated network into the current database with COPY (manage.py generate_graph).

Every member, profile, position, education and connection of the database is replaced. The
tables' indexes and constraints are dropped for the COPY and recreated from their own
definitions afterwards (building a b-tree once is far cheaper than a hundred million inserts
into seven of them). The parameters of the loaded graph are kept in the small table
`network_bench_graph`, so that a later run can reuse it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils.module_loading import import_string
from tqdm import tqdm

from devtools import graph_access as cache
from devtools.demo.credentials import DEMO_PASSWORD
from devtools.generator.clustering import average_clustering
from devtools.generator.copy import (
    confirm_every_address,
    copy_chunks,
    detach,
    pause_triggers,
    resume_triggers,
)
from devtools.generator.network import Network
from devtools.generator.rows import connection_chunks, count_chunks, member_chunks, member_copies

META_TABLE = "network_bench_graph"
MEMBER_TABLES = ("accounts_user", "accounts_profile", "accounts_position", "accounts_education")
GRAPH_TABLES = ("connections_connection", "connections_connectioncount")
# Derived data that row triggers on the members' tables keep current day to day; a load pauses
# those triggers and rebuilds the data once, set-based, per installed app.
BULK_REBUILDS = {"search": "search.services.search_index_rebuild"}


def _rebuild_derived(paused: list[tuple[str, str]], say: Callable[[str], None]) -> None:
    if not paused:
        return
    for app, path in BULK_REBUILDS.items():
        if apps.is_installed(app):
            started = time.monotonic()
            import_string(path)()
            say(f"Rebuilt {path} in {time.monotonic() - started:.1f}s")


def ensure_meta_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} ("
            "id integer PRIMARY KEY, params jsonb NOT NULL, stats jsonb NOT NULL, "
            "loaded_at timestamptz NOT NULL)"
        )


def loaded_graph() -> dict[str, Any] | None:
    """The parameters and statistics of the graph loaded by this command, if it is still there."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [META_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT params, stats FROM {META_TABLE} WHERE id = 1")  # noqa: S608
        found = cursor.fetchone()
        if found is None:
            return None
        params, stats = (json.loads(v) if isinstance(v, str) else v for v in found)
        cursor.execute("SELECT count(*) FROM accounts_user")
        if cursor.fetchone()[0] != params["members"]:
            return None  # members were added or removed since: not the generated graph
    return {"params": params, "stats": stats}


def database_name() -> str:
    return str(connection.settings_dict["NAME"])


def refuse_unless_bench(force: bool) -> None:
    name = database_name()
    if not force and not name.endswith("_bench"):
        raise CommandError(
            f"Refusing to replace every member of database {name!r}: the graph generator only "
            "runs on a database whose name ends with '_bench' (or pass --force)."
        )


def load_network(
    network: Network, *, progress: bool = True, say: Callable[[str], None] = print
) -> dict[str, Any]:
    """Replace the database's members and connections with `network` (ids are index + 1)."""
    password = make_password(DEMO_PASSWORD)  # one hash for everyone: Argon2 is slow
    started = time.monotonic()
    # COPY FREEZE needs the table truncated in this very transaction, not in an outer one.
    freeze = "" if connection.in_atomic_block else ", FREEZE"
    ensure_meta_table()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        # Deferred foreign-key checks still queued in an enclosing transaction would make
        # TRUNCATE refuse ("pending trigger events"): run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tables = ", ".join(MEMBER_TABLES + GRAPH_TABLES)
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        paused = pause_triggers(cursor, MEMBER_TABLES + GRAPH_TABLES)
        recreate = [s for table in MEMBER_TABLES + GRAPH_TABLES for s in detach(cursor, table)]
        _copy_network(cursor, network, password=password, freeze=freeze, progress=progress)
        copied = time.monotonic()
        for statement in tqdm(recreate, desc="indexes and constraints", disable=not progress):
            cursor.execute(statement)
        _continue_sequences(cursor, network)
        confirm_every_address(cursor)
        resume_triggers(cursor, paused)
        _rebuild_derived(paused, say)
        stats = _stats(
            network, copy_seconds=copied - started, index_seconds=time.monotonic() - copied
        )
        cursor.execute(
            f"INSERT INTO {META_TABLE} (id, params, stats, loaded_at) VALUES (1, %s, %s, now()) "  # noqa: S608
            "ON CONFLICT (id) DO UPDATE SET params = EXCLUDED.params, stats = EXCLUDED.stats, "
            "loaded_at = EXCLUDED.loaded_at",
            [json.dumps(network.params.as_dict()), json.dumps(stats)],
        )
    with connection.cursor() as cursor:
        for table in MEMBER_TABLES + GRAPH_TABLES:
            cursor.execute(f"ANALYZE {table}")
    cache.forget_everything()
    stats["load_seconds"] = round(time.monotonic() - started, 1)
    return stats


def _copy_network(
    cursor: Any, network: Network, *, password: str, freeze: str, progress: bool
) -> None:
    """COPY the members' tables, the connections (both directions) and their counters."""
    members = network.members.count
    for table, columns, render in member_copies(password):
        with tqdm(total=members, desc=table, unit="member", disable=not progress) as bar:
            copy_chunks(
                cursor,
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT text{freeze})",
                member_chunks(network, render, bar),
            )
    directed = 2 * len(network.edges)
    with tqdm(total=directed, desc="connections", unit="row", disable=not progress) as bar:
        copy_chunks(
            cursor,
            "COPY connections_connection (id, member_id, other_id, created_at, invitation_id) "
            f"FROM STDIN WITH (FORMAT binary{freeze})",
            connection_chunks(network, bar),
        )
    with tqdm(total=members, desc="connection counts", unit="member", disable=not progress) as bar:
        copy_chunks(
            cursor,
            "COPY connections_connectioncount (member_id, count, warned_at) "
            f"FROM STDIN WITH (FORMAT text{freeze})",
            count_chunks(network, bar),
        )


def _continue_sequences(cursor: Any, network: Network) -> None:
    """Set the identity sequences after the copied ids."""
    members = network.members.count
    for table, rows in (
        ("accounts_user", members),
        ("accounts_position", 2 * members),
        ("accounts_education", members),
        ("connections_connection", 2 * len(network.edges)),
    ):
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)",
            [table, max(rows, 1), rows > 0],
        )


def _stats(network: Network, *, copy_seconds: float, index_seconds: float) -> dict[str, Any]:
    members = network.members.count
    indptr, indices = network.adjacency()
    return {
        "members": members,
        "connections": len(network.edges),
        "clustering": round(average_clustering(indptr, indices, sample=2_000), 4),
        "clustering_sampled_members": min(2_000, members),
        "copy_seconds": round(copy_seconds, 1),
        "index_seconds": round(index_seconds, 1),  # and rebuilding derived data
    }
