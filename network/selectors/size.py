"""Network size: how many members are 1, 2 and 3 degrees from the viewer."""

from dataclasses import dataclass

import numpy as np
from django.core.cache import cache

from accounts.models import User, inactive_member_ids
from network.selectors._graph import graph


@dataclass(frozen=True)
class NetworkSize:
    first: int
    second: int
    third: int
    third_is_estimate: bool


def network_size(viewer: User, *, exact_up_to: int = 5_000, sample: int = 500) -> NetworkSize:
    """Count 1st and 2nd degree exactly; 3rd exactly for small networks, else estimated by
    scaling what a random sample of the 2nd degree reaches (labelled as an estimate).

    Each count is of the members people search would list at that degree: members hidden from
    the viewer (a block either way) and inactive ones (suspended, deactivated) are left out,
    as search's document leaves them out, so `first` and `second` equal search's 1st and 2nd
    counts for the same data, and `third` is the part of search's "3rd and beyond" that is
    exactly three steps away (docs/network.md, "Network size and search counts"). Degrees are
    still reached through every connection, as `nearness_for` and search reach them."""
    friends = graph.first_degree([viewer.pk])[viewer.pk]
    second = graph.second_degree(viewer.pk, friends)
    gone = _not_shown(viewer)
    estimate = second.size > exact_up_to
    picked = (
        np.random.default_rng(viewer.pk).choice(second, size=sample, replace=False)
        if estimate
        else second
    )
    # Reached in three steps and not nearer: one distinct pass with the nearer ids left out
    # (graphcache marks them off in its mask; no sorted union of the 1st and 2nd degree).
    known = np.concatenate([friends, second, np.array([viewer.pk], dtype=graph.IDS)])
    third_ids = graph.distinct([graph.adjacency(picked.tolist()).joined], without=known)
    first, second_count = _shown(friends, gone), _shown(second, gone)
    third = _shown(third_ids, gone)
    if estimate:
        ceiling = shown_members_total() - 1 - first - second_count
        third = max(0, min(round(third * second.size / picked.size), ceiling))
    return NetworkSize(first, second_count, third, estimate)


SHOWN_MEMBERS_KEY = "network:shown-members-total"
SHOWN_MEMBERS_SECONDS = 600


def shown_members_total() -> int:
    """How many members can be shown at all (active, not deactivated): the ceiling of an
    estimated 3rd degree, counted at most every ten minutes. The count reads the whole members
    table (43 ms at 100,000 members on this machine, ten times that at a million), too much for
    every My Network page; a ceiling for an estimate may lag a few minutes."""
    total = cache.get(SHOWN_MEMBERS_KEY)
    if total is None:
        total = User.objects.active().count()
        cache.set(SHOWN_MEMBERS_KEY, total, SHOWN_MEMBERS_SECONDS)
    return int(total)


def _not_shown(viewer: User) -> np.ndarray:
    """The sorted ids search never lists to this viewer: hidden by a block either way
    (cached per process), and inactive members (one query on a partial index, so its cost
    follows how many are inactive, not how many members there are)."""
    inactive = np.fromiter(inactive_member_ids(), dtype=graph.IDS)
    return np.union1d(graph.hidden(viewer.pk), inactive)


def _shown(ids: np.ndarray, gone: np.ndarray) -> int:
    return int(ids.size - graph.members_of(gone, ids).sum()) if gone.size else int(ids.size)
