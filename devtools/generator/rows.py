"""The generated network as COPY input: members' rows as text, connections as binary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

import numpy as np
from tqdm import tqdm

from devtools.generator.copy import copy_array, copy_text
from devtools.generator.network import Network

_POSTGRES_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_ROWS_PER_CHUNK = 500_000
_MEMBERS_PER_CHUNK = 20_000
# Renders one member (id, index, (row, joined)) as lines of one table's COPY input.
Render = Callable[[int, int, Any], Iterator[str]]


def mix(values: np.ndarray) -> np.ndarray:
    """A fixed integer hash (splitmix64's finaliser): deterministic pseudo-random per key."""
    z = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def timestamps(keys: np.ndarray, start: datetime, end: datetime) -> np.ndarray:
    """Microseconds since PostgreSQL's epoch, spread deterministically over [start, end)."""
    low = int((start - _POSTGRES_EPOCH).total_seconds() * 1_000_000)
    span = int((end - start).total_seconds() * 1_000_000)
    return (low + (mix(keys) % np.uint64(span)).astype(np.int64)).astype(np.int64)


def iso(microseconds: np.ndarray) -> list[str]:
    """Render PostgreSQL-epoch microseconds as ISO timestamps with a UTC offset."""
    base = np.datetime64("2000-01-01T00:00:00", "us")
    stamps = (base + microseconds.astype("timedelta64[us]")).astype(str)
    return [f"{stamp}+00" for stamp in stamps.tolist()]


def member_chunks(network: Network, render: Render, bar: tqdm) -> Iterator[bytes]:
    members = network.members
    joined = iso(
        timestamps(
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


def connection_chunks(network: Network, bar: tqdm) -> Iterator[bytes]:
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
        chunk["created"] = timestamps(
            pair, datetime(2016, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
        )
        chunk["invitation_len"] = -1
        bar.update(len(member))
        yield chunk.tobytes()
    yield (-1).to_bytes(2, "big", signed=True)


def count_chunks(network: Network, bar: tqdm) -> Iterator[bytes]:
    degrees = network.degrees
    for start in range(0, len(degrees), _ROWS_PER_CHUNK):
        part = degrees[start : start + _ROWS_PER_CHUNK]
        ids = np.arange(start + 1, start + 1 + len(part))
        yield "".join(
            f"{i}\t{c}\t\\N\n" for i, c in zip(ids.tolist(), part.tolist(), strict=True)
        ).encode()
        bar.update(len(part))


def _user_lines(member_id: int, _index: int, payload: Any, *, password: str) -> Iterator[str]:
    row, joined = payload
    yield (
        f"{member_id}\t{password}\t\\N\tf\t{copy_text(row.email)}\t{copy_text(row.first_name)}\t"
        f"{copy_text(row.last_name)}\tt\tf\t{joined}\t\\N\teveryone\tconnections\tt\tf\n"
    )


def _profile_lines(member_id: int, _index: int, payload: Any) -> Iterator[str]:
    row, joined = payload
    yield (
        f"{member_id}\t{copy_text(row.headline)}\t{copy_text(row.summary)}\t{row.industry}\t"
        f"{copy_text(row.location)}\t{copy_text(row.company)}\t{copy_text(row.title)}\t\t\t"
        f"{copy_array(row.skills)}\t{joined}\n"
    )


def _position_lines(member_id: int, index: int, payload: Any) -> Iterator[str]:
    row, _joined = payload
    location = copy_text(row.location)
    yield (
        f"{2 * index + 1}\t{copy_text(row.company)}\t{copy_text(row.title)}\t{location}\t"
        f"{row.current_since.isoformat()}\t\\N\t\t{member_id}\n"
    )
    yield (
        f"{2 * index + 2}\t{copy_text(row.past_company)}\t{copy_text(row.past_title)}\t{location}\t"
        f"{row.career_start.isoformat()}\t{row.current_since.isoformat()}\t\t{member_id}\n"
    )


def _education_lines(member_id: int, index: int, payload: Any) -> Iterator[str]:
    row, _joined = payload
    yield (
        f"{index + 1}\t{copy_text(row.school)}\t{row.degree}\t{copy_text(row.field_of_study)}\t"
        f"{row.graduated - 3}\t{row.graduated}\t{member_id}\n"
    )


def member_copies(password: str) -> tuple[tuple[str, str, Render], ...]:
    """(table, columns, render) of every member table; every member gets the `password` hash."""
    return (
        (
            "accounts_user",
            "id, password, last_login, is_superuser, email, first_name, last_name, is_active, "
            "is_staff, date_joined, deactivated_at, invitations_from, connections_visible_to, "
            "profile_visible_to_out_of_network, show_email_to_connections",
            partial(_user_lines, password=password),
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
