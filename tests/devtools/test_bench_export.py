"""A tiny run of the export benchmark: its own database made and dropped, the JSON it writes."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.devtools.bench_runs import database_exists, run_bench


@pytest.mark.django_db(transaction=True)
def test_bench_export_writes_the_documented_json(tmp_path: Path) -> None:
    report, database = run_bench(
        "bench_export", "export.json", tmp_path, connections=60, messages=300, conversations=10
    )
    assert report["dataset"]["connections"] == 60
    assert report["dataset"]["messages"] == 300
    for run in ("timed_run", "traced_run"):
        assert report[run]["seconds"] >= 0
        assert report[run]["archive_mib"] >= 0
    assert report["traced_run"]["tracemalloc_peak_mib"] > 0
    assert report["database"]["dropped_after"] is True
    assert not database_exists(database)


def test_bench_export_refuses_a_database_without_bench_in_its_name() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("bench_export", database="proconnect")
