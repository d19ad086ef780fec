"""People search's one SQL statement: the count, both facets and the best CANDIDATES rows,
after the privacy cut (docs/search.md, "Query and ranking" and "Counts and facets")."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from accounts.industries import INDUSTRY_LABELS
from core import replicas
from search.selectors.common import FACET_LIMIT, TSQUERY, Facet, ViewerNetwork
from search.selectors.people.filters import Clauses
from search.selectors.people.pool import BROAD, pool
from search.selectors.people.query import CANDIDATES, PeopleQuery
from search.selectors.people.ranking import NEARNESS_BOOST, Candidate
from search.selectors.privacy import (
    COUNTED,
    FACETED,
    MatchClass,
    classes_sql,
    far_class_sql,
    flags_sql,
    near_class_sql,
    second_degree_known,
)

RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D summary, C history/schools, B headline..., A name


class RowKind(enum.StrEnum):
    """What a row of the statement holds (its first column)."""

    COUNT = "c"  # the count; the sampled percent and whether the search is broad
    INDUSTRY = "i"  # an industry facet
    LOCATION = "l"  # a location facet
    CANDIDATE = "r"  # a candidate to rank

    @property
    def sql(self) -> str:
        return f"'{self.value}'"


@dataclass(frozen=True)
class Found:
    """What the statement found, after the cut."""

    count: int  # matches the viewer may see (estimated when `share` is not None)
    industries: list[Facet]
    locations: list[Facet]
    candidates: list[Candidate]
    share: float | None  # the share of the index sampled (None: exact; see `pool`)


def run(query: PeopleQuery, sql: Clauses, network: ViewerNetwork) -> Found:
    """One round trip: the count, both facets and the best candidates, after the cut, and
    the share of the index sampled (None: exact; see `pool`)."""
    params = {"friends": network.friends_literal, "q": query.q, **sql.params}
    with replicas.read_connection().cursor() as cursor:
        cursor.execute(statement(query, sql), params)
        rows = cursor.fetchall()
    count_row = next(row for row in rows if row[0] == RowKind.COUNT)  # always one: an aggregate
    share = float(count_row[1]) / 100 if count_row[4] else None
    scale = 1.0 if share is None else 1 / share if share else 0.0
    industries, locations, candidates = [], [], []
    for kind, value, number, relevance_value, is_open, public, headline, shown in rows:
        if kind == RowKind.INDUSTRY:
            label = INDUSTRY_LABELS.get(value, value)
            industries.append(Facet(value, label, scaled(number, scale)))
        elif kind == RowKind.LOCATION:
            locations.append(Facet(value, value, scaled(number, scale)))
        elif kind == RowKind.CANDIDATE:
            counted = shown != MatchClass.IF_THIRD
            candidates.append(
                Candidate(int(value), float(relevance_value), is_open, public, headline, counted)
            )
    return Found(scaled(count_row[2], scale), industries, locations, candidates, share)


def scaled(number: int, scale: float) -> int:
    """A count from the sample as an estimate of the whole: two significant digits."""
    if scale == 1.0:
        return int(number)
    estimate = number * scale
    return int(float(f"{estimate:.2g}")) if estimate >= 100 else round(estimate)


def statement(query: PeopleQuery, sql: Clauses) -> str:
    """The statement's text: only constants and clauses built here are formatted in; every
    value is a parameter."""
    if query.has_keywords:
        relevance = (
            f"ts_rank('{RANK_WEIGHTS}', d.document, {TSQUERY}) "
            "+ greatest(similarity(d.name, search_key(%(q)s)), "
            "word_similarity(search_key(%(q)s), d.name))"
        )
    else:
        relevance = "1.0"
    counted, faceted = classes_sql(*COUNTED), classes_sql(*FACETED)
    return f"""
        WITH {sql.ctes}
        friend AS MATERIALIZED (SELECT unnest(%(friends)s::int4[]) AS id),
        {pool(query, sql)},
        m0 AS MATERIALIZED (
            SELECT flagged.*, {near_class_sql(query)} AS near_class,
                   CASE WHEN NOT is_friend THEN {far_class_sql(query)} END AS far_class
            FROM (
                SELECT d.member_id, d.industry, d.location_key, d.location,
                       d.open_to_out_of_network, ({relevance}) AS relevance, pool.sampled,
                       (f.id IS NOT NULL) AS is_friend, {flags_sql(query, beyond="f.id IS NULL")}
                FROM pool JOIN search_memberdocument d ON d.member_id = pool.member_id
                LEFT JOIN friend f ON f.id = d.member_id
                OFFSET 0  -- not pulled up: each flag computed once, then read by the classes
            ) flagged
        ),
        {classified(query)},
        best AS (
            SELECT m.*, m.relevance * (1 + {NEARNESS_BOOST[1]} * m.is_friend::int) AS boosted
            FROM m WHERE m.shown IS NOT NULL
            ORDER BY boosted DESC, m.member_id LIMIT {CANDIDATES}
        )
        SELECT {RowKind.COUNT.sql}, (SELECT percent FROM probe)::text, count(*), NULL::float8,
               (SELECT broad FROM probe), NULL::bool, NULL::bool, NULL
        FROM m WHERE shown IN {counted} AND sampled
        UNION ALL (SELECT {RowKind.INDUSTRY.sql}, industry, count(*),
                          NULL, NULL, NULL, NULL, NULL FROM m
                   WHERE industry <> '' AND shown IN {faceted} AND sampled
                   GROUP BY industry ORDER BY 3 DESC, 2 LIMIT {FACET_LIMIT})
        UNION ALL (SELECT {RowKind.LOCATION.sql}, min(location), count(*),
                          NULL, NULL, NULL, NULL, NULL FROM m
                   WHERE location_key <> '' AND shown IN {faceted} AND sampled
                   GROUP BY location_key ORDER BY 3 DESC, 2 LIMIT {FACET_LIMIT})
        UNION ALL (SELECT {RowKind.CANDIDATE.sql}, b.member_id::text, 0, b.relevance,
                          b.open_to_out_of_network, b.public_match, b.headline_match, b.shown
                   FROM best b ORDER BY b.boosted DESC, b.member_id)
    """  # noqa: S608


def classified(query: PeopleQuery) -> str:
    """CTE `m`: every match with its class (privacy.near_class_sql / far_class_sql).

    Whether a match that is not a connection is 2nd degree is asked only where the answer
    changes its class (not for an open profile shown anyway), by joining those matches'
    connections with the viewer's. A broad search does not ask: such a match is a candidate
    whose exact degree Python checks (IF_THIRD: shown only if `may_show` allows it at that
    degree), and the estimated count and facets leave it out (an undercount, never a leak)."""
    limited, if_third = MatchClass.LIMITED.sql, MatchClass.IF_THIRD.sql
    known = second_degree_known(query)
    if known is not None:
        return f"""m AS MATERIALIZED (SELECT m0.*, CASE
            WHEN m0.is_friend THEN m0.near_class WHEN m0.far_class = {limited} THEN {limited}
            WHEN {"true" if known else "false"} THEN m0.near_class ELSE m0.far_class END AS shown
            FROM m0)"""  # noqa: S608 (constants only)
    # Two steps, so the plan starts from the matches: their connections (an index scan each),
    # then a hash join with the viewer's. As one join, the planner may start from the
    # viewer's connections' connections instead (30 times the rows for 1,000 connections).
    return f"""their AS MATERIALIZED (
            SELECT c.member_id, c.other_id FROM m0
            JOIN connections_connection c ON c.member_id = m0.member_id
            WHERE NOT m0.is_friend AND m0.far_class IS DISTINCT FROM {limited} AND NOT {BROAD}
        ),
        second AS MATERIALIZED (
            SELECT DISTINCT t.member_id FROM their t JOIN friend x ON x.id = t.other_id
        ),
        m AS MATERIALIZED (SELECT m0.*, CASE
            WHEN m0.is_friend THEN m0.near_class WHEN m0.far_class = {limited} THEN {limited}
            WHEN s.member_id IS NOT NULL THEN m0.near_class
            WHEN {BROAD} AND m0.far_class IS NULL AND m0.near_class IS NOT NULL THEN {if_third}
            ELSE m0.far_class END AS shown
            FROM m0 LEFT JOIN second s USING (member_id))"""  # noqa: S608 (constants only)
