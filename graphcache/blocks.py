"""Blocks: each viewer's hidden set (the members hidden by a block either way), held in the
local tier stamped with the viewer's `vb`, which graphcache.invalidation.blocks_changed bumps."""

import numpy as np

from graphcache import keys
from graphcache.codec import IDS
from graphcache.local_tier import local
from graphcache.versions import Versions, current_epoch, epoch_key


def hidden(member_id: int, known: Versions | None = None) -> np.ndarray:
    """The sorted ids of members hidden from `member_id` by a block either way, from the local
    tier at the current `vb` version, else from PostgreSQL (accounts' rule)."""
    # Imported here: this package is an installed app, loaded before accounts' models are.
    from accounts.selectors import hidden_member_ids

    if local.trusting() and (array := local.fresh("hb", member_id)) is not None:
        return array
    if known is None or member_id not in known.vb:
        since = local.generation
        epoch, version = keys.mget([epoch_key(), keys.key("vb", member_id)])
        local.check_epoch(current_epoch(epoch))
        known = Versions({}, {}, {member_id: keys.version(version)}, since=since)
    stamp = (known.vb[member_id],)
    array = local.get("hb", member_id, stamp, known.since)
    if array is None:
        array = np.array(sorted(hidden_member_ids(member_id)), dtype=IDS)
        local.put("hb", member_id, stamp, array, known.since)
    return array
