"""A tiny run of the export benchmark: its own database made and dropped, the JSON it writes."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_bench_export_writes_the_documented_json(tmp_path: Path) -> None:
    database = f"proconnect_bench_export_test_{connection.settings_dict['NAME']}"[:60]
    call_command(
        "bench_export",
        connections=60,
        messages=300,
        conversations=10,
        database=database,
        output=str(tmp_path),
    )
    report = json.loads((tmp_path / "export.json").read_text())
    assert report["dataset"]["connections"] == 60
    assert report["dataset"]["messages"] == 300
    for run in ("timed_run", "traced_run"):
        assert report[run]["seconds"] >= 0
        assert report[run]["archive_mib"] >= 0
    assert report["traced_run"]["tracemalloc_peak_mib"] > 0
    assert report["database"]["dropped_after"] is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        assert cursor.fetchone() is None


def test_bench_export_refuses_a_database_without_bench_in_its_name() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("bench_export", database="proconnect")
