"""The search load test reads wrk's report (the run itself needs wrk and a loaded graph)."""

import os

import pytest
from django.core.management.base import CommandError

from devtools.bench.loadtest import (
    EMPTY,
    FLOOR,
    Server,
    machine_busy_seconds,
    median_report,
    parse_wrk,
    table,
)
from devtools.bench.loadtest_cpu import GROUPS, per_request_ms, tree_seconds

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


def _run(rate: float, ours: float, postgres: float) -> dict:
    """A run whose own processes spent `ours` ms a request (the machine twice that)."""
    cpu = {"gunicorn": ours - postgres - 0.3, "postgres": postgres, "redis": 0.1, "wrk": 0.2}
    return {
        **parse_wrk(REPORT),
        "requests_per_second": rate,
        "cpu_ms": {**cpu, "ours": ours, "machine": 2 * ours},
    }


def test_the_table_puts_every_server_and_reference_in_one_table() -> None:
    def server(search_cpu: float) -> dict:
        return {
            **_run(40.0, search_cpu, 20.0),
            "references": {FLOOR: _run(2000.0, 1.0, 0.0), EMPTY: _run(500.0, 4.0, 1.0)},
        }

    report = {"paths": 80, "servers": {"before": server(50.0), "after": server(30.0)}}
    lines = table(report).splitlines()
    assert lines[0].startswith("| requests | server | requests/s | p50 ms | p99 ms |")
    assert lines[2] == (
        "| people search (the 80 searches) | before | 40.0 | 201.5 | 1020.0 | 50.00 "
        "| 29.70 | 20.00 | 0.10 | 0.20 | 100.00 | 50.0 | 3 |"
    )
    assert lines[3].startswith("| people search (the 80 searches) | after | 40.0 |")
    assert lines[4].startswith(f"| {FLOOR} | before | 2000.0 |")
    assert lines[6].startswith(f"| {EMPTY} | before | 500.0 |")
    assert lines[6].endswith("| 4.0 | 3 |")  # 4 times the floor's CPU
    # the statement: PostgreSQL's 20 ms per search less its 1 ms per empty list
    assert lines[-2] == (
        "before: the search statement 19.0 ms of PostgreSQL CPU per search (38% of the "
        "search's), everything else 31.0 ms, 7.8 x the empty list."
    )


def test_rounds_fold_into_their_medians() -> None:
    runs = [_run(rate, rate / 10, 1.0) for rate in (10.0, 30.0, 20.0)]
    folded = median_report(runs)
    assert folded["requests_per_second"] == 20.0
    assert folded["cpu_ms"]["ours"] == 2.0
    assert folded["latency_ms"]["99"] == 1020.0


def test_a_server_is_a_label_a_worktree_and_its_environment(tmp_path) -> None:
    server = Server.parse(f"before={tmp_path}@CONN_MAX_AGE=0,X=1")
    assert (server.label, server.root, server.env) == (
        "before",
        tmp_path.resolve(),
        {"CONN_MAX_AGE": "0", "X": "1"},
    )
    assert (server.workers, server.threads) == (None, None)
    with pytest.raises(CommandError):
        Server.parse("no-root")


def test_a_server_can_carry_its_own_gunicorn_size(tmp_path) -> None:
    """The sizing sweep: one worktree served at several sizes in one run."""
    server = Server.parse(f"w3t2={tmp_path}@workers=3,threads=2,CONN_MAX_AGE=60")
    assert (server.workers, server.threads, server.env) == (3, 2, {"CONN_MAX_AGE": "60"})
    for bad in ("0", "two", "-1"):
        with pytest.raises(CommandError, match="whole number"):
            Server.parse(f"w={tmp_path}@workers={bad}")


def test_cpu_of_this_process_tree_is_counted() -> None:
    first = tree_seconds(os.getpid())
    sum(range(2_000_000))
    assert tree_seconds(os.getpid()) > first
    spent = per_request_ms(dict.fromkeys(GROUPS, 1.0), dict.fromkeys(GROUPS, 2.0), requests=500)
    assert spent == {**dict.fromkeys(GROUPS, 2.0), "ours": 8.0}  # four groups of our own


def test_the_machine_busy_time_only_grows() -> None:
    first = machine_busy_seconds()
    sum(range(2_000_000))  # some CPU
    assert machine_busy_seconds() >= first > 0


@pytest.mark.django_db
def test_the_request_profile_prints_its_ladder(monkeypatch, connect) -> None:
    """profile_request calls every rung and list through the load test's server module and
    prints CPU per request against the DRF view with the member (and refuses to run with the
    throttles in force, which would refuse its requests)."""
    from io import StringIO

    from django.core.management import call_command

    from connections.models import ConnectionCount
    from devtools.bench.profile import LADDER
    from tests.factories import UserFactory

    viewer, other = UserFactory.create(), UserFactory.create()
    connect(viewer, other)
    assert ConnectionCount.objects.filter(member=viewer).exists()
    with pytest.raises(CommandError, match="THROTTLE_USER"):
        call_command("profile_request", "--requests", "1", "--rounds", "1", "--profile", "")
    monkeypatch.setenv("THROTTLE_USER", "1000000000/min")
    monkeypatch.setenv("SEARCH_PEOPLE_RATE", "1000000000/min")
    out = StringIO()
    call_command(
        "profile_request", "--requests", "1", "--rounds", "1", "--profile", "/bench/drf", stdout=out
    )
    text = out.getvalue()
    for label, path in LADDER:
        assert f"| {label} | {path} |" in text
    assert "| DRF, the token's member and the throttle | /bench/drf-member | " in text
    assert "pyinstrument, 1 x GET /bench/drf" in text


@pytest.mark.django_db
def test_the_search_stages_are_people_search(monkeypatch, connect) -> None:
    """profile_request --search-stages times people_search's own stages: on the load test's
    searches they find what people_search finds, and the command prints one row a stage."""
    from io import StringIO
    from urllib.parse import urlsplit

    from django.core.management import call_command
    from django.http import QueryDict

    from devtools.bench.loadtest import search_paths
    from devtools.bench.search_stages import STAGES, Timer, stages
    from search.forms import PeopleSearchForm
    from search.selectors import PeopleQuery, people_search
    from tests.factories import UserFactory

    viewer = UserFactory.create(profile__current_title="Software Engineer")
    near = UserFactory.create_batch(3, profile__current_title="Data Engineer")
    far = UserFactory.create(profile__current_title="Civil Engineer")
    for member in near:
        connect(viewer, member)
    connect(near[0], far)
    paths = search_paths()
    assert len(paths) == 4 and all(p.startswith("/api/v1/search/people?") for p in paths)
    for path in paths:
        query_string = urlsplit(path).query
        form = PeopleSearchForm(QueryDict(query_string))
        assert form.is_valid()
        expected = people_search(viewer, PeopleQuery.from_cleaned(form.cleaned_data))
        hits = stages(viewer, query_string, Timer())
        assert [(h.member.pk, h.access, h.fields) for h in hits] == [
            (h.member.pk, h.access, h.fields) for h in expected.hits
        ]
    assert any(stages(viewer, urlsplit(p).query, Timer()) for p in paths)
    monkeypatch.setenv("THROTTLE_USER", "1000000000/min")
    monkeypatch.setenv("SEARCH_PEOPLE_RATE", "1000000000/min")
    out = StringIO()
    call_command(
        "profile_request",
        *("--requests", "1", "--rounds", "1", "--profile", "", "--search-stages"),
        stdout=out,
    )
    text = out.getvalue()
    for label, _name in STAGES:
        assert f"| {label} | " in text
    assert "| all stages | " in text
