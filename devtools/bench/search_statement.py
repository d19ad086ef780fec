"""People search's statement alone, and its answers, for the load test's 80 searches
(docs/benchmarks.md, "The search statement").

    manage.py bench_search --statement [--rounds 5] --server before=/work/wt-search-before \
        --server after=.

Read-only: nothing is loaded, indexed or written. Each round runs, for every `--server`
(a worktree: its own .venv and code, the same database and graph snapshot), a child process
that times the statement (`search.selectors.people.statement.run`) of each search `--runs`
times and takes its fastest, then answers every search in full (`people_search` over every
ranked candidate: ids in order, access, count, facets). Servers take turns round by round, so
they share the same minutes. The table gives each kind of search's median statement time per
server and the ratio to the first; the answers of every server must equal the first's, search
by search, or the command fails.

This file is also the child: run as a script from a worktree's root, it measures that code.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

KINDS = ("keyword", "keyword + 2nd", "keyword + industry + location", "2nd in city (no keyword)")


def _searches() -> list[tuple[str, dict[str, Any]]]:
    """The load test's 80 searches (devtools.bench.loadtest's paths) as (kind, query)."""
    from accounts.models import Profile

    profiles = list(
        Profile.objects.exclude(current_title="")
        .order_by("member_id")
        .values_list("current_title", "industry", "location")[:4000:200]
    )
    searches: list[tuple[str, dict[str, Any]]] = []
    for title, industry, location in profiles:
        word = title.split()[-1]
        searches += [
            (KINDS[0], {"q": word}),
            (KINDS[1], {"q": word, "degrees": [2]}),
            (KINDS[2], {"q": word, "industry": industry, "location": location}),
            (KINDS[3], {"degrees": [2], "location": location}),
        ]
    return searches


def measure(runs: int) -> dict[str, Any]:
    """In this process (this worktree's code): each search's fastest statement in ms over
    `runs`, and each search's full answer."""
    from django.db import connection

    from devtools.bench.loadtest import load_test_viewer
    from search.selectors import PeopleQuery, people_search
    from search.selectors.common import viewer_network
    from search.selectors.people import CANDIDATES
    from search.selectors.people.filters import filters
    from search.selectors.people.statement import run

    # As config.settings.base sets for the application (older code did not): a sequential scan
    # started where another backend's is would change a broad search's pool (docs/search.md).
    with connection.cursor() as cursor:
        cursor.execute("SET synchronize_seqscans = off")
    viewer = load_test_viewer()
    timings, answers = [], []
    for kind, fields in _searches():
        query = PeopleQuery(**{**fields, "degrees": frozenset(fields.get("degrees", []))})
        network = viewer_network(viewer)
        sql = filters(query, network)
        run(query, sql, network)  # warm: the plan, the pages
        best = float("inf")
        for _ in range(runs):
            started = time.perf_counter_ns()
            run(query, sql, network)
            best = min(best, (time.perf_counter_ns() - started) / 1e6)
        timings.append({"kind": kind, "query": fields, "ms": best})
        result = people_search(viewer, query, limit=CANDIDATES)
        answers.append(
            {
                "hits": [[hit.member.pk, hit.access.value] for hit in result.hits],
                "count": result.count,
                "reachable": result.reachable,
                "estimated": result.estimated,
                "industries": [[f.value, f.count] for f in result.industries],
                "locations": [[f.value, f.count] for f in result.locations],
            }
        )
    return {"timings": timings, "answers": answers}


def compare(servers: list[tuple[str, Path]], rounds: int, runs: int) -> str:
    """Alternate the servers for `rounds` rounds; the Markdown table, after checking that
    every server answered every search as the first did (raises AssertionError if not)."""
    per_server: dict[str, list[dict[str, Any]]] = {label: [] for label, _ in servers}
    for _ in range(rounds):
        for label, root in servers:
            per_server[label].append(_child(root, runs))
    first = servers[0][0]
    reference = per_server[first][0]["answers"]
    for label, results in per_server.items():
        for result in results:
            for index, (got, want) in enumerate(zip(result["answers"], reference, strict=True)):
                if got != want:
                    search = result["timings"][index]["query"]
                    raise AssertionError(f"{label} answers {search} differently from {first}")
    lines = []
    for title, of_kind in (("median", statistics.median), ("sum", sum)):
        lines += [
            f"| searches ({title}) | "
            + " | ".join(f"{label} ms" for label, _ in servers)
            + " | "
            + " | ".join(f"{label} / {first}" for label, _ in servers[1:])
            + " |",
            "|---|" + "---:|" * (2 * len(servers) - 1),
        ]
        for kind in (*KINDS, "all 80"):
            values = [_over_rounds(per_server[label], kind, of_kind) for label, _ in servers]
            ratios = [f"{value / values[0]:.2f}" for value in values[1:]]
            label = kind if kind == "all 80" else f"{kind} (20)"
            lines.append(
                f"| {label} | "
                + " | ".join(f"{value:.2f}" for value in values)
                + " | "
                + " | ".join(ratios)
                + " |"
            )
        lines.append("")
    lines.append(
        f"{rounds} rounds x {len(servers)} servers; statement ms: each search's fastest of "
        f"{runs}; the median (first table) or the sum (second) over the searches of a kind, "
        f"then the median over the rounds; answers of all {len(reference)} searches identical "
        "across servers and rounds."
    )
    return "\n".join(lines)


def _over_rounds(
    results: list[dict[str, Any]], kind: str, of_kind: Callable[[list[float]], float]
) -> float:
    """The median over rounds of `of_kind` (median or sum) over that kind's searches' ms (all,
    for "all 80")."""
    return statistics.median(
        of_kind([t["ms"] for t in result["timings"] if kind in ("all 80", t["kind"])])
        for result in results
    )


def _child(root: Path, runs: int) -> dict[str, Any]:
    python = root / ".venv" / "bin" / "python"
    script = Path(__file__).resolve()
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [str(python), str(script), str(runs)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))


if __name__ == "__main__":  # the child: measure the code of the worktree it runs in
    import django

    sys.path[0] = os.getcwd()  # not this folder: its search.py is not the search app
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    print(json.dumps(measure(int(sys.argv[1]))))
