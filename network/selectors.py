"""The read side of the graph: degrees, mutual connections, paths, suggestions.

Everything here reads the cached adjacency arrays (network.graph) and intersects them with
numpy; PostgreSQL is asked only for who may be shown (blocks, deactivation) and for profiles.
Members hidden from the viewer (a block either way) never count and never appear.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from django.db.models import QuerySet

import graphcache as graph
from accounts.industries import INDUSTRY_LABELS
from accounts.models import User
from accounts.selectors import visible_members
from connections.selectors import relationships_for
from groups.selectors import shared_group_names


class Nearness(NamedTuple):
    """How far a member is from the viewer: degree (0 self, 1-3, None) and mutual count.
    (A named tuple: a page makes one per member, and a frozen dataclass costs ~2 µs each.)"""

    degree: int | None
    mutual_connections_count: int


def _without_sorted(array: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    return array[~_members_of(hidden, array)] if hidden.size and array.size else array


def nearness_for(viewer: User, member_ids: list[int]) -> dict[int, Nearness]:
    """Return degree and mutual count of each member, for one viewer, in one batch.

    One Redis round trip reads the versions of the viewer and the page (the arrays then come
    from this process's memory when current). The page's arrays are concatenated and looked up
    in the viewer's sorted friends with one binary search each. Only members who are neither
    connections nor share one with the viewer need more: the viewer's cached second-degree set
    when there is one, else the cheaper of building it and asking the other way round (does
    one of the member's connections share a connection with the viewer?).
    """
    ids = list(dict.fromkeys(member_ids))
    if all(member_id == viewer.pk for member_id in ids):
        return {member_id: Nearness(0, 0) for member_id in ids}
    others = [member_id for member_id in ids if member_id != viewer.pk]
    page = graph.adjacency([viewer.pk, *others], viewer=viewer.pk)
    everyone_of_viewer = page.joined[: page.bounds[1]]
    hidden = graph.hidden(viewer.pk, page.known)
    friends = _without_sorted(everyone_of_viewer, hidden)
    reached = page.joined[page.bounds[1] :]
    bounds = page.bounds[1:] - page.bounds[1]
    others_array = np.array(others, dtype=graph.IDS)
    mutual, any_shared = _shared_counts(everyone_of_viewer, hidden, friends, reached, bounds)
    is_friend = _members_of(friends, others_array)
    in_second = ~is_friend & any_shared
    undecided = ~is_friend & ~in_second & (others_array != viewer.pk)
    touches_second = np.zeros(len(others), dtype=bool)
    if undecided.any():
        touches_second[undecided] = _reach_second(
            viewer.pk, everyone_of_viewer, page, np.flatnonzero(undecided)
        )
    result: dict[int, Nearness] = {}
    if viewer.pk in ids:
        result[viewer.pk] = Nearness(0, 0)
    for position, member_id in enumerate(others):
        if is_friend[position]:
            degree: int | None = 1
        elif in_second[position]:
            degree = 2
        elif touches_second[position]:
            degree = 3
        else:
            degree = None
        result[member_id] = Nearness(degree, int(mutual[position]))
    return {member_id: result[member_id] for member_id in ids}


BIDIRECTIONAL_FACTOR = 4
LONG_ROW_FACTOR, LONG_ROW_MIN = 8, 2_000


def _shared_counts(
    everyone: np.ndarray,
    hidden: np.ndarray,
    friends: np.ndarray,
    reached: np.ndarray,
    bounds: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """For each row of `reached` (segments at `bounds`): how many of its ids are the viewer's
    visible connections (`friends`: `everyone` less `hidden`), and whether any is one of
    `everyone` at all.

    Rows are looked up in the viewer's sorted ids with one binary search per id, all at once.
    A row far longer than the viewer's (a member with 30,000 connections on a page) is searched
    the other way instead: the viewer's few ids in the long row."""
    lengths = np.diff(bounds)
    long_rows = np.flatnonzero(lengths > max(LONG_ROW_FACTOR * everyone.size, LONG_ROW_MIN))
    if long_rows.size:
        short = np.ones(lengths.size, dtype=bool)
        short[long_rows] = False
        mutual, any_shared = np.zeros(lengths.size, dtype=np.int64), np.zeros(lengths.size, bool)
        mutual[short], any_shared[short] = _shared_counts(
            everyone,
            hidden,
            friends,
            reached[np.repeat(short, lengths)],
            np.concatenate([[0], np.cumsum(lengths[short])]),
        )
        edges = bounds.tolist()
        for row in long_rows.tolist():
            theirs = reached[edges[row] : edges[row + 1]]
            mutual[row] = int(_members_of(theirs, friends).sum())
            any_shared[row] = mutual[row] > 0 or (
                hidden.size > 0 and bool(_members_of(theirs, everyone).any())
            )
        return mutual, any_shared
    shared_all = _members_of(everyone, reached)
    shared = shared_all & ~_members_of(hidden, reached) if hidden.size else shared_all
    return _segment_sums(shared, bounds), _segment_sums(shared_all, bounds) > 0


def _reach_second(
    viewer_id: int,
    friends: np.ndarray,
    page: graph.Adjacency,
    positions: np.ndarray,
) -> np.ndarray:
    """For the page members at `positions` (not 1st or 2nd degree): is one of their connections
    in the viewer's 2nd degree?"""
    bounds = page.bounds.tolist()
    rows = [page.joined[bounds[p + 1] : bounds[p + 2]] for p in positions.tolist()]
    second = graph.cached_second_degree(viewer_id, page.known)
    if second is None:
        # Their connections, minus the viewer and the viewer's own: whoever of these shares a
        # connection with the viewer is in the 2nd degree. A page's worth of them costs less
        # than the viewer's whole 2nd degree (connections' connections have more connections
        # than average, hence the factor), which a worker then builds for the next pages;
        # for a small network it is built here, at once.
        near = graph.distinct(rows)
        near = near[~_members_of(friends, near) & (near != viewer_id)]
        if near.size > BIDIRECTIONAL_FACTOR * friends.size:
            second = graph.second_degree(viewer_id, friends, page.known)
        else:
            theirs = graph.adjacency(near.tolist())
            shares = _segment_sums(_members_of(friends, theirs.joined), theirs.bounds) > 0
            second = near[shares]
            graph.schedule_second_degree(viewer_id)
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    hits = _members_of(second, np.concatenate(rows))
    return _segment_sums(hits, np.concatenate([[0], np.cumsum(lengths)])) > 0


_members_of = graph.members_of


def _segment_sums(flags: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """How many flags are set in each segment [bounds[i], bounds[i + 1])."""
    running = np.concatenate([[0], np.cumsum(flags, dtype=np.int64)])
    return running[bounds[1:]] - running[bounds[:-1]]


def _contains(sorted_ids: np.ndarray, member_id: int) -> bool:
    position = np.searchsorted(sorted_ids, member_id)
    return bool(position < sorted_ids.size and sorted_ids[position] == member_id)


def degree_between(*, viewer: User, member: User) -> int | None:
    """Return 0 for self, 1, 2 or 3, or None when `member` is out of `viewer`'s network."""
    return nearness_for(viewer, [member.pk])[member.pk].degree


@dataclass(frozen=True)
class ViewerFields:
    """The viewer-relative fields every member carries in the API (API.md conventions)."""

    degree: int | None
    mutual_connections_count: int
    relationship: str


def viewer_fields_for(viewer: User, member_ids: list[int]) -> dict[int, ViewerFields]:
    """Return degree, mutual count and relationship for a page of members (constant queries)."""
    nearness = nearness_for(viewer, member_ids)
    relationships = relationships_for(viewer, list(nearness))
    return {
        member_id: ViewerFields(
            degree=near.degree,
            mutual_connections_count=near.mutual_connections_count,
            relationship=relationships.get(member_id, "none"),
        )
        for member_id, near in nearness.items()
    }


def mutual_connections(*, viewer: User, member: User) -> QuerySet[User]:
    """Return the members connected to both, that the viewer may see, by name."""
    adjacency = graph.first_degree([viewer.pk, member.pk])
    shared = np.intersect1d(adjacency[viewer.pk], adjacency[member.pk], assume_unique=True)
    return (
        visible_members(viewer)
        .filter(pk__in=shared.tolist())
        .order_by("last_name", "first_name", "pk")
    )


def connection_path(*, viewer: User, member: User) -> list[User] | None:
    """Return one shortest chain viewer → … → member (both included, up to 3 hops) through
    members the viewer may see, or None when there is none."""
    if viewer.pk == member.pk:
        return [viewer]
    adjacency = graph.first_degree([viewer.pk, member.pk])
    visible = _visible_ids(viewer)
    friends = adjacency[viewer.pk]
    if _contains(friends, member.pk):
        return [viewer, member]
    theirs = adjacency[member.pk]
    bridges = [
        m for m in np.intersect1d(friends, theirs, assume_unique=True).tolist() if m in visible
    ]
    if bridges:
        return _members_in_order([viewer.pk, bridges[0], member.pk])
    second = graph.second_degree(viewer.pk, friends)
    candidates = np.intersect1d(theirs, second, assume_unique=True).tolist()
    for near_member in (m for m in candidates if m in visible):
        via = graph.first_degree([near_member])[near_member]
        for first in np.intersect1d(friends, via, assume_unique=True).tolist():
            if first in visible:
                return _members_in_order([viewer.pk, first, near_member, member.pk])
    return None


def _visible_ids(viewer: User) -> "_VisibleIds":
    return _VisibleIds(viewer)


@dataclass
class _VisibleIds:
    """Lazily asks PostgreSQL whether ids are visible to the viewer, remembering answers."""

    viewer: User
    known: dict[int, bool] = field(default_factory=dict)

    def __contains__(self, member_id: object) -> bool:
        assert isinstance(member_id, int)
        if member_id not in self.known:
            self.known[member_id] = visible_members(self.viewer).filter(pk=member_id).exists()
        return self.known[member_id]


def _members_in_order(ids: list[int]) -> list[User]:
    by_id = User.objects.select_related("profile").in_bulk(ids)
    return [by_id[member_id] for member_id in ids]


@dataclass(frozen=True)
class NetworkSize:
    first: int
    second: int
    third: int
    third_is_estimate: bool


def network_size(viewer: User, *, exact_up_to: int = 5_000, sample: int = 500) -> NetworkSize:
    """Count 1st and 2nd degree exactly; 3rd exactly for small networks, else estimated by
    scaling what a random sample of the 2nd degree reaches (labelled as an estimate)."""
    friends = graph.first_degree([viewer.pk])[viewer.pk]
    second = graph.second_degree(viewer.pk, friends)
    estimate = second.size > exact_up_to
    picked = (
        np.random.default_rng(viewer.pk).choice(second, size=sample, replace=False)
        if estimate
        else second
    )
    reached = graph.distinct([graph.adjacency(picked.tolist()).joined])
    known = np.union1d(np.union1d(friends, second), np.array([viewer.pk], dtype=graph.IDS))
    third = int(np.setdiff1d(reached, known, assume_unique=True).size)
    if estimate:
        ceiling = User.objects.active().count() - 1 - int(friends.size) - int(second.size)
        third = max(0, min(round(third * second.size / picked.size), ceiling))
    return NetworkSize(int(friends.size), int(second.size), third, estimate)


@dataclass(frozen=True)
class Suggestion:
    member: User
    mutual_connections_count: int
    reasons: list[str]


def _excluded_from_suggestions(viewer: User) -> set[int]:
    from django.db.models import Q

    from connections.selectors import live_pending_invitations
    from network.models import SuggestionDismissal

    pairs = (
        live_pending_invitations()
        .filter(Q(sender=viewer) | Q(recipient=viewer))
        .values_list("sender_id", "recipient_id")
    )
    invited = {member_id for pair in pairs for member_id in pair}
    dismissed = SuggestionDismissal.objects.filter(member=viewer).values_list(
        "dismissed_id", flat=True
    )
    return {viewer.pk, *invited, *dismissed, *graph.hidden(viewer.pk).tolist()}


@dataclass(frozen=True)
class _Candidate:
    """What ranking a suggestion needs of a member: plain values, no model instances."""

    member_id: int
    company: str
    industry: str
    location: str


def _shared_reasons(
    mine: _Candidate, theirs: _Candidate, schools: set[str], viewer_schools: set[str]
) -> list[str]:
    reasons = []
    if mine.company and mine.company == theirs.company:
        reasons.append(f"Both work at {theirs.company}")
    shared = viewer_schools & schools
    if shared:
        reasons.append(f"Both studied at {sorted(shared)[0]}")
    if mine.industry and mine.industry == theirs.industry:
        reasons.append(f"Both in {INDUSTRY_LABELS.get(theirs.industry, theirs.industry)}")
    if mine.location and mine.location == theirs.location:
        reasons.append(f"Both in {theirs.location}")
    return reasons


def _tally(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ids (sorted) and how often each occurs; counted in place for millions."""
    if not ids.size:
        return ids, np.zeros(0, dtype=np.int64)
    if ids.size * 16 < int(ids.max()):
        return np.unique(ids, return_counts=True)
    counts = np.bincount(ids)
    distinct = np.flatnonzero(counts)
    return distinct.astype(graph.IDS), counts[distinct]


SUGGESTIONS_RANKED = 20  # how many a stored ranking holds (the page shows fewer, the API 20)


def people_you_may_know(
    viewer: User, *, limit: int = 20, precomputed: bool = True
) -> list[Suggestion]:
    """Rank 2nd-degree members by mutual connections, then shared group, company, school,
    industry and location; fill up from shared company/industry+location when the network is
    small. Candidates are ranked on plain values; only the chosen `limit` are loaded whole.

    The ranking is precomputed: made on the first call, stored in Redis stamped with the
    viewer's versions (connections, 2nd degree, blocks, invitations and dismissals) and
    served while they hold, for at most an hour (graph.SUGGESTIONS_TTL, how long the reasons
    may lag behind the candidates' own profiles). Members are loaded on every call through
    `visible_members`, so one deactivated or hidden since is left out at once. One ranking
    of SUGGESTIONS_RANKED serves every `limit` up to it (the My Network page, the API).
    `precomputed=False` ranks afresh and stores nothing (the benchmark's online time)."""
    stamp: list[int] = []
    ranked = None
    depth = max(limit, SUGGESTIONS_RANKED) if precomputed else limit
    if precomputed:
        stamp, ranked = graph.cached_suggestions(viewer.pk, depth)
    if ranked is None:
        ranked = _rank_suggestions(viewer, depth)
        if precomputed:
            graph.store_suggestions(viewer.pk, stamp, depth, ranked)
    ranked = ranked[:limit]
    members = visible_members(viewer).in_bulk([member_id for member_id, _, _ in ranked])
    return [
        Suggestion(members[member_id], mutual, reasons)
        for member_id, mutual, reasons in ranked
        if member_id in members
    ]


def _rank_suggestions(viewer: User, limit: int) -> list[tuple[int, int, list[str]]]:
    """The ranking of `people_you_may_know`: (member id, mutual count, reasons), best first."""
    from django.db.models import Q

    from accounts.models import Education

    friends = graph.first_degree([viewer.pk])[viewer.pk]
    excluded = _excluded_from_suggestions(viewer)
    counts: dict[int, int] = {}
    if friends.size:
        ids, tallies = _tally(graph.adjacency(friends.tolist()).joined)
        keep = ~_members_of(friends, ids)
        if excluded:
            keep &= ~np.isin(ids, np.fromiter(excluded, dtype=graph.IDS))
        ids, tallies = ids[keep], tallies[keep]
        wanted = limit * 3
        if ids.size > wanted:  # only what can make the top: tallies >= the wanted-th largest
            threshold = np.partition(tallies, ids.size - wanted)[ids.size - wanted]
            ids, tallies = ids[tallies >= threshold], tallies[tallies >= threshold]
        top = np.argsort(-tallies, kind="stable")[:wanted]
        counts = dict(zip(ids[top].tolist(), tallies[top].tolist(), strict=True))
    fields = ("pk", "profile__current_company", "profile__industry", "profile__location")
    # The candidates' plain values and the viewer's own, in one query.
    candidates = [
        _Candidate(*row)
        for row in (
            visible_members(viewer).filter(pk__in=list(counts)) | User.objects.filter(pk=viewer.pk)
        ).values_list(*fields)
    ]
    mine = next(candidate for candidate in candidates if candidate.member_id == viewer.pk)
    candidates.remove(mine)
    if len(candidates) < limit:
        similar = Q(profile__current_company=mine.company) if mine.company else Q(pk=None)
        if mine.industry and mine.location:
            similar |= Q(profile__industry=mine.industry, profile__location=mine.location)
        candidates += [
            _Candidate(*row)
            for row in visible_members(viewer)
            .filter(similar)
            .exclude(pk__in=[*excluded, *counts, *friends.tolist()])
            .order_by("pk")
            .values_list(*fields)[: limit - len(candidates)]
        ]
    chosen = [candidate.member_id for candidate in candidates]
    schools: dict[int, set[str]] = {member_id: set() for member_id in [viewer.pk, *chosen]}
    for member_id, school in Education.objects.filter(
        member_id__in=[viewer.pk, *chosen]
    ).values_list("member_id", "school"):
        schools[member_id].add(school)
    viewer_schools = schools[viewer.pk]
    shared_groups = shared_group_names(viewer, chosen, limit=1)
    ranked = sorted(
        (
            (
                candidate.member_id,
                counts.get(candidate.member_id, 0),
                [
                    *(
                        f"Both in the group {name}"
                        for name in shared_groups.get(candidate.member_id, [])
                    ),
                    *_shared_reasons(mine, candidate, schools[candidate.member_id], viewer_schools),
                ],
            )
            for candidate in candidates
        ),
        key=lambda entry: (-entry[1], -len(entry[2]), entry[0]),
    )[:limit]
    return ranked
