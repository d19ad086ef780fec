"""Group search and group typeahead: full text over name and description, ranked by the network.

Which groups a viewer may find is the groups app's rule (`groups.selectors.groups_findable_by`:
listed groups and the viewer's own; an unlisted group never shows to a non-member), compiled
into the statement as a sub-select. The document is an expression (`search_group_document`,
migration 0002) with its own GIN index on `groups_group`, so an edit is searchable at once.

Nearness of a group: the viewer's own groups first, then groups with more of the viewer's
connections among their members (counted in the same statement for the matching groups: their
memberships joined with the viewer's connections, deactivated and blocked members left out),
then larger groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accounts.industries import INDUSTRY_LABELS
from accounts.models import User
from core import replicas
from groups.models import Group
from groups.selectors import groups_findable_by
from search.selectors.common import (
    FACET_LIMIT,
    Facet,
    ViewerNetwork,
    has_words,
    prefix_tsquery,
    viewer_network,
)

# score = relevance * (1 + boost): 1.0 for the viewer's own groups, otherwise up to 0.5 with the
# number of the viewer's connections in the group (saturating at 10).
GROUP_MEMBER_BOOST = 1.0
CONNECTIONS_BOOST, CONNECTIONS_SATURATION = 0.5, 10
GROUP_RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # C description, A name
# Matches ranked with the viewer's connections in them (the rest are counted, not ranked).
GROUP_CANDIDATES, GROUP_TYPEAHEAD_CANDIDATES = 500, 50
_DOCUMENT = "g.search_document"  # stored: search/sql.py GROUP_DOCUMENT_STORED
_NAME = "search_key(g.name)"


@dataclass(frozen=True)
class GroupQuery:
    """Validated input (search.forms.GroupSearchForm.cleaned_data)."""

    q: str = ""
    industry: str = ""

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> GroupQuery:
        return cls(q=data.get("q") or "", industry=data.get("industry") or "")

    @property
    def has_keywords(self) -> bool:
        return has_words(self.q)


@dataclass
class GroupHit:
    group: Group  # annotated with `viewer_role` (None: not a member)
    connections_in_group: int  # the viewer's connections among its members


@dataclass
class GroupSearchResult:
    hits: list[GroupHit]
    count: int
    industries: list[Facet] = field(default_factory=list)
    reachable: int = 0  # how many ranked results can be paged through (GROUP_CANDIDATES)


@dataclass(frozen=True)
class _Part:
    """A piece of SQL with its positional parameters."""

    sql: str
    params: tuple[Any, ...] = ()


def _findable(viewer: User) -> _Part:
    sql, params = groups_findable_by(viewer).values("pk").query.sql_with_params()
    return _Part(sql, tuple(params))


def _keyword_parts(text: str) -> tuple[_Part, _Part]:
    """The match (full text, or a typo-tolerant name) and its relevance."""
    tsquery = "websearch_to_tsquery('english', search_unaccent(%s))"
    match = _Part(
        f"({_DOCUMENT} @@ {tsquery} OR {_NAME} %% search_key(%s) OR search_key(%s) <%% {_NAME})",
        (text, text, text),
    )
    relevance = _Part(
        f"ts_rank('{GROUP_RANK_WEIGHTS}', {_DOCUMENT}, {tsquery}) + greatest("
        f"similarity({_NAME}, search_key(%s)), word_similarity(search_key(%s), {_NAME}))",
        (text, text, text),
    )
    return match, relevance


def _group_rows(
    network: ViewerNetwork,
    *,
    match: _Part | None,
    relevance: _Part,
    industry: str,
    order: str,
    page: _Part,
    candidates: int,
) -> list[tuple[Any, ...]]:
    """One round trip: the count, the industry facet and a page of (id, connections, score).

    The count and the facet cover every match; the viewer's connections are counted in the
    best `candidates` matches by (own group, relevance, size) alone, which are ranked and
    paged: counting them in every match (660 groups, 51,000 memberships for "computer" at
    20,000 groups) cost more than the rest of the search."""
    viewer = network.viewer
    findable = _findable(viewer)
    where = [_Part(f"g.id IN ({findable.sql})", findable.params)]
    if match is not None:
        where.append(match)
    if industry:
        where.append(_Part("g.industry = %s", (industry,)))
    boost = (
        f"CASE WHEN mine THEN {GROUP_MEMBER_BOOST} ELSE {CONNECTIONS_BOOST} * "
        f"least(friends, {CONNECTIONS_SATURATION})::float8 / {CONNECTIONS_SATURATION} END"
    )
    # Only constants and clauses built here are formatted in; every value is a parameter.
    statement = f"""
        WITH g0 AS MATERIALIZED (
            SELECT g.id, g.industry, g.member_count,
                   EXISTS (SELECT 1 FROM groups_membership v
                           WHERE v.group_id = g.id AND v.member_id = %s) AS mine,
                   ({relevance.sql})::float8 AS relevance
            FROM groups_group g
            WHERE {" AND ".join(part.sql for part in where)}
        ),
        top AS MATERIALIZED (
            SELECT * FROM g0 ORDER BY mine DESC, relevance DESC, member_count DESC, id
            LIMIT {candidates}
        ),
        fg AS (
            SELECT gm.group_id, count(*) AS n
            FROM top
            JOIN groups_membership gm ON gm.group_id = top.id
            JOIN unnest(%s::int4[]) AS f(id) ON f.id = gm.member_id
            JOIN search_memberdocument md ON md.member_id = gm.member_id AND md.is_visible
            GROUP BY gm.group_id
        ),
        g AS MATERIALIZED (
            SELECT top.*, coalesce(fg.n, 0) AS friends
            FROM top LEFT JOIN fg ON fg.group_id = top.id
        ),
        s AS (SELECT g.*, g.relevance * (1 + {boost}) AS score FROM g)
        SELECT 'c', NULL, count(*), NULL::float8 FROM g0
        UNION ALL (SELECT 'i', industry, count(*), NULL FROM g0 WHERE industry <> ''
                   GROUP BY industry ORDER BY 3 DESC, 2 LIMIT {FACET_LIMIT})
        UNION ALL (SELECT 'r', id::text, friends, score FROM s ORDER BY {order} {page.sql})
    """  # noqa: S608
    params: list[Any] = [viewer.pk, *relevance.params]
    for part in where:
        params.extend(part.params)
    params.append(network.friends_literal)
    params.extend(page.params)
    with replicas.read_connection().cursor() as cursor:
        cursor.execute(statement, params)
        return list(cursor.fetchall())


def _group_hits(viewer: User, rows: list[tuple[int, int]]) -> list[GroupHit]:
    """Load a page of groups (one query), with the viewer's role, in the ranked order."""
    groups = groups_findable_by(viewer).in_bulk([group_id for group_id, _ in rows])
    return [
        GroupHit(groups[group_id], connections)
        for group_id, connections in rows
        if group_id in groups  # deleted between the two queries
    ]


