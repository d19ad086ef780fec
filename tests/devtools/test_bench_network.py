"""A tiny run of the network benchmark: the JSON it writes, and zero correctness mismatches."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from devtools.generator.load import META_TABLE

WORKLOADS = ("W1_warm", "W1_cold", "W2", "W3", "W4", "W5", "W6", "W8")


@pytest.fixture
def _drop_meta_table():
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {META_TABLE}")


@pytest.mark.django_db(transaction=True)  # W8 measures from a real commit
@pytest.mark.usefixtures("_drop_meta_table")
@pytest.mark.parametrize("no_snapshot", [False, True])
def test_bench_network_writes_the_documented_json(
    tmp_path: Path, settings, no_snapshot: bool
) -> None:
    settings.GRAPH_SNAPSHOT_DIR = tmp_path / "graph"
    output = tmp_path / "network.json"
    call_command(
        "bench_network",
        no_snapshot=no_snapshot,
        members=2_000,
        mean_degree=30,
        hubs=2,
        force=True,
        scale=0.05,
        baseline_samples=1,
        baseline_timeout=2,
        check_sources=4,
        check_targets=300,
        output=str(output),
        no_progress=True,
    )
    report = json.loads(output.read_text())
    assert set(report["graph"]) >= {"members", "connections", "clustering"}
    assert report["graph"]["members"] == 2_000
    assert set(report["workloads"]) == set(WORKLOADS)
    for name in WORKLOADS:
        assert set(report["workloads"][name]) == {"100", "1000", "30000"}
        for entry in report["workloads"][name].values():
            assert {"p50_ms", "p95_ms", "baseline_ms", "limit_ms"} <= set(entry)
            assert entry["p95_ms"] >= entry["p50_ms"] > 0
    assert report["workloads"]["W1_warm"]["100"]["baseline_ms"] > 0
    assert report["workloads"]["W1_warm"]["100"]["limit_ms"] > 0
    for entry in report["workloads"]["W3"].values():  # served precomputed, and ranked afresh
        assert 0 < entry["online_p50_ms"] <= entry["online_p95_ms"]
    for entry in report["workloads"]["W8"].values():  # other processes hear of each change
        assert 0 < entry["pushed_p50_ms"] <= entry["pushed_p95_ms"] < 1000
    assert report["memory"]["bytes_per_million_members"] > 0
    assert ("snapshot_bytes" in report["memory"]) is not no_snapshot
    assert report["correctness"]["pairs_checked"] > 500
    assert report["correctness"]["mismatches"] == 0
