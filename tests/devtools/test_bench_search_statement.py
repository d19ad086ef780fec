"""bench_search --statement compares worktrees' answers before it reports their times (the
children themselves need a loaded graph and a worktree each)."""

from pathlib import Path
from typing import Any

import pytest

from devtools.bench import search_statement


def _result(ms: float, hits: list[int]) -> dict[str, Any]:
    timings = [
        {"kind": kind, "query": {"q": kind}, "ms": ms * (index + 1)}
        for index, kind in enumerate(search_statement.KINDS)
    ]
    answers = [{"hits": hits, "count": len(hits)} for _ in search_statement.KINDS]
    return {"timings": timings, "answers": answers}


def test_the_table_gives_each_kind_and_the_ratio(monkeypatch: pytest.MonkeyPatch) -> None:
    results = {Path("/before"): _result(10.0, [1, 2]), Path("/after"): _result(5.0, [1, 2])}
    monkeypatch.setattr(search_statement, "_child", lambda root, runs: results[root])
    table = search_statement.compare(
        [("before", Path("/before")), ("after", Path("/after"))], rounds=2, runs=1
    )
    assert "| keyword (20) | 10.00 | 5.00 | 0.50 |" in table
    assert "| 2nd in city (no keyword) (20) | 40.00 | 20.00 | 0.50 |" in table
    assert "| all 80 | 25.00 | 12.50 | 0.50 |" in table  # the medians' table first
    sums = table[table.index("| searches (sum)") :]
    assert "| keyword (20) | 10.00 | 5.00 | 0.50 |" in sums  # one search of each kind here
    assert "| all 80 | 100.00 | 50.00 | 0.50 |" in sums


def test_different_answers_fail_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    results = {Path("/before"): _result(10.0, [1, 2]), Path("/after"): _result(5.0, [2, 1])}
    monkeypatch.setattr(search_statement, "_child", lambda root, runs: results[root])
    with pytest.raises(AssertionError, match="after answers"):
        search_statement.compare(
            [("before", Path("/before")), ("after", Path("/after"))], rounds=1, runs=1
        )
