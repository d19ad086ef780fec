"""Generate a large network and load it into the current database with COPY.

    manage.py generate_graph --members 1000000 --seed 2026 [--mean-degree 100] [--hubs 3]

Every member, profile, position, education and connection of the database is replaced, so the
command refuses to run unless the database name ends with `_bench` (or `--force` is given).
The connection table's indexes and constraints are dropped for the COPY and recreated from
their own definitions afterwards (building a b-tree once is far cheaper than a hundred million
inserts into seven of them). `--reuse` does nothing when a graph with the same parameters is
already loaded (they are kept in the small table `network_bench_graph`).
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils.module_loading import import_string
from tqdm import tqdm

from accounts.demo import DEMO_PASSWORD
from network import graph
from network.generator import Network, Params, average_clustering, generate

META_TABLE = "network_bench_graph"
MEMBER_TABLES = ("accounts_user", "accounts_profile", "accounts_position", "accounts_education")
GRAPH_TABLES = ("connections_connection", "connections_connectioncount")
_POSTGRES_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# Derived data that row triggers on the members' tables keep current day to day; a load pauses
# those triggers and rebuilds the data once, set-based, per installed app.
BULK_REBUILDS = {"search": "search.services.search_index_rebuild"}
_ROWS_PER_CHUNK = 500_000
_MEMBERS_PER_CHUNK = 20_000


class _Stream(io.RawIOBase):
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


def _text(value: str) -> str:
    """Escape a value for COPY's text format."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def _array(values: list[str]) -> str:
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return _text("{" + ",".join(quoted) + "}")


def _mix(values: np.ndarray) -> np.ndarray:
    """A fixed integer hash (splitmix64's finaliser): deterministic pseudo-random per key."""
    z = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _timestamps(keys: np.ndarray, start: datetime, end: datetime) -> np.ndarray:
    """Microseconds since PostgreSQL's epoch, spread deterministically over [start, end)."""
    low = int((start - _POSTGRES_EPOCH).total_seconds() * 1_000_000)
    span = int((end - start).total_seconds() * 1_000_000)
    return (low + (_mix(keys) % np.uint64(span)).astype(np.int64)).astype(np.int64)


def _iso(microseconds: np.ndarray) -> list[str]:
    """Render PostgreSQL-epoch microseconds as ISO timestamps with a UTC offset."""
    base = np.datetime64("2000-01-01T00:00:00", "us")
    stamps = (base + microseconds.astype("timedelta64[us]")).astype(str)
    return [f"{stamp}+00" for stamp in stamps.tolist()]


def _member_chunks(
    network: Network, render: Callable[[int, int, Any], Iterator[str]], bar: tqdm
) -> Iterator[bytes]:
    members = network.members
    joined = _iso(
        _timestamps(
            np.arange(members.count),
            datetime(2012, 1, 1, tzinfo=UTC),
            datetime(2026, 1, 1, tzinfo=UTC),
        )
    )
    for start in range(0, members.count, _MEMBERS_PER_CHUNK):
        stop = min(start + _MEMBERS_PER_CHUNK, members.count)
        lines: list[str] = []
        for row in members.rows(start, stop):
            lines.extend(render(row.index + 1, row.index, (row, joined[row.index])))
        bar.update(stop - start)
        yield ("".join(lines)).encode()


