"""People search and typeahead: PostgreSQL finds and filters, the graph cache ranks.

One SQL statement over `search_memberdocument` (GIN full text + trigram names, filters, block
and deactivation exclusion) returns the total, the industry and location facets and the best
`CANDIDATES` rows by text relevance, 1st-degree connections boosted in SQL. Those candidates are
re-ranked with their exact nearness (`network.selectors.nearness_for`: degree and mutual count
from the Redis adjacency arrays) and cut to what the viewer may see of each profile
(`accounts.policies.profile_access`). docs/search.md explains the formula and its limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection

from accounts.industries import INDUSTRY_LABELS
from accounts.models import User
from accounts.policies import ProfileAccess, profile_access
from accounts.selectors import access_member, hidden_member_ids
from connections.policies import connections_view_block_reason
from connections.selectors import relationships_for
from network import graph
from network.selectors import Nearness, ViewerFields, nearness_for
from search.exceptions import FilterUnavailable

CANDIDATES = 500  # results a query can page through (like LinkedIn's cap), re-ranked exactly
TYPEAHEAD_CANDIDATES = 60
TYPEAHEAD_LIMIT = 10
FACET_LIMIT = 12
# Multiplier on text relevance by nearness: 1st doubles it, 2nd gains 0.5 plus up to 0.4 more
# with mutual connections, 3rd 0.2. Text still dominates when it differs a lot: a name match
# (weight A, plus name similarity) outranks a headline mention (weight B) from a connection.
NEARNESS_BOOST = {1: 1.0, 2: 0.5, 3: 0.2}
MUTUAL_BOOST, MUTUAL_SATURATION = 0.4, 25
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D summary, C history/schools, B headline..., A name
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class PeopleQuery:
    """Validated input (search.forms.PeopleSearchForm.cleaned_data)."""

    q: str = ""
    degrees: frozenset[int] = frozenset()
    industry: str = ""
    location: str = ""
    company: str = ""
    past_company: str = ""
    school: str = ""
    connection_of: int | None = None
    group: int | None = None

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> PeopleQuery:
        return cls(
            q=data.get("q") or "",
            degrees=frozenset(int(value) for value in data.get("degree") or []),
            industry=data.get("industry") or "",
            location=(data.get("location") or "").strip(),
            company=(data.get("company") or "").strip(),
            past_company=(data.get("past_company") or "").strip(),
            school=(data.get("school") or "").strip(),
            connection_of=data.get("connection_of"),
            group=data.get("group"),
        )

    @property
    def has_keywords(self) -> bool:
        return bool(_WORD.search(self.q))


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass
class SearchHit:
    member: User
    fields: ViewerFields
    access: ProfileAccess

    @property
    def shows_name(self) -> bool:
        return self.access is not ProfileAccess.MINIMAL


@dataclass
class PeopleSearchResult:
    hits: list[SearchHit]
    count: int
    reachable: int  # how many ranked results can be paged through (at most CANDIDATES)
    industries: list[Facet] = field(default_factory=list)
    locations: list[Facet] = field(default_factory=list)


@dataclass(frozen=True)
class _Candidate:
    member_id: int
    relevance: float
    open_to_out_of_network: bool
    summary_free_match: bool  # matches on name, headline, current position, skills
    headline_match: bool


def _ids_literal(ids: np.ndarray) -> str:
    """An int4[] literal; cheaper than adapting a long Python list value by value."""
    return "{" + ",".join(ids.astype(str).tolist()) + "}"


class _Sql:
    """WHERE clauses and their parameters, built in order."""

    def __init__(self) -> None:
        self.where: list[str] = ["d.is_visible"]
        self.params: list[Any] = []
        self.joins: list[str] = []
        self.join_params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.where.append(clause)
        self.params.extend(params)


def _degree_filter(sql: _Sql, viewer: User, degrees: frozenset[int], friends: np.ndarray) -> None:
    """Restrict to the asked degrees: an include list (1st, 2nd) or an exclude list (3rd+)."""
    if not degrees or degrees == {1, 2, 3}:
        return
    second = graph.second_degree(viewer.pk, friends) if degrees & {2, 3} else graph._EMPTY
    sets = {1: friends, 2: second}
    if 3 in degrees:
        excluded = [sets[degree] for degree in (1, 2) if degree not in degrees]
        ids = np.concatenate(excluded) if excluded else graph._EMPTY
        if ids.size:
            sql.add(
                "NOT EXISTS (SELECT 1 FROM unnest(%s::int4[]) AS x(id) WHERE x.id = d.member_id)",
                _ids_literal(ids),
            )
        return
    ids = np.concatenate([sets[degree] for degree in sorted(degrees)])
    sql.joins.append("JOIN unnest(%s::int4[]) AS pick(id) ON pick.id = d.member_id")
    sql.join_params.append(_ids_literal(ids))


def _connection_of_filter(sql: _Sql, viewer: User, member_id: int) -> None:
    """Raises MemberNotFound (missing or hidden) or ConnectionsHidden (their setting)."""
    member = access_member(viewer=viewer, member_id=member_id, with_history=False)
    reason = connections_view_block_reason(viewer=viewer, member=member)
    if reason is not None:
        raise reason
    sql.add(
        "d.member_id IN (SELECT other_id FROM connections_connection WHERE member_id = %s)",
        member.pk,
    )


def _filters(
    query: PeopleQuery, viewer: User, friends: np.ndarray, hidden: set[int], tsquery: str
) -> _Sql:
    sql = _Sql()
    sql.add("d.member_id <> ALL(%s::int4[])", _ids_literal(np.array([viewer.pk, *hidden])))
    if query.group is not None:
        raise FilterUnavailable(
            "Searching by group is not available yet: groups are not part of the network."
        )
    if query.has_keywords:
        sql.add(
            f"(d.document @@ {tsquery} OR d.name %% search_key(%s) OR search_key(%s) <%% d.name)",
            query.q,
            query.q,
            query.q,
        )
    if query.industry:
        sql.add("d.industry = %s", query.industry)
    if query.location:
        sql.add("d.location_key = search_key(%s)", query.location)
    if query.company:
        sql.add("d.company_key = search_key(%s)", query.company)
    if query.past_company:
        sql.add("d.past_company_keys @> ARRAY[search_key(%s)]", query.past_company)
    if query.school:
        sql.add("d.school_keys @> ARRAY[search_key(%s)]", query.school)
    if query.connection_of is not None:
        _connection_of_filter(sql, viewer, query.connection_of)
    _degree_filter(sql, viewer, query.degrees, friends)
    return sql


_TSQUERY = "websearch_to_tsquery('english', search_unaccent(%s))"


def _run(
    query: PeopleQuery, sql: _Sql, friends: np.ndarray
) -> tuple[int, list[Facet], list[Facet], list[_Candidate]]:
    """One round trip: the total, both facets and the best candidates."""
    if query.has_keywords:
        relevance = (
            f"ts_rank('{RANK_WEIGHTS}', d.document, {_TSQUERY}) "
            "+ greatest(similarity(d.name, search_key(%s)), "
            "word_similarity(search_key(%s), d.name))"
        )
        relevance_params: list[Any] = [query.q, query.q, query.q]
        flags = (
            f"ts_filter(m.document, '{{a,b}}') @@ {_TSQUERY} OR m.name %% search_key(%s), "
            f"to_tsvector('english', search_unaccent(coalesce(p.headline, ''))) @@ {_TSQUERY}"
        )
        flag_params: list[Any] = [query.q, query.q, query.q]
    else:
        relevance, relevance_params = "1.0", []
        flags, flag_params = "true, true", []
    # Only constants and clauses built here are formatted in; every value is a parameter.
    statement = f"""
        WITH friend AS (SELECT unnest(%s::int4[]) AS id),
        m AS MATERIALIZED (
            SELECT d.member_id, d.industry, d.location_key, d.location, d.document, d.name,
                   d.open_to_out_of_network, ({relevance}) AS relevance
            FROM search_memberdocument d {" ".join(sql.joins)}
            WHERE {" AND ".join(sql.where)}
        ),
        best AS (
            SELECT m.*, m.relevance * (1 + {NEARNESS_BOOST[1]} * (f.id IS NOT NULL)::int) AS boosted
            FROM m LEFT JOIN friend f ON f.id = m.member_id
            ORDER BY boosted DESC, m.member_id LIMIT {CANDIDATES}
        )
        SELECT 'c', NULL, count(*), NULL::float8, NULL::bool, NULL::bool, NULL::bool FROM m
        UNION ALL (SELECT 'i', industry, count(*), NULL, NULL, NULL, NULL FROM m
                   WHERE industry <> '' GROUP BY industry ORDER BY 3 DESC, 2 LIMIT {FACET_LIMIT})
        UNION ALL (SELECT 'l', min(location), count(*), NULL, NULL, NULL, NULL FROM m
                   WHERE location_key <> '' GROUP BY location_key
                   ORDER BY 3 DESC, 2 LIMIT {FACET_LIMIT})
        UNION ALL (SELECT 'r', m.member_id::text, 0, m.relevance, m.open_to_out_of_network,
                   {flags}
                   FROM best m LEFT JOIN accounts_profile p ON p.member_id = m.member_id
                   ORDER BY m.boosted DESC, m.member_id)
    """  # noqa: S608
    params = [
        _ids_literal(friends),
        *relevance_params,
        *sql.join_params,
        *sql.params,
        *flag_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    count, industries, locations, candidates = 0, [], [], []
    for kind, value, number, relevance_value, is_open, summary_free, headline in rows:
        if kind == "c":
            count = int(number)
        elif kind == "i":
            industries.append(Facet(value, INDUSTRY_LABELS.get(value, value), int(number)))
        elif kind == "l":
            locations.append(Facet(value, value, int(number)))
        else:
            candidates.append(
                _Candidate(int(value), float(relevance_value), is_open, summary_free, headline)
            )
    return count, industries, locations, candidates


def _boost(near: Nearness) -> float:
    if near.degree == 2:
        mutual = min(near.mutual_connections_count, MUTUAL_SATURATION) / MUTUAL_SATURATION
        return NEARNESS_BOOST[2] + MUTUAL_BOOST * mutual
    return NEARNESS_BOOST.get(near.degree or 0, 0.0)


def _may_show(query: PeopleQuery, candidate: _Candidate, access: ProfileAccess) -> bool:
    """Drop a result whose match rests on what this viewer may not see of the profile."""
    if access is ProfileAccess.LIMITED:  # no history, no summary
        if query.past_company or query.school:
            return False
        return not query.has_keywords or candidate.summary_free_match
    if access is ProfileAccess.MINIMAL:  # "Network member" with headline only
        if query.industry or query.location or query.company or query.past_company:
            return False
        if query.school:
            return False
        return not query.has_keywords or candidate.headline_match
    return True


def people_search(
    viewer: User, query: PeopleQuery, *, offset: int = 0, limit: int = 25
) -> PeopleSearchResult:
    """Find members for `viewer` by keywords and filters, nearest first at equal relevance.

    Raises MemberNotFound, ConnectionsHidden (connection_of), FilterUnavailable (group).
    """
    hidden = hidden_member_ids(viewer.pk)
    friends = graph.first_degree([viewer.pk])[viewer.pk]
    sql = _filters(query, viewer, friends, hidden, _TSQUERY)
    count, industries, locations, candidates = _run(query, sql, friends)
    nearness = nearness_for(viewer, [candidate.member_id for candidate in candidates])
    ranked: list[tuple[float, int, _Candidate, ProfileAccess]] = []
    for candidate in candidates:
        near = nearness[candidate.member_id]
        access = profile_access(
            member=User(profile_visible_to_out_of_network=candidate.open_to_out_of_network),
            degree=near.degree,
        )
        if _may_show(query, candidate, access):
            score = candidate.relevance * (1 + _boost(near))
            ranked.append((score, candidate.member_id, candidate, access))
    ranked.sort(key=lambda item: (-item[0], _degree_order(nearness[item[1]]), item[1]))
    page = ranked[offset : offset + limit]
    hits = _hits(viewer, [(member_id, access) for _, member_id, _, access in page], nearness)
    return PeopleSearchResult(hits, count, len(ranked), industries, locations)


def _degree_order(near: Nearness) -> tuple[int, int]:
    return (near.degree or 9, -near.mutual_connections_count)


def _hits(
    viewer: User, page: list[tuple[int, ProfileAccess]], nearness: dict[int, Nearness]
) -> list[SearchHit]:
    """Load a page of members (one query) with their relationship (two queries)."""
    ids = [member_id for member_id, _ in page]
    members = User.objects.select_related("profile").in_bulk(ids)
    relationships = relationships_for(viewer, ids)
    hits = []
    for member_id, access in page:
        near = nearness[member_id]
        fields = ViewerFields(
            near.degree, near.mutual_connections_count, relationships.get(member_id, "none")
        )
        if member_id in members:  # a member deleted between the two queries is skipped
            hits.append(SearchHit(members[member_id], fields, access))
    return hits


def _prefix_tsquery(text: str) -> str:
    """'ana si' → 'ana:*A & si:*A': every word a prefix of a name word (weight A only)."""
    words = _WORD.findall(text.lower())[:5]
    return " & ".join(f"{word}:*A" for word in words)


def typeahead(viewer: User, text: str) -> list[SearchHit]:
    """Return at most 10 members whose names start with the words typed, nearest first."""
    prefix = _prefix_tsquery(text)
    if not prefix:
        return []
    hidden = hidden_member_ids(viewer.pk)
    friends = graph.first_degree([viewer.pk])[viewer.pk]
    statement = f"""
        SELECT d.member_id, d.open_to_out_of_network
        FROM search_memberdocument d
        LEFT JOIN unnest(%s::int4[]) AS f(id) ON f.id = d.member_id
        WHERE d.is_visible AND d.member_id <> ALL(%s::int4[])
          AND d.document @@ to_tsquery('simple', search_unaccent(%s))
        ORDER BY (f.id IS NOT NULL) DESC, similarity(d.name, search_key(%s)) DESC, d.member_id
        LIMIT {TYPEAHEAD_CANDIDATES}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [_ids_literal(friends), _ids_literal(np.array([viewer.pk, *hidden])), prefix, text],
        )
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
    shown.sort(key=lambda item: (*_degree_order(nearness[item[0]]), order[item[0]]))
    return _hits(viewer, shown[:TYPEAHEAD_LIMIT], nearness)
