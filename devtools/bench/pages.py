"""Time the HTML pages that list members, in a database of their own.

    manage.py bench_pages [--members 20000 --connections 300 --runs 30]
                          [--database proconnect_bench_pages] [--redis-db 5] [--keep]
                          [--profile "my network"]

Creates (drops first) the database `--database`, whose name must end in `_pages` (anything
else is refused, so that no other database is ever wiped), next to the configured one, and
migrates it; loads a generated network with the graph loader's COPY (devtools.generator;
its search index rebuilt), the viewer (member 1) boosted to about `--connections`
connections; adds a group of `--group-members` members with the viewer in it, and
invitations received and sent. The graph cache uses `--redis-db` and a key prefix of its own.

Each page is rendered through Django's test Client in this process, warm: the median of
`--runs` renders in wall time and in CPU time (time.process_time: this process only, so
PostgreSQL's and Redis's own work is not in it), and the number of queries of one render.
`--profile LABEL` prints a pyinstrument profile of that page's renders instead
(`--profile-all`: with every frame, Django's included).
Then the database is dropped (unless `--keep`) and the graph cache's keys forgotten.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client

from accounts.models import User
from connections.models import Invitation
from devtools import graph_access as cache
from devtools.bench.database import own_database, own_graph_cache
from devtools.generator import generate
from devtools.generator.load import load_network
from groups.models import Group, Membership, Role

REQUIRED_SUFFIX = "_pages"
VIEWER_ID = 1


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    htmx: bool = False


@dataclass(frozen=True)
class Timing:
    label: str
    wall_ms: float
    cpu_ms: float
    queries: int


def check_database_name(name: str) -> None:
    """Refuse any database this benchmark did not name: it is dropped and created again."""
    if not name.endswith(REQUIRED_SUFFIX) or name == settings.DATABASES["default"]["NAME"]:
        raise SystemExit(
            f"refusing database {name!r}: bench_pages drops the database it uses, so its name "
            f"must end in {REQUIRED_SUFFIX!r} and differ from the configured one"
        )


def run(options: dict[str, Any], say: Callable[[str], None]) -> None:
    name = options["database"]
    check_database_name(name)
    with own_graph_cache(name, options["redis_db"]), own_database(name, keep=options["keep"]):
        started = time.perf_counter()
        pages = _fill(options, say)
        say(f"data loaded in {time.perf_counter() - started:.0f} s")
        settings.DEBUG = False
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(pk=VIEWER_ID))
        if options["profile"]:
            _profile(client, pages, options, say)
            return
        _report([_time(client, page, options["runs"]) for page in pages], say)


def _fill(options: dict[str, Any], say: Callable[[str], None]) -> list[Page]:
    """Load the network, the group and the invitations; the pages to time."""
    members, wanted = options["members"], options["connections"]
    mean = 30.0
    # The boost is a degree target in multiples of the mean; the generator's trimming leaves
    # the viewer at about half of it.
    network = generate(
        members, seed=options["seed"], mean_degree=mean, boost={0: 2 * wanted / mean}
    )
    load_network(network, progress=False, say=say)
    cache.forget_everything()
    viewer = User.objects.get(pk=VIEWER_ID)
    first = [int(pk) for pk in cache.first_degree([VIEWER_ID])[VIEWER_ID]]
    say(f"graph: {members:,} members, the viewer has {len(first):,} connections")

    # A connection of the viewer's with the most mutual connections: the mutual page's member.
    mine = set(first)
    shared = {
        other: len(mine.intersection(row.tolist()))
        for other, row in cache.first_degree(first).items()
    }
    mutual_of = max(first, key=lambda other: (shared[other], -other))
    mutuals = shared[mutual_of]

    group = Group.objects.create(name="Bench group", created_by=viewer)
    # Connections and strangers alike, so the page shows every degree.
    strangers = [pk for pk in range(2, members + 1) if pk not in mine]
    chosen = first[: options["group_members"] // 2] + strangers[: options["group_members"] // 2]
    Membership.objects.bulk_create(
        [Membership(group=group, member=viewer, role=Role.OWNER)]
        + [Membership(group=group, member_id=pk) for pk in chosen]
    )
    Group.objects.filter(pk=group.pk).update(member_count=len(chosen) + 1)

    others = strangers[options["group_members"] :]
    invitations = options["invitations"]
    Invitation.objects.bulk_create(
        [Invitation(sender_id=pk, recipient=viewer) for pk in others[:invitations]]
        + [
            Invitation(sender=viewer, recipient_id=pk)
            for pk in others[invitations : 2 * invitations]
        ]
    )
    # A term that matches many members: the most common first name.
    query = (
        User.objects.values("first_name")
        .annotate(n=Count("id"))
        .order_by("-n", "first_name")
        .values_list("first_name", flat=True)[0]
    )
    say(
        f"group of {len(chosen) + 1} members; mutual page of member {mutual_of} "
        f"({mutuals} mutual connections); {invitations} invitations each way; search {query!r}"
    )
    return [
        Page("my network", "/network/"),
        Page("group members", f"/groups/{group.pk}/members/"),
        Page("mutual connections", f"/in/{mutual_of}/mutual/"),
        Page("people search", f"/search/?q={query}"),
        Page("typeahead", f"/search/typeahead?q={query[:3]}", htmx=True),
    ]


def _get(client: Client, page: Page) -> None:
    headers = {"HX-Request": "true"} if page.htmx else {}
    response = client.get(page.path, headers=headers)
    if response.status_code != 200:
        raise SystemExit(f"{page.path} answered {response.status_code}")


def _time(client: Client, page: Page, runs: int) -> Timing:
    _get(client, page)  # warm: plans, template caches, the graph cache's local tier
    queries: list[str] = []

    def counted(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(counted):
        _get(client, page)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter_ns(), time.process_time_ns()
        _get(client, page)
        cpus.append((time.process_time_ns() - cpu) / 1e6)
        walls.append((time.perf_counter_ns() - wall) / 1e6)
    return Timing(page.label, statistics.median(walls), statistics.median(cpus), len(queries))


def _report(rows: list[Timing], say: Callable[[str], None]) -> None:
    say("| page | wall ms (median) | CPU ms (median) | queries |")
    say("| --- | ---: | ---: | ---: |")
    for row in rows:
        say(f"| {row.label} | {row.wall_ms:.1f} | {row.cpu_ms:.1f} | {row.queries} |")


def _profile(
    client: Client, pages: list[Page], options: dict[str, Any], say: Callable[[str], None]
) -> None:
    """A pyinstrument profile of `--runs` renders of one page (Django's frames too with
    `--profile-all`)."""
    from pyinstrument import Profiler

    label, runs, show_all = options["profile"], options["runs"], options["profile_all"]
    page = next((page for page in pages if page.label == label), None)
    if page is None:
        raise SystemExit(f"no page {label!r}; pages: {', '.join(p.label for p in pages)}")
    _get(client, page)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(runs):
            _get(client, page)
    say(profiler.output_text(unicode=True, color=False, show_all=show_all))
