"""bench_search --write-cost times what keeping the index costs a write, and leaves the
database as it found it."""

import pytest
from django.core.management.base import CommandError
from django.db import connection

from devtools.bench import search
from tests.factories import UserFactory


def row_versions() -> list[tuple[str, ...]]:
    """Each profile's and search document's row version (xmin): an UPDATE that stayed would
    show as a new one."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.member_id, p.xmin::text, d.xmin::text FROM accounts_profile p "
            "JOIN search_memberdocument d USING (member_id) ORDER BY 1"
        )
        return cursor.fetchall()


def test_it_runs_only_in_a_bench_database(db: None) -> None:
    with pytest.raises(CommandError, match="_bench"):
        search.write_cost(3, print)


def test_it_times_each_write_and_rolls_them_back(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    members = UserFactory.create_batch(4, profile__headline="Cartographer")
    monkeypatch.setitem(connection.settings_dict, "NAME", "proconnect_bench")
    versions = row_versions()
    lines: list[str] = []

    search.write_cost(3, lines.append)

    assert lines[0] == f"members {len(members)}, 3 writes each"
    assert [line.split(" | ")[0] for line in lines[2:]] == [f"| {name}" for name in search.WRITES]
    assert all(float(cell) >= 0 for line in lines[2:] for cell in line.strip("| ").split(" | ")[1:])
    assert row_versions() == versions  # every write rolled back: the rows as they were
