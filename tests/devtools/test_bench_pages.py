"""A tiny run of bench_pages: its own database (a name ending in _pages) made, every page timed
with a 200 and its queries counted, the database dropped; any other name refused."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.devtools.bench_runs import database_exists


@pytest.mark.django_db(transaction=True)
def test_bench_pages_times_every_page_and_drops_its_database(capsys) -> None:
    database = f"proconnect_{connection.settings_dict['NAME']}"[:50] + "_pages"
    call_command(
        "bench_pages",
        database=database,
        members=300,
        connections=40,
        group_members=20,
        invitations=2,
        runs=2,
    )
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    pages = {row.split(" | ")[0][2:]: row for row in rows[2:]}
    assert set(pages) == {
        "my network",
        "group members",
        "mutual connections",
        "people search",
        "typeahead",
    }
    for row in pages.values():
        assert int(row.rstrip(" |").rsplit("| ", 1)[1]) > 0  # queries were counted
    assert not database_exists(database)


@pytest.mark.parametrize("name", ["proconnect", "proconnect_bench", "pages_proconnect"])
def test_bench_pages_refuses_a_database_not_ending_in_pages(name: str) -> None:
    with pytest.raises(SystemExit, match="_pages"):
        call_command("bench_pages", database=name)


def test_bench_pages_refuses_the_configured_database(monkeypatch) -> None:
    monkeypatch.setitem(settings.DATABASES["default"], "NAME", "proconnect_pages")
    with pytest.raises(SystemExit, match="configured"):
        call_command("bench_pages", database="proconnect_pages")
