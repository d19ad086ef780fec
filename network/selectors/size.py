"""Network size: how many members are 1, 2 and 3 degrees from the viewer."""

from dataclasses import dataclass

import numpy as np

from accounts.models import User
from network.selectors._graph import graph


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
