"""People search: PostgreSQL finds, filters and counts; the graph cache ranks.

One SQL statement over `search_memberdocument` (GIN full text + trigram names, filters, block
and deactivation exclusion) returns the total, the industry and location facets and the best
`CANDIDATES` rows by text relevance, 1st-degree connections boosted in SQL: over every match up
to BROAD_MATCHES, over a bounded pool with estimated totals past it (`_pool`). Candidates are
re-ranked with their exact nearness (`network.selectors.nearness_for`: degree and mutual count
from the Redis adjacency arrays) and cut to what the viewer may see of each profile
(`accounts.policies.profile_access`). The same cut (`search.selectors.privacy`) is applied in
SQL before counting, so the total and the facets never count a member the viewer may not see.
docs/search.md explains the formula and its limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection

import graphcache as graph
from accounts.industries import INDUSTRY_LABELS
from accounts.models import User
from accounts.policies import ProfileAccess
from accounts.selectors import access_member
from connections.policies import connections_view_block_reason
from groups import policies as group_policies
from groups.selectors import access_group
from network.selectors import Nearness, nearness_for
from search.selectors.common import (
    FACET_LIMIT,
    TSQUERY,
    Facet,
    SearchHit,
    ViewerNetwork,
    access_at,
    degree_order,
    has_words,
    id_bitmap,
    ids_literal,
    member_hits,
    viewer_network,
)
from search.selectors.privacy import (
    HEADLINE_MATCH,
    NAME_MATCH,
    PUBLIC_MATCH,
    far_class_sql,
    may_show,
    near_class_sql,
    second_degree_known,
)

CANDIDATES = 500  # results a query can page through (like LinkedIn's cap), re-ranked exactly
# Multiplier on text relevance by nearness: 1st doubles it, 2nd gains 0.5 plus up to 0.4 more
# with mutual connections, 3rd 0.2. Text still dominates when it differs a lot: a name match
# (weight A, plus name similarity) outranks a headline mention (weight B) from a connection.
NEARNESS_BOOST = {1: 1.0, 2: 0.5, 3: 0.2}
MUTUAL_BOOST, MUTUAL_SATURATION = 0.4, 25
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D summary, C history/schools, B headline..., A name
# Broad searches (docs/search.md, "Broad searches"): past BROAD_MATCHES full-text matches,
# relevance, count and facets are computed over a bounded pool instead of every match: a
# sample of about SAMPLE_DOCUMENTS documents, the FIRST_MATCHES first matches, up to
# FRIEND_CANDIDATES matching connections and NAME_CANDIDATES members named by the keywords.
# Count and facets are then estimates from the sample.
BROAD_MATCHES = 2_000
SAMPLE_DOCUMENTS = 5_000
FIRST_MATCHES = 500
FRIEND_CANDIDATES = 500
NAME_CANDIDATES = 500
DEGREE_BITMAP_MIN = 50_000  # ids from which a degree filter is sent as a bitmap
KEYWORDS = f"(d.document @@ {TSQUERY} OR {NAME_MATCH})"  # full text, or a name with typos
FULL_TEXT = f"d.document @@ {TSQUERY}"
# The keywords as words of the name (search_member_name_prefix_idx, migration 0003).
NAME_WORDS = (
    "to_tsvector('simple'::regconfig, d.name) @@ plainto_tsquery('simple', search_unaccent(%(q)s))"
)


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
        return has_words(self.q)

    @property
    def filters_on_card(self) -> bool:
        """Industry, location, current company: shown with the name (3rd degree on)."""
        return bool(self.industry or self.location or self.company)

    @property
    def filters_on_history(self) -> bool:
        """Past company, school: part of the work history and education."""
        return bool(self.past_company or self.school)


@dataclass
class PeopleSearchResult:
    hits: list[SearchHit]
    count: int  # matches the viewer may see (see docs/search.md, "Counts and facets")
    reachable: int  # how many ranked results can be paged through (at most CANDIDATES)
    industries: list[Facet] = field(default_factory=list)
    locations: list[Facet] = field(default_factory=list)
    estimated: bool = False  # a broad search: count and facets estimated from a sample


@dataclass(frozen=True)
class _Candidate:
    member_id: int
    relevance: float
    open_to_out_of_network: bool
    public_match: bool  # keywords match name, headline, current position or skills
    headline_match: bool
    counted: bool  # already in the SQL count (False: its degree decides; see far_class_sql)


class _Sql:
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


def _degree_filter(sql: _Sql, viewer: User, degrees: frozenset[int], friends: np.ndarray) -> None:
    """Restrict to the asked degrees: an include list (1st, 2nd) or an exclude list (3rd+)."""
    if not degrees or degrees == {1, 2, 3}:
        return
    second = graph.second_degree(viewer.pk, friends) if degrees & {2, 3} else graph.EMPTY
    sets = {1: friends, 2: second}
    if 3 in degrees:
        excluded = [sets[degree] for degree in (1, 2) if degree not in degrees]
        ids = np.concatenate(excluded) if len(excluded) > 1 else excluded[0]
        if ids.size:
            sql.with_degree_ids(ids, include=False)
        return
    chosen = [sets[degree] for degree in sorted(degrees)]
    sql.with_degree_ids(np.concatenate(chosen) if len(chosen) > 1 else chosen[0], include=True)


def _connection_of_filter(sql: _Sql, viewer: User, member_id: int) -> None:
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


def _group_filter(sql: _Sql, viewer: User, group_id: int) -> None:
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


def _filters(query: PeopleQuery, network: ViewerNetwork) -> _Sql:
    viewer = network.viewer
    sql = _Sql()
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
    _degree_filter(sql, viewer, query.degrees, network.friends)
    return sql


BROAD = "(SELECT broad FROM probe)"  # the statement's one-time switch (see _pool)


def _classified(query: PeopleQuery) -> str:
    """CTE `m`: every match with its class (privacy.near_class_sql / far_class_sql).

    Whether a match that is not a connection is 2nd degree is asked only where the answer
    changes its class (not for an open profile shown anyway), by joining those matches'
    connections with the viewer's. A broad search does not ask: such a match is a candidate
    whose exact degree Python checks ('p': shown only if `may_show` allows it at that degree),
    and the estimated count and facets leave it out (an undercount, never a leak)."""
    known = second_degree_known(query)
    if known is not None:
        return f"""m AS MATERIALIZED (SELECT m0.*, CASE
            WHEN m0.is_friend THEN m0.near_class WHEN m0.far_class = 'l' THEN 'l'
            WHEN {"true" if known else "false"} THEN m0.near_class ELSE m0.far_class END AS shown
            FROM m0)"""  # noqa: S608 (constants only)
    # Two steps, so the plan starts from the matches: their connections (an index scan each),
    # then a hash join with the viewer's. As one join, the planner may start from the
    # viewer's connections' connections instead (30 times the rows for 1,000 connections).
    return f"""their AS MATERIALIZED (
            SELECT c.member_id, c.other_id FROM m0
            JOIN connections_connection c ON c.member_id = m0.member_id
            WHERE NOT m0.is_friend AND m0.far_class IS DISTINCT FROM 'l' AND NOT {BROAD}
        ),
        second AS MATERIALIZED (
            SELECT DISTINCT t.member_id FROM their t JOIN friend x ON x.id = t.other_id
        ),
        m AS MATERIALIZED (SELECT m0.*, CASE
            WHEN m0.is_friend THEN m0.near_class WHEN m0.far_class = 'l' THEN 'l'
            WHEN s.member_id IS NOT NULL THEN m0.near_class
            WHEN {BROAD} AND m0.far_class IS NULL AND m0.near_class IS NOT NULL THEN 'p'
            ELSE m0.far_class END AS shown
            FROM m0 LEFT JOIN second s USING (member_id))"""  # noqa: S608 (constants only)


def _sample_percent() -> str:
    """The share of the index that a sample of about SAMPLE_DOCUMENTS is, from the planner's
    row count or, before the table was ever analyzed (reltuples -1), from the highest member
    id (ids are dense enough; an overestimate only makes the sample smaller)."""
    return f"""SELECT least(100, 100.0 * {SAMPLE_DOCUMENTS} / greatest(1, CASE
            WHEN c.reltuples > 0 THEN c.reltuples
            ELSE (SELECT max(member_id) FROM search_memberdocument) END))
        FROM pg_class c WHERE c.oid = 'search_memberdocument'::regclass"""  # noqa: S608


def _pool(query: PeopleQuery, sql: _Sql) -> str:
    """CTEs `early`, `probe` and `pool`: the matches to rank and count, each marked `sampled`.

    `early` holds the full-text matches up to BROAD_MATCHES + 1 (the GIN bitmap, then at most
    that many rows) and `probe` counts them. Up to BROAD_MATCHES, `pool` is every match (those,
    and the typo-tolerant names) and
    the count and facets are exact. Past it the search is broad and `pool` is bounded: a
    sample of about SAMPLE_DOCUMENTS documents (TABLESAMPLE SYSTEM, the same pages for every
    request, so pages stay stable), whose matches give the count and facets scaled by
    100 / percent and candidates of every degree; the first FIRST_MATCHES matches; up to
    FRIEND_CANDIDATES matching connections of the viewer (they rank first; each looked up by
    id, a LATERAL join so the plan cannot read every match instead); and up to
    NAME_CANDIDATES members whose name has the keywords (the strongest text matches). Each
    branch is gated by `probe` as a one-time filter, so only one side runs."""
    joins, fts = " ".join(sql.joins), sql.clauses(keywords=FULL_TEXT)
    names = sql.clauses(keywords=NAME_MATCH)
    named = (
        f"""UNION ALL (SELECT d.member_id, false FROM search_memberdocument d {joins}
                WHERE {fts} AND {NAME_WORDS} AND {BROAD} LIMIT {NAME_CANDIDATES})"""  # noqa: S608
        if query.has_keywords
        else ""
    )
    connections = (  # not when the degree filter leaves connections out
        f"""UNION ALL (SELECT x.member_id, false FROM friend f CROSS JOIN LATERAL (
                    SELECT d.member_id FROM search_memberdocument d {joins}
                    WHERE d.member_id = f.id AND {fts} LIMIT 1) x
                WHERE {BROAD} LIMIT {FRIEND_CANDIDATES})"""  # noqa: S608
        if not query.degrees or 1 in query.degrees
        else ""
    )
    # Every match when the search is not broad: the early (full-text) matches, all of them
    # then, plus the names matching with typos; the full-text scan is not run twice.
    every = f"SELECT member_id, true AS sampled FROM early WHERE NOT {BROAD}"  # noqa: S608
    if query.has_keywords:
        every += f"""
            UNION ALL SELECT d.member_id, true FROM search_memberdocument d {joins}
                WHERE {names} AND NOT {BROAD}"""  # noqa: S608
    return f"""early AS MATERIALIZED (
            SELECT d.member_id FROM search_memberdocument d {joins} WHERE {fts}
            LIMIT {BROAD_MATCHES + 1}
        ),
        probe AS MATERIALIZED (
            SELECT count(*) > {BROAD_MATCHES} AS broad, ({_sample_percent()}) AS percent FROM early
        ),
        pool AS MATERIALIZED (
            SELECT member_id, bool_or(sampled) AS sampled FROM (
                {every}
            UNION ALL (SELECT member_id, false FROM early WHERE {BROAD} LIMIT {FIRST_MATCHES})
            UNION ALL SELECT d.member_id, true FROM search_memberdocument d
                TABLESAMPLE SYSTEM ((SELECT percent FROM probe)) REPEATABLE (1) {joins}
                WHERE {fts} AND {BROAD}
            {connections}
            {named}
            ) u GROUP BY member_id
        )"""  # noqa: S608 (constants and clauses built here; values are parameters)


def _run(
    query: PeopleQuery, sql: _Sql, network: ViewerNetwork
) -> tuple[int, list[Facet], list[Facet], list[_Candidate], float | None]:
    """One round trip: the count, both facets and the best candidates, after the cut, and
    the share of the index sampled (None: exact; see `_pool`)."""
    if query.has_keywords:
        relevance = (
            f"ts_rank('{RANK_WEIGHTS}', d.document, {TSQUERY}) "
            "+ greatest(similarity(d.name, search_key(%(q)s)), "
            "word_similarity(search_key(%(q)s), d.name))"
        )
        flags = f"{PUBLIC_MATCH}, {HEADLINE_MATCH}"
    else:
        relevance, flags = "1.0", "true, true"
    # Only constants and clauses built here are formatted in; every value is a parameter.
    statement = f"""
        WITH {sql.ctes}
        friend AS MATERIALIZED (SELECT unnest(%(friends)s::int4[]) AS id),
        {_pool(query, sql)},
        m0 AS MATERIALIZED (
            SELECT d.member_id, d.industry, d.location_key, d.location,
                   d.open_to_out_of_network, ({relevance}) AS relevance, pool.sampled,
                   (f.id IS NOT NULL) AS is_friend, {near_class_sql(query)} AS near_class,
                   CASE WHEN f.id IS NULL THEN {far_class_sql(query)} END AS far_class
            FROM pool JOIN search_memberdocument d ON d.member_id = pool.member_id
            LEFT JOIN friend f ON f.id = d.member_id
        ),
        {_classified(query)},
        best AS (
            SELECT m.*, m.relevance * (1 + {NEARNESS_BOOST[1]} * m.is_friend::int) AS boosted
            FROM m WHERE m.shown IS NOT NULL
            ORDER BY boosted DESC, m.member_id LIMIT {CANDIDATES}
        )
        SELECT 'c', (SELECT percent FROM probe)::text, count(*), NULL::float8,
               (SELECT broad FROM probe), NULL::bool, NULL::bool, NULL
        FROM m WHERE shown IN ('n', 'l', 'm') AND sampled
        UNION ALL (SELECT 'i', industry, count(*), NULL, NULL, NULL, NULL, NULL FROM m
                   WHERE industry <> '' AND shown IN ('n', 'l') AND sampled
                   GROUP BY industry ORDER BY 3 DESC, 2 LIMIT {FACET_LIMIT})
        UNION ALL (SELECT 'l', min(location), count(*), NULL, NULL, NULL, NULL, NULL FROM m
                   WHERE location_key <> '' AND shown IN ('n', 'l') AND sampled
                   GROUP BY location_key ORDER BY 3 DESC, 2 LIMIT {FACET_LIMIT})
        UNION ALL (SELECT 'r', b.member_id::text, 0, b.relevance, b.open_to_out_of_network,
                   {flags}, b.shown
                   FROM best b JOIN search_memberdocument d ON d.member_id = b.member_id
                   ORDER BY b.boosted DESC, b.member_id)
    """  # noqa: S608
    params = {"friends": network.friends_literal, "q": query.q, **sql.params}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    count_row = next(row for row in rows if row[0] == "c")  # always one: an aggregate
    share = float(count_row[1]) / 100 if count_row[4] else None
    scale = 1.0 if share is None else 1 / share if share else 0.0
    industries, locations, candidates = [], [], []
    for kind, value, number, relevance_value, is_open, public, headline, shown in rows:
        if kind == "i":
            label = INDUSTRY_LABELS.get(value, value)
            industries.append(Facet(value, label, _scaled(number, scale)))
        elif kind == "l":
            locations.append(Facet(value, value, _scaled(number, scale)))
        elif kind == "r":
            candidates.append(
                _Candidate(
                    int(value), float(relevance_value), is_open, public, headline, shown != "p"
                )
            )
    return _scaled(count_row[2], scale), industries, locations, candidates, share


def _scaled(number: int, scale: float) -> int:
    """A count from the sample as an estimate of the whole: two significant digits."""
    if scale == 1.0:
        return int(number)
    estimate = number * scale
    return int(float(f"{estimate:.2g}")) if estimate >= 100 else round(estimate)


def _boost(near: Nearness) -> float:
    if near.degree == 2:
        mutual = min(near.mutual_connections_count, MUTUAL_SATURATION) / MUTUAL_SATURATION
        return NEARNESS_BOOST[2] + MUTUAL_BOOST * mutual
    return NEARNESS_BOOST.get(near.degree or 0, 0.0)


def people_search(
    viewer: User, query: PeopleQuery, *, offset: int = 0, limit: int = 25
) -> PeopleSearchResult:
    """Find members for `viewer` by keywords and filters, nearest first at equal relevance.

    Raises MemberNotFound, ConnectionsHidden (connection_of), GroupNotFound, NotGroupMember
    (group).
    """
    network = viewer_network(viewer)
    sql = _filters(query, network)
    count, industries, locations, candidates, share = _run(query, sql, network)
    nearness = nearness_for(viewer, [candidate.member_id for candidate in candidates])
    ranked: list[tuple[float, int, ProfileAccess]] = []
    for candidate in candidates:
        near = nearness[candidate.member_id]
        access = access_at(near.degree, is_open=candidate.open_to_out_of_network)
        if may_show(
            query,
            access,
            public_match=candidate.public_match,
            headline_match=candidate.headline_match,
        ):
            score = candidate.relevance * (1 + _boost(near))
            ranked.append((score, candidate.member_id, access))
            count += share is None and not candidate.counted  # a closed 3rd-degree profile
    ranked.sort(key=lambda item: (-item[0], degree_order(nearness[item[1]]), item[1]))
    page = ranked[offset : offset + limit]
    hits = member_hits(viewer, [(member_id, access) for _, member_id, access in page], nearness)
    if share is not None:  # an estimate: never fewer than the results one can page through
        count = max(count, len(ranked))
    return PeopleSearchResult(
        hits, count, len(ranked), industries, locations, estimated=share is not None
    )
