"""A tiny run of the messaging benchmark: its members may message (confirmed addresses), its
own database is made and dropped, and it writes its table's JSON."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_bench_messaging_runs_its_three_operations(tmp_path: Path) -> None:
    database = f"proconnect_bench_messaging_test_{connection.settings_dict['NAME']}"[:60]
    call_command(
        "bench_messaging",
        members=1000,
        messages=3000,
        samples=5,
        database=database,
        output=str(tmp_path),
    )
    report = json.loads((tmp_path / "messaging.json").read_text())
    assert set(report["results"]) == {"inbox", "open_conversation", "send"}
    for operation in report["results"].values():
        assert operation["count"] == 5 and operation["p50_ms"] > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        assert cursor.fetchone() is None
