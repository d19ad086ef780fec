"""Nearness: each member's degree from the viewer and their mutual connections, in one batch.

Read from the cached adjacency arrays and intersected with numpy; members hidden from the
viewer (a block either way) never count as connections or mutuals.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from accounts.models import User
from connections.selectors import relationships_for
from network.selectors._graph import graph


class Nearness(NamedTuple):
    """How far a member is from the viewer: degree (0 self, 1-3, None) and mutual count.
    (A named tuple: a page makes one per member, and a frozen dataclass costs ~2 µs each.)"""

    degree: int | None
    mutual_connections_count: int


_members_of = graph.members_of


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
    viewer_id = viewer.pk
    ids = list(dict.fromkeys(member_ids))
    others = [member_id for member_id in ids if member_id != viewer_id]
    if not others:
        return {member_id: Nearness(0, 0) for member_id in ids}
    page = graph.adjacency([viewer_id, *others], viewer=viewer_id)
    everyone_of_viewer = page.joined[: page.bounds[1]]
    hidden = graph.hidden(viewer_id, page.known)
    friends = _without_sorted(everyone_of_viewer, hidden)
    reached = page.joined[page.bounds[1] :]
    bounds = page.bounds[1:] - page.bounds[1]
    others_array = np.array(others, dtype=graph.IDS)
    mutual, any_shared = _shared_counts(everyone_of_viewer, hidden, friends, reached, bounds)
    is_friend = _members_of(friends, others_array)
    in_second = ~is_friend & any_shared
    undecided = ~is_friend & ~in_second
    touches_second = np.zeros(len(others), dtype=bool)
    if undecided.any():
        touches_second[undecided] = _reach_second(
            viewer_id, everyone_of_viewer, page, np.flatnonzero(undecided)
        )
    # Degrees as one array (0 for out of network), then one tuple per member.
    degrees = np.select([is_friend, in_second, touches_second], [1, 2, 3], 0).tolist()
    result = {
        member_id: Nearness(degree or None, count)
        for member_id, degree, count in zip(others, degrees, mutual.tolist(), strict=True)
    }
    if len(others) == len(ids):
        return result
    result[viewer_id] = Nearness(0, 0)
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


def _segment_sums(flags: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """How many flags are set in each segment [bounds[i], bounds[i + 1])."""
    running = np.concatenate([[0], np.cumsum(flags, dtype=np.int64)])
    return running[bounds[1:]] - running[bounds[:-1]]


def degree_between(*, viewer: User, member: User) -> int | None:
    """Return 0 for self, 1, 2 or 3, or None when `member` is out of `viewer`'s network."""
    return nearness_for(viewer, [member.pk])[member.pk].degree


@dataclass(frozen=True)
class ViewerFields:
    """The viewer-relative fields every member carries in the API (API.md conventions)."""

    degree: int | None
    mutual_connections_count: int
    relationship: str


def viewer_fields_for(
    viewer: User, member_ids: list[int], *, connected: bool = False
) -> dict[int, ViewerFields]:
    """Return degree, mutual count and relationship for a page of members (constant queries).

    `connected`: the members are the viewer's connections, as the page's own statement just
    read them from the viewer's Connection rows, so each relationship is "connected" (an
    invitation between connections cannot be pending) and its two statements are not run."""
    return viewer_fields_of(viewer, nearness_for(viewer, member_ids), connected=connected)


def viewer_fields_of(
    viewer: User, nearness: dict[int, Nearness], *, connected: bool = False
) -> dict[int, ViewerFields]:
    """The viewer fields of members whose nearness was just read. "connected" is that read's
    1st degree (one graph-cache read for both: a card never says 1st and "none" at once);
    invitations pending are read from PostgreSQL (`connected`: see viewer_fields_for)."""
    if connected:
        relationships = dict.fromkeys(nearness, "connected")
    else:
        first = [member_id for member_id, near in nearness.items() if near.degree == 1]
        relationships = relationships_for(viewer, list(nearness), connected=first)
    return {
        member_id: ViewerFields(
            degree=near.degree,
            mutual_connections_count=near.mutual_connections_count,
            relationship=relationships.get(member_id, "none"),
        )
        for member_id, near in nearness.items()
    }
