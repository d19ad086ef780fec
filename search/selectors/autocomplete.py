"""Typeahead: members and groups whose names start with the letters typed, nearest first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from accounts.models import User
from accounts.policies import ProfileAccess, profile_access
from network.selectors import nearness_for
from search.selectors.common import (
    SearchHit,
    ViewerNetwork,
    degree_order,
    member_hits,
    prefix_tsquery,
    viewer_network,
)
from search.selectors.groups import GroupHit, group_typeahead

TYPEAHEAD_CANDIDATES = 60
TYPEAHEAD_LIMIT = 10  # members and groups together (API.md)
TYPEAHEAD_GROUPS = 3  # slots groups may take from members; more when fewer members match


@dataclass
class Typeahead:
    members: list[SearchHit]
    groups: list[GroupHit]


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
    statement = f"""
        SELECT d.member_id, d.open_to_out_of_network
        FROM search_memberdocument d
        LEFT JOIN unnest(%s::int4[]) AS f(id) ON f.id = d.member_id
        WHERE d.is_visible AND d.member_id <> ALL(%s::int4[])
          AND to_tsvector('simple'::regconfig, d.name) @@ to_tsquery('simple', search_unaccent(%s))
        ORDER BY (f.id IS NOT NULL) DESC, similarity(d.name, search_key(%s)) DESC, d.member_id
        LIMIT {TYPEAHEAD_CANDIDATES}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, [network.friends_literal, network.excluded_literal, prefix, text])
        rows = cursor.fetchall()
    nearness = nearness_for(viewer, [member_id for member_id, _ in rows])
    order = {member_id: position for position, (member_id, _) in enumerate(rows)}
    shown: list[tuple[int, ProfileAccess]] = []
    for member_id, is_open in rows:
        near = nearness[member_id]
        access = profile_access(
            member=User(profile_visible_to_out_of_network=is_open), degree=near.degree
        )
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
