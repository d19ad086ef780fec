"""The search load test reads wrk's report (the run itself needs wrk and a loaded graph)."""

import pytest
from django.core.management.base import CommandError

from devtools.bench.loadtest import (
    machine_busy_seconds,
    parse_wrk,
    table,
)

REPORT = """Running 30s test @ http://127.0.0.1:8765
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   215.01ms   90.12ms   1.20s    70.00%
    Req/Sec    37.50     10.01    60.00     68.00%
  Latency Distribution
     50%  201.50ms
     75%  260.00ms
     90%  330.10ms
     99%    1.02s
  2237 requests in 30.03s, 9.71MB read
  Non-2xx or 3xx responses: 3
Requests/sec:     74.49
Transfer/sec:    331.06KB
"""


def test_wrk_report_is_read_into_numbers() -> None:
    report = parse_wrk(REPORT)
    assert report["requests_per_second"] == 74.49
    assert report["requests"] == 2237
    assert report["latency_ms"] == {"50": 201.5, "75": 260.0, "90": 330.1, "99": 1020.0}
    assert report["non_2xx"] == 3
    assert report["socket_errors"] == 0


def test_a_report_without_numbers_is_an_error() -> None:
    with pytest.raises(CommandError):
        parse_wrk("unable to connect to 127.0.0.1:8765 Connection refused")


def test_the_table_puts_the_search_beside_its_references() -> None:
    search = {**parse_wrk(REPORT), "cpu_ms_per_request": 26.04, "paths": 80}
    empty = {
        **search,
        "requests_per_second": 612.0,
        "latency_ms": {"50": 20.0, "99": 41.5},
        "cpu_ms_per_request": 3.2,
    }
    lines = table({**search, "references": {"an empty list": empty}}).splitlines()
    assert lines[0] == (
        "| requests | requests/s | p50 ms | p99 ms | CPU ms per request | non-2xx |"
    )
    assert lines[2] == "| people search (the 80 searches) | 74.5 | 201.5 | 1020.0 | 26.0 | 3 |"
    assert lines[3] == "| an empty list | 612.0 | 20.0 | 41.5 | 3.2 | 3 |"
    assert len(lines) == 4


def test_the_machine_busy_time_only_grows() -> None:
    first = machine_busy_seconds()
    sum(range(2_000_000))  # some CPU
    assert machine_busy_seconds() >= first > 0