def group_search(
    viewer: User, query: GroupQuery, *, offset: int = 0, limit: int = 25
) -> GroupSearchResult:
    """Find the groups `viewer` may find by keywords and industry, nearest in the network
    first at equal relevance (own groups, then more of the viewer's connections)."""
    match, relevance = _keyword_parts(query.q) if query.has_keywords else (None, _Part("1.0"))
    rows = _group_rows(
        viewer_network(viewer),
        match=match,
        relevance=relevance,
        industry=query.industry,
        order="score DESC, friends DESC, member_count DESC, id",
        page=_Part("LIMIT %s OFFSET %s", (limit, offset)),
        candidates=GROUP_CANDIDATES,
    )
    count, industries, page = 0, [], []
    for kind, value, number, _score in rows:
        if kind == "c":
            count = int(number)
        elif kind == "i":
            industries.append(Facet(value, INDUSTRY_LABELS.get(value, value), int(number)))
        else:
            page.append((int(value), int(number)))
    reachable = min(count, GROUP_CANDIDATES)
    return GroupSearchResult(_group_hits(viewer, page), count, industries, reachable)


def group_typeahead(
    viewer: User, text: str, *, limit: int, network: ViewerNetwork | None = None
) -> list[GroupHit]:
    """Return at most `limit` groups the viewer may find whose name words start with the words
    typed: the viewer's own first, then by their connections in the group, then closeness."""
    prefix = prefix_tsquery(text, weight="A")
    if not prefix or limit <= 0:
        return []
    rows = _group_rows(
        network or viewer_network(viewer),
        match=_Part(f"{_DOCUMENT} @@ to_tsquery('simple', search_unaccent(%s))", (prefix,)),
        relevance=_Part(f"similarity({_NAME}, search_key(%s))", (text,)),
        industry="",
        order="mine DESC, friends DESC, relevance DESC, member_count DESC, id",
        page=_Part("LIMIT %s", (limit,)),
        candidates=GROUP_TYPEAHEAD_CANDIDATES,
    )
    return _group_hits(viewer, [(int(value), int(n)) for kind, value, n, _ in rows if kind == "r"])