def _connection_chunks(network: Network, bar: tqdm) -> Iterator[bytes]:
    """COPY binary rows (id, member_id, other_id, created_at, invitation_id NULL)."""
    count = network.members.count
    row = np.dtype(
        [
            ("fields", ">i2"),
            ("id_len", ">i4"),
            ("id", ">i8"),
            ("member_len", ">i4"),
            ("member", ">i8"),
            ("other_len", ">i4"),
            ("other", ">i8"),
            ("created_len", ">i4"),
            ("created", ">i8"),
            ("invitation_len", ">i4"),
        ]
    )
    owners, others = network.directed()
    yield b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
    for start in range(0, len(owners), _ROWS_PER_CHUNK):
        member = owners[start : start + _ROWS_PER_CHUNK].astype(np.int64)
        other = others[start : start + _ROWS_PER_CHUNK].astype(np.int64)
        pair = np.minimum(member, other) * count + np.maximum(member, other)
        chunk = np.empty(len(member), dtype=row)
        chunk["fields"] = 5
        chunk["id_len"] = chunk["member_len"] = chunk["other_len"] = chunk["created_len"] = 8
        chunk["id"] = np.arange(start + 1, start + 1 + len(member))
        chunk["member"] = member + 1
        chunk["other"] = other + 1
        chunk["created"] = _timestamps(
            pair, datetime(2016, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
        )
        chunk["invitation_len"] = -1
        bar.update(len(member))
        yield chunk.tobytes()
    yield (-1).to_bytes(2, "big", signed=True)


def _count_chunks(network: Network, bar: tqdm) -> Iterator[bytes]:
    degrees = network.degrees
    for start in range(0, len(degrees), _ROWS_PER_CHUNK):
        part = degrees[start : start + _ROWS_PER_CHUNK]
        ids = np.arange(start + 1, start + 1 + len(part))
        yield "".join(
            f"{i}\t{c}\t\\N\n" for i, c in zip(ids.tolist(), part.tolist(), strict=True)
        ).encode()
        bar.update(len(part))


def _user_lines(member_id: int, _index: int, payload: Any) -> Iterator[str]:
    row, joined = payload
    yield (
        f"{member_id}\t{_PASSWORD[0]}\t\\N\tf\t{_text(row.email)}\t{_text(row.first_name)}\t"
        f"{_text(row.last_name)}\tt\tf\t{joined}\t\\N\teveryone\tconnections\tt\tf\n"
    )


def _profile_lines(member_id: int, _index: int, payload: Any) -> Iterator[str]:
    row, joined = payload
    yield (
        f"{member_id}\t{_text(row.headline)}\t{_text(row.summary)}\t{row.industry}\t"
        f"{_text(row.location)}\t{_text(row.company)}\t{_text(row.title)}\t\t\t"
        f"{_array(row.skills)}\t{joined}\n"
    )


def _position_lines(member_id: int, index: int, payload: Any) -> Iterator[str]:
    row, _joined = payload
    location = _text(row.location)
    yield (
        f"{2 * index + 1}\t{_text(row.company)}\t{_text(row.title)}\t{location}\t"
        f"{row.current_since.isoformat()}\t\\N\t\t{member_id}\n"
    )
    yield (
        f"{2 * index + 2}\t{_text(row.past_company)}\t{_text(row.past_title)}\t{location}\t"
        f"{row.career_start.isoformat()}\t{row.current_since.isoformat()}\t\t{member_id}\n"
    )


def _education_lines(member_id: int, index: int, payload: Any) -> Iterator[str]:
    row, _joined = payload
    yield (
        f"{index + 1}\t{_text(row.school)}\t{row.degree}\t{_text(row.field_of_study)}\t"
        f"{row.graduated - 3}\t{row.graduated}\t{member_id}\n"
    )


_PASSWORD: list[str] = [""]

_MEMBER_COPIES: tuple[tuple[str, str, Callable[[int, int, Any], Iterator[str]]], ...] = (
    (
        "accounts_user",
        "id, password, last_login, is_superuser, email, first_name, last_name, is_active, "
        "is_staff, date_joined, deactivated_at, invitations_from, connections_visible_to, "
        "profile_visible_to_out_of_network, show_email_to_connections",
        _user_lines,
    ),
    (
        "accounts_profile",
        "member_id, headline, summary, industry, location, current_company, current_title, "
        "photo, photo_thumbnail, skills, updated_at",
        _profile_lines,
    ),
    (
        "accounts_position",
        "id, company, title, location, start_date, end_date, description, member_id",
        _position_lines,
    ),
    (
        "accounts_education",
        "id, school, degree, field_of_study, start_year, end_year, member_id",
        _education_lines,
    ),
)


def _detach(cursor: Any, table: str) -> list[str]:
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


def _pause_triggers(cursor: Any, tables: Iterable[str]) -> list[tuple[str, str]]:
    """Disable the enabled user triggers of the tables; return (table, trigger) to re-enable.

    Row triggers that maintain derived data (the search documents) would run once per copied
    row; BULK_REBUILDS rebuilds that data in one statement instead. Triggers a caller already
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


def _resume_triggers(cursor: Any, paused: list[tuple[str, str]]) -> None:
    quoted = connection.ops.quote_name
    for table, name in paused:
        cursor.execute(f"ALTER TABLE {quoted(table)} ENABLE TRIGGER {quoted(name)}")


def _rebuild_derived(paused: list[tuple[str, str]], say: Callable[[str], None]) -> None:
    if not paused:
        return
    for app, path in BULK_REBUILDS.items():
        if apps.is_installed(app):
            started = time.monotonic()
            import_string(path)()
            say(f"Rebuilt {path} in {time.monotonic() - started:.1f}s")


def copy_chunks(cursor: Any, sql: str, chunks: Iterable[bytes]) -> None:
    """COPY `sql` FROM STDIN, streaming the chunks (the benchmarks load with it too)."""
    cursor.cursor.copy_expert(sql, _Stream(chunks), size=1 << 20)


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
    members = network.members.count
    _PASSWORD[0] = make_password(DEMO_PASSWORD)  # one hash for everyone: Argon2 is slow
    started = time.monotonic()
    outer = connection.in_atomic_block
    freeze = "" if outer else ", FREEZE"
    ensure_meta_table()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        # Deferred foreign-key checks still queued in an enclosing transaction would make
        # TRUNCATE refuse ("pending trigger events"): run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tables = ", ".join(MEMBER_TABLES + GRAPH_TABLES)
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        paused = _pause_triggers(cursor, MEMBER_TABLES + GRAPH_TABLES)
        recreate = [s for table in MEMBER_TABLES + GRAPH_TABLES for s in _detach(cursor, table)]
        for table, columns, render in _MEMBER_COPIES:
            with tqdm(total=members, desc=table, unit="member", disable=not progress) as bar:
                copy_chunks(
                    cursor,
                    f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT text{freeze})",
                    _member_chunks(network, render, bar),
                )
        directed = 2 * len(network.edges)
        with tqdm(total=directed, desc="connections", unit="row", disable=not progress) as bar:
            copy_chunks(
                cursor,
                "COPY connections_connection (id, member_id, other_id, created_at, invitation_id) "
                f"FROM STDIN WITH (FORMAT binary{freeze})",
                _connection_chunks(network, bar),
            )
        with tqdm(
            total=members, desc="connection counts", unit="member", disable=not progress
        ) as bar:
            copy_chunks(
                cursor,
                "COPY connections_connectioncount (member_id, count, warned_at) "
                f"FROM STDIN WITH (FORMAT text{freeze})",
                _count_chunks(network, bar),
            )
        copied = time.monotonic()
        for statement in tqdm(recreate, desc="indexes and constraints", disable=not progress):
            cursor.execute(statement)
        for table, rows in (
            ("accounts_user", members),
            ("accounts_position", 2 * members),
            ("accounts_education", members),
            ("connections_connection", directed),
        ):
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)",
                [table, max(rows, 1), rows > 0],
            )
        _resume_triggers(cursor, paused)
        _rebuild_derived(paused, say)
        indexed = time.monotonic()
        indptr, indices = network.adjacency()
        stats = {
            "members": members,
            "connections": len(network.edges),
            "clustering": round(average_clustering(indptr, indices, sample=2_000), 4),
            "clustering_sampled_members": min(2_000, members),
            "copy_seconds": round(copied - started, 1),
            "index_seconds": round(indexed - copied, 1),  # and rebuilding derived data
        }
        cursor.execute(
            f"INSERT INTO {META_TABLE} (id, params, stats, loaded_at) VALUES (1, %s, %s, now()) "  # noqa: S608
            "ON CONFLICT (id) DO UPDATE SET params = EXCLUDED.params, stats = EXCLUDED.stats, "
            "loaded_at = EXCLUDED.loaded_at",
            [json.dumps(network.params.as_dict()), json.dumps(stats)],
        )
    with connection.cursor() as cursor:
        for table in MEMBER_TABLES + GRAPH_TABLES:
            cursor.execute(f"ANALYZE {table}")
    graph.forget_everything()
    stats["load_seconds"] = round(time.monotonic() - started, 1)
    return stats


class Command(BaseCommand):
    help = "Replace the members and connections of a *_bench database with a generated network."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--mean-degree", type=float, default=100.0)
        parser.add_argument("--hubs", type=int, default=3, help="members at exactly the cap")
        parser.add_argument("--force", action="store_true", help="run on any database")
        parser.add_argument(
            "--reuse", action="store_true", help="keep a loaded graph with the same parameters"
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> str:
        refuse_unless_bench(options["force"])
        params = Params(
            members=options["members"],
            seed=options["seed"],
            mean_degree=options["mean_degree"],
            hubs=options["hubs"],
            cap=settings.CONNECTIONS_MAX_PER_MEMBER,
        )
        if options["reuse"]:
            loaded = loaded_graph()
            if loaded is not None and loaded["params"] == params.as_dict():
                self.stdout.write(f"Reusing the loaded graph: {json.dumps(loaded['stats'])}")
                return ""
        started = time.monotonic()
        self.stdout.write(f"Generating {params.members:,} members (seed {params.seed})…")
        network = generate(
            params.members,
            seed=params.seed,
            mean_degree=params.mean_degree,
            hubs=params.hubs,
            cap=params.cap,
        )
        self.stdout.write(
            f"Generated {len(network.edges):,} connections in {time.monotonic() - started:.1f}s; "
            f"loading into {database_name()}…"
        )
        stats = load_network(network, progress=not options["no_progress"], say=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Loaded: {json.dumps(stats)}"))
        return ""
