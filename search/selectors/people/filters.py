"""The WHERE clauses of people search: keywords, attribute filters, `connection_of`, `group`
and the degree filter, with their named parameters (`Clauses`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from accounts.models import User
from accounts.selectors import access_member
from connections.policies import connections_view_block_reason
from groups import policies as group_policies
from groups.selectors import access_group
from network.selectors import ViewerGraph
from search.selectors.common import TSQUERY, ViewerNetwork, id_bitmap, ids_literal
from search.selectors.people.query import PeopleQuery
from search.selectors.privacy import NAME_MATCH

DEGREE_BITMAP_MIN = 50_000  # ids from which a degree filter is sent as a bitmap
KEYWORDS = f"(d.document @@ {TSQUERY} OR {NAME_MATCH})"  # full text, or a name with typos
FULL_TEXT = f"d.document @@ {TSQUERY}"


class Clauses:
    """WHERE clauses, joins, the degree filter's id list and their named parameters."""

    def __init__(self) -> None:
        self.where: list[str] = ["d.is_visible"]
        self.joins: list[str] = []
        self.params: dict[str, Any] = {}
        self.ctes = ""  # "degree_ids AS (...)," when the degree filter needs an id list

    def with_degree_ids(self, ids: np.ndarray, *, include: bool) -> None:
        """Keep only members in `ids` (or only those not in it), which the statement gets
        once however often it is used: a short list as the CTE `degree_ids(id)`, joined; a
        long one (a 2nd-degree set of 100,000s) as a bitmap, one bit per member id, tested
        with get_bit (125 kB per million members, where the id list's text is ~7 bytes an
        id to format and parse)."""
        if ids.size < DEGREE_BITMAP_MIN:
            self.ctes = "degree_ids AS MATERIALIZED (SELECT unnest(%(degree_ids)s::int4[]) AS id),"
            self.params["degree_ids"] = ids_literal(ids)
            if include:
                self.joins.append("JOIN degree_ids pick ON pick.id = d.member_id")
            else:
                self.add("NOT EXISTS (SELECT 1 FROM degree_ids x WHERE x.id = d.member_id)")
            return
        bits = id_bitmap(ids)
        self.ctes = "degree_bits AS MATERIALIZED (SELECT %(degree_bits)s::bytea AS bits),"
        self.params["degree_bits"] = bits
        test = "get_bit((SELECT bits FROM degree_bits), d.member_id::int)"
        size = len(bits) * 8
        if include:
            self.add(f"(d.member_id < {size} AND {test} = 1)")
        else:
            self.add(f"(d.member_id >= {size} OR {test} = 0)")

    def add(self, clause: str, **params: Any) -> None:
        self.where.append(clause)
        self.params.update(params)

    def clauses(self, *, keywords: str = KEYWORDS) -> str:
        """The WHERE conditions, the keywords matched by `keywords`: full text or a name with
        typos (KEYWORDS), full text alone (FULL_TEXT: comparing every name by similarity is
        what a broad search cannot pay) or the name alone (NAME_MATCH)."""
        return " AND ".join(keywords if c == KEYWORDS else c for c in self.where)


def filters(query: PeopleQuery, network: ViewerNetwork) -> Clauses:
    """The clauses of `query` for this viewer.

    Raises MemberNotFound, ConnectionsHidden (connection_of), GroupNotFound, NotGroupMember
    (group).
    """
    viewer = network.viewer
    sql = Clauses()
    sql.add("d.member_id <> ALL(%(excluded)s::int4[])", excluded=network.excluded_literal)
    if query.has_keywords:
        sql.add(KEYWORDS, q=query.q)
    if query.industry:
        sql.add("d.industry = %(industry)s", industry=query.industry)
    if query.location:
        sql.add("d.location_key = search_key(%(location)s)", location=query.location)
    if query.company:
        sql.add("d.company_key = search_key(%(company)s)", company=query.company)
    if query.past_company:
        sql.add(
            "d.past_company_keys @> ARRAY[search_key(%(past_company)s)]",
            past_company=query.past_company,
        )
    if query.school:
        sql.add("d.school_keys @> ARRAY[search_key(%(school)s)]", school=query.school)
    if query.connection_of is not None:
        _connection_of_filter(sql, viewer, query.connection_of)
    if query.group is not None:
        _group_filter(sql, viewer, query.group)
    _degree_filter(sql, network, query.degrees)
    return sql


def _degree_filter(sql: Clauses, network: ViewerNetwork, degrees: frozenset[int]) -> None:
    """Restrict to the asked degrees: an include list (1st, 2nd) or an exclude list (3rd+)."""
    if not degrees or degrees == {1, 2, 3}:
        return
    friends = network.friends
    second = network.viewer_graph.second_degree() if degrees & {2, 3} else ViewerGraph.EMPTY
    sets = {1: friends, 2: second}
    if 3 in degrees:
        excluded = [sets[degree] for degree in (1, 2) if degree not in degrees]
        ids = np.concatenate(excluded) if len(excluded) > 1 else excluded[0]
        if ids.size:
            sql.with_degree_ids(ids, include=False)
        return
    chosen = [sets[degree] for degree in sorted(degrees)]
    sql.with_degree_ids(np.concatenate(chosen) if len(chosen) > 1 else chosen[0], include=True)


def _connection_of_filter(sql: Clauses, viewer: User, member_id: int) -> None:
    """Raises MemberNotFound (missing or hidden) or ConnectionsHidden (their setting)."""
    member = access_member(viewer=viewer, member_id=member_id, with_history=False)
    reason = connections_view_block_reason(viewer=viewer, member=member)
    if reason is not None:
        raise reason
    sql.add(
        "d.member_id IN (SELECT other_id FROM connections_connection "
        "WHERE member_id = %(connection_of)s)",
        connection_of=member.pk,
    )


def _group_filter(sql: Clauses, viewer: User, group_id: int) -> None:
    """Members of a group whose member list the viewer may see (its members alone).

    Raises GroupNotFound (missing, or unlisted and not the viewer's), NotGroupMember.
    """
    group = access_group(viewer=viewer, group_id=group_id)
    reason = group_policies.member_block_reason(group)
    if reason is not None:
        raise reason
    sql.add(
        "d.member_id IN (SELECT member_id FROM groups_membership WHERE group_id = %(group)s)",
        group=group.pk,
    )
