"""Set operations on sorted id arrays: the distinct union of many, membership of many values,
and what is derived from read-only graph arrays, kept while those arrays live."""

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

from graphcache.codec import EMPTY, IDS

MASK_MIN_VALUES = 16_000  # members_of: more values than this may be looked up in a mask


def distinct(arrays: Sequence[np.ndarray], without: np.ndarray = EMPTY) -> np.ndarray:
    """The sorted distinct ids of all the arrays, minus the ids in `without`.

    Millions of ids (a 30,000-connection member's friends of friends) are marked in a boolean
    mask over the id range, which is linear; a few are sorted, which is cheaper than the mask.
    (Not np.unique: numpy 2.x's hashing unique is several times slower than a sort here.)
    """
    total = sum(len(array) for array in arrays)
    if not total:
        return EMPTY
    joined = np.concatenate(arrays)
    top = int(joined.max())
    if total * 16 < top:
        joined.sort()
        joined = joined[np.concatenate([[True], joined[1:] != joined[:-1]])]
        return joined[~np.isin(joined, without)] if without.size else joined
    seen = np.zeros(top + 1, dtype=bool)
    seen[joined] = True
    seen[without[without <= top]] = False
    return np.flatnonzero(seen).astype(IDS)


class Derived[T]:
    """What was derived from read-only arrays of the graph cache (the same objects while their
    versions hold), kept while those arrays live: the last `size`, by their identity."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._items: OrderedDict[tuple[int, ...], tuple[tuple[weakref.ref[np.ndarray], ...], T]]
        self._items = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, *arrays: np.ndarray) -> T | None:
        """What was derived from these very arrays, if it is kept."""
        key = tuple(map(id, arrays))
        with self._lock:
            held = self._items.get(key)
            if held is not None and all(ref() is a for ref, a in zip(held[0], arrays, strict=True)):
                self._items.move_to_end(key)
                return held[1]
        return None

    def get(self, *arrays: np.ndarray, make: Callable[[], T]) -> T:
        if any(array.flags.writeable for array in arrays):  # a caller's own array: not kept
            return make()
        held = self.peek(*arrays)
        if held is not None:
            return held
        value = make()
        with self._lock:
            self._items[tuple(map(id, arrays))] = (tuple(map(weakref.ref, arrays)), value)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


# Boolean masks over the id range of cached sets (~1 MB at a million members), kept while the
# set lives: built for a large set (a 30,000-connection member's 2nd degree, where a binary
# search per value is slow) or for many values at once (filtering 10,000 candidates), and then
# used for every lookup in that set.
masks: Derived[np.ndarray] = Derived(size=4)
MASK_KEPT_MIN = 100_000  # ids in a cached set from which members_of keeps its mask
MASK_KEPT_VALUES = 4_000  # or values looked up at once in a cached set of MASK_KEPT_MIN_IDS on
MASK_KEPT_MIN_IDS = 2_000


def _mask(sorted_ids: np.ndarray, top: int) -> np.ndarray:
    mask = np.zeros(top + 1, dtype=bool)
    mask[sorted_ids] = True
    return mask


def members_of(sorted_ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Which of `values` are in `sorted_ids`: a binary search each, or one lookup each in a
    boolean mask over the id range when there are many values (30,000 values in 30,000 ids:
    370 µs searching, 60-85 µs by mask). Below ~16,000 values the mask's allocation over the
    whole id range (1 MB at a million members) costs about what the searches save, and more
    when it must be faulted in afresh, as measured in typeahead."""
    if not sorted_ids.size or not values.size:
        return np.zeros(values.size, dtype=bool)
    # Only a cached set's own array (not a view, such as a row of a page, made afresh each call).
    if (
        sorted_ids.size >= MASK_KEPT_MIN_IDS
        and not sorted_ids.flags.writeable
        and sorted_ids.base is None
    ):
        mask = masks.peek(sorted_ids)
        if mask is None and (sorted_ids.size >= MASK_KEPT_MIN or values.size >= MASK_KEPT_VALUES):
            mask = masks.get(sorted_ids, make=lambda: _mask(sorted_ids, int(sorted_ids[-1])))
    else:
        mask = None
    if mask is not None:
        found = np.zeros(values.size, dtype=bool)
        inside = (values >= 0) & (values < mask.size)
        found[inside] = mask[values[inside]]
        return found
    if values.size > MASK_MIN_VALUES:
        top = max(int(sorted_ids[-1]), int(values.max()))
        if top // 25 + sorted_ids.size < 9 * values.size:
            mask = np.zeros(top + 1, dtype=bool)
            mask[sorted_ids] = True
            return mask[values]
    position = np.searchsorted(sorted_ids, values)
    position[position == sorted_ids.size] = 0
    return sorted_ids[position] == values
