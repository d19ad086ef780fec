"""People you may know: a ranking made on a viewer's first request, stored in the graph cache
and served while the viewer's versions hold (docs/architecture.md, "People you may know")."""

from dataclasses import dataclass

from accounts.models import User
from accounts.selectors import visible_members
from network.selectors._graph import graph
from network.selectors.suggestion_ranking import Ranked, rank_suggestions


@dataclass(frozen=True)
class Suggestion:
    member: User
    mutual_connections_count: int
    reasons: list[str]


SUGGESTIONS_RANKED = 20  # how many a stored ranking holds (the page shows fewer, the API 20)


def people_you_may_know(
    viewer: User, *, limit: int = 20, precomputed: bool = True
) -> list[Suggestion]:
    """`ranked_suggestions` with each member loaded whole (the pages), through
    `visible_members`, so one deactivated or hidden since is left out at once."""
    ranked = ranked_suggestions(viewer, limit=limit, precomputed=precomputed)
    members = visible_members(viewer).in_bulk([member_id for member_id, _, _ in ranked])
    return [
        Suggestion(members[member_id], mutual, reasons)
        for member_id, mutual, reasons in ranked
        if member_id in members
    ]


def ranked_suggestions(viewer: User, *, limit: int = 20, precomputed: bool = True) -> list[Ranked]:
    """Rank 2nd-degree members by mutual connections, then shared group, company, school,
    industry and location; fill up from shared company/industry+location when the network is
    small: (member id, mutual count, reasons), best first. Candidates are ranked on plain
    values; the caller loads the chosen ones (`people_you_may_know`, or their cards) and
    leaves out who is no longer visible.

    The ranking is precomputed: made on the first call, stored in Redis stamped with the
    viewer's versions (connections, 2nd degree, blocks, invitations and dismissals) and
    served while they hold, for at most an hour (graph.SUGGESTIONS_TTL, how long the reasons
    may lag behind the candidates' own profiles). One ranking of SUGGESTIONS_RANKED serves
    every `limit` up to it (the My Network page, the API). `precomputed=False` ranks afresh
    and stores nothing (the benchmark's online time)."""
    stamp: list[int] = []
    ranked = None
    depth = max(limit, SUGGESTIONS_RANKED) if precomputed else limit
    if precomputed:
        stamp, ranked = graph.cached_suggestions(viewer.pk, depth)
    if ranked is None:
        ranked = rank_suggestions(viewer, depth)
        if precomputed:
            graph.store_suggestions(viewer.pk, stamp, depth, ranked)
    return ranked[:limit]
