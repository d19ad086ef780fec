"""A tiny run of the messaging benchmark: its members may message (confirmed addresses), its
own database is made and dropped, and it writes its table's JSON."""

from pathlib import Path

import pytest

from tests.devtools.bench_runs import database_exists, run_bench


@pytest.mark.django_db(transaction=True)
def test_bench_messaging_runs_its_three_operations(tmp_path: Path) -> None:
    report, database = run_bench(
        "bench_messaging", "messaging.json", tmp_path, members=1000, messages=3000, samples=5
    )
    assert set(report["results"]) == {"inbox", "open_conversation", "send"}
    for operation in report["results"].values():
        assert operation["count"] == 5 and operation["p50_ms"] > 0
    assert not database_exists(database)
