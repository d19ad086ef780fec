"""Where a people search's CPU goes in this process, stage by stage: the load test's 80
searches, each stage of `search.selectors.people.people_search` timed on its own with
`time.process_time` (this process only: PostgreSQL's work on the statement is not in it, the
driver's sending and parsing are).

    ./scripts/bench profile_request --search-stages [--rounds 3]

The stages are people_search's own calls in its order (`stages` below; a test holds their
hits equal to people_search's), then the API's rendering of the page's cards.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.http import QueryDict

from accounts.models import User
from network.selectors import nearness_for
from search.api.serializers import search_card
from search.forms import PeopleSearchForm
from search.selectors import PeopleQuery, SearchHit
from search.selectors.common import member_hits, viewer_network
from search.selectors.people.filters import filters
from search.selectors.people.ranking import rank
from search.selectors.people.statement import run

STAGES = (
    ("the form (parse and validate)", "form"),
    ("the viewer's blocks and connections", "viewer_network"),
    ("the filters' clauses", "filters"),
    ("the statement: sent, its rows read (PostgreSQL's own work not counted)", "run"),
    ("the 500 candidates' degrees and mutual counts", "nearness_for"),
    ("the re-rank and the privacy cut", "rank"),
    ("the page's cards and relationships", "member_hits"),
    ("the page's JSON values", "search_card"),
)
PAGE_SIZE = 25
T = TypeVar("T")


class Timer:
    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)

    def __call__(self, name: str, work: Callable[[], T]) -> T:
        started = time.process_time()
        result = work()
        self.spent[name] += time.process_time() - started
        return result


def stages(viewer: User, query_string: str, timer: Timer) -> list[SearchHit]:
    """One search, stage by stage, as people_search and the API do it (first page)."""
    form = timer("form", lambda: PeopleSearchForm(QueryDict(query_string)))
    timer("form", form.is_valid)
    query = PeopleQuery.from_cleaned(form.cleaned_data)
    network = timer("viewer_network", lambda: viewer_network(viewer))
    sql = timer("filters", lambda: filters(query, network))
    found = timer("run", lambda: run(query, sql, network))
    ids = [candidate.member_id for candidate in found.candidates]
    nearness = timer("nearness_for", lambda: nearness_for(viewer, ids))
    ranked, _ = timer("rank", lambda: rank(query, found.candidates, nearness))
    page = [(item.member_id, item.access) for item in ranked[:PAGE_SIZE]]
    hits = timer("member_hits", lambda: member_hits(viewer, page, nearness))
    timer("search_card", lambda: [search_card(hit) for hit in hits])
    return hits


def measure(viewer: User, paths: list[str], rounds: int) -> list[list[Any]]:
    """Rows of the table: each stage's median CPU per search over `rounds` passes of `paths`
    (after one pass to warm), and its share of their sum."""
    queries = [urlsplit(path).query for path in paths]
    for query in queries:
        stages(viewer, query, Timer())
    per_round: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        timer = Timer()
        for query in queries:
            stages(viewer, query, timer)
        for _label, name in STAGES:
            per_round[name].append(1000 * timer.spent[name] / len(queries))
    medians = {name: statistics.median(values) for name, values in per_round.items()}
    total = sum(medians.values())
    rows = [
        [label, f"{medians[name]:.3f}", f"{100 * medians[name] / total:.0f} %"]
        for label, name in STAGES
    ]
    rows.append(["all stages", f"{total:.3f}", "100 %"])
    return rows
