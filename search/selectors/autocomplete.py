"""Typeahead: members and groups whose names start with the letters typed, nearest first."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from accounts.policies import ProfileAccess
from core import replicas
from network.selectors import nearness_for
from search.selectors.common import (
    SearchHit,
    ViewerNetwork,
    access_at,
    degree_order,
    member_hits,
    prefix_tsquery,
    viewer_network,
)
from search.selectors.groups import GroupHit, group_typeahead

# At most this many matching connections (looked up one by one: ~3 µs each, and a prefix
# such as "mar" matches 3 % of names) and this many other members.
TYPEAHEAD_CONNECTIONS, TYPEAHEAD_CANDIDATES = 20, 60
_PREFIX = (
    "d.is_visible AND d.member_id <> ALL(%(excluded)s::int4[]) AND "
    "to_tsvector('simple'::regconfig, d.name) @@ to_tsquery('simple', search_unaccent(%(prefix)s))"
)
TYPEAHEAD_LIMIT = 10  # members and groups together (API.md)
TYPEAHEAD_GROUPS = 3  # slots groups may take from members; more when fewer members match


@dataclass
class Typeahead:
    members: list[SearchHit]
    groups: list[GroupHit]


def _typeahead_candidates(network: ViewerNetwork, prefix: str, text: str) -> list[tuple[int, bool]]:
    """The members whose names start with `prefix`, as (id, open to out of network), the
    viewer's connections first, each once."""
    # Bounded, however many names share the prefix: up to TYPEAHEAD_CONNECTIONS of the
    # viewer's connections (looked up by id), then TYPEAHEAD_CANDIDATES others in index order;
    # nearness (2nd degree by mutual count, ...) orders the others in Python.
    statement = f"""
        WITH friend AS MATERIALIZED (SELECT unnest(%(friends)s::int4[]) AS id)
        SELECT member_id, open FROM (
            (SELECT d.member_id, d.open_to_out_of_network AS open, 0 AS tier,
                    similarity(d.name, search_key(%(text)s)) AS likeness
             FROM friend f JOIN search_memberdocument d ON d.member_id = f.id
             WHERE {_PREFIX} LIMIT {TYPEAHEAD_CONNECTIONS})
            UNION ALL
            (SELECT d.member_id, d.open_to_out_of_network, 1,
                    similarity(d.name, search_key(%(text)s))
             FROM search_memberdocument d WHERE {_PREFIX} LIMIT {TYPEAHEAD_CANDIDATES})
        ) c ORDER BY tier, likeness DESC, member_id
    """  # noqa: S608 (constants only)
    params = {
        "friends": network.friends_literal,
        "excluded": network.excluded_literal,
        "prefix": prefix,
        "text": text,
    }
    with replicas.read_connection().cursor() as cursor:
        cursor.execute(statement, params)
        found = cursor.fetchall()
    rows: list[tuple[int, bool]] = []
    seen: set[int] = set()
    for member_id, is_open in found:  # a connection may come twice: its first row counts
        if member_id not in seen:
            seen.add(member_id)
            rows.append((member_id, is_open))
    return rows


def member_typeahead(
    viewer: User, text: str, *, limit: int = TYPEAHEAD_LIMIT, network: ViewerNetwork | None = None
) -> list[SearchHit]:
    """Return at most `limit` members whose names start with the words typed, nearest first.

    The prefix runs on the name alone (`search_member_name_prefix_idx`, migration 0003): on the
    whole document, "mar" would also fetch every "marketing" headline only to recheck it."""
    prefix = prefix_tsquery(text)
    if not prefix:
        return []
    network = network or viewer_network(viewer)
    rows = _typeahead_candidates(network, prefix, text)
    nearness = nearness_for(viewer, [member_id for member_id, _ in rows])
    order = {member_id: position for position, (member_id, _) in enumerate(rows)}
    shown: list[tuple[int, ProfileAccess]] = []
    for member_id, is_open in rows:
        near = nearness[member_id]
        access = access_at(near.degree, is_open=is_open)
        if access is not ProfileAccess.MINIMAL:  # their name is not the viewer's to see
            shown.append((member_id, access))
    shown.sort(key=lambda item: (*degree_order(nearness[item[0]]), order[item[0]]))
    return member_hits(viewer, shown[:limit], nearness)


def typeahead(viewer: User, text: str) -> Typeahead:
    """Return at most TYPEAHEAD_LIMIT members and groups together whose names start with the
    words typed, each list nearest in the network first. Groups take up to TYPEAHEAD_GROUPS
    slots, more when fewer members match."""
    if not prefix_tsquery(text):
        return Typeahead([], [])
    network = viewer_network(viewer)
    groups = group_typeahead(viewer, text, limit=TYPEAHEAD_LIMIT, network=network)
    members = member_typeahead(
        viewer,
        text,
        limit=TYPEAHEAD_LIMIT - min(len(groups), TYPEAHEAD_GROUPS),
        network=network,
    )
    return Typeahead(members, groups[: TYPEAHEAD_LIMIT - len(members)])
