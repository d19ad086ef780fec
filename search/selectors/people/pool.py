"""Which matches a people search ranks and counts (`pool`): every match up to BROAD_MATCHES,
past it a bounded pool with estimated totals (docs/search.md, "Broad searches")."""

from __future__ import annotations

from search.selectors.people.filters import FULL_TEXT, Clauses
from search.selectors.people.query import PeopleQuery
from search.selectors.privacy import NAME_MATCH
from search.sql import IN_HEAD

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
# The keywords as words of the name (search_member_name_prefix_idx, migration 0003).
NAME_WORDS = (
    "to_tsvector('simple'::regconfig, d.name) @@ plainto_tsquery('simple', search_unaccent(%(q)s))"
)
BROAD = "(SELECT broad FROM probe)"  # the statement's one-time switch (see `pool`)


def sample_percent() -> str:
    """The share of the index that a sample of about SAMPLE_DOCUMENTS is, from the planner's
    row count or, before the table was ever analyzed (reltuples -1), from the highest member
    id (ids are dense enough; an overestimate only makes the sample smaller)."""
    return f"""SELECT least(100, 100.0 * {SAMPLE_DOCUMENTS} / greatest(1, CASE
            WHEN c.reltuples > 0 THEN c.reltuples
            ELSE (SELECT max(member_id) FROM search_memberdocument) END))
        FROM pg_class c WHERE c.oid = 'search_memberdocument'::regclass"""  # noqa: S608


def pool(query: PeopleQuery, sql: Clauses) -> str:
    """CTEs `early`, `probe` and `pool`: the matches to rank and count, each marked `sampled`.

    `early` holds the full-text matches up to BROAD_MATCHES + 1 (with keywords, those of the
    head first, search.sql.HEAD_MEMBERS: their own GIN bitmap, then at most that many rows;
    the rest's only if the head has fewer) and `probe` counts them. Up to BROAD_MATCHES,
    `pool` is every match (those, and the typo-tolerant names) and the count and facets are
    exact. Past it the search is broad and `pool` is bounded: a sample of about
    SAMPLE_DOCUMENTS documents (TABLESAMPLE SYSTEM, the same pages for every request, so
    pages stay stable), whose matches give the count and facets scaled by 100 / percent and
    candidates of every degree; the first FIRST_MATCHES matches; up to FRIEND_CANDIDATES
    matching connections of the viewer (they rank first; each looked up by id, a LATERAL
    join so the plan cannot read every match instead); and up to NAME_CANDIDATES members
    whose name has the keywords (the strongest text matches). Each branch is gated by
    `probe` as a one-time filter, so only one side runs."""
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
    early = f"SELECT d.member_id FROM search_memberdocument d {joins} WHERE {fts}"  # noqa: S608
    if query.has_keywords:  # a word's matches: the head's first (search.sql.HEAD_MEMBERS)
        early = f"""({early} AND {IN_HEAD} LIMIT {BROAD_MATCHES + 1})
            UNION ALL ({early} AND NOT {IN_HEAD} LIMIT {BROAD_MATCHES + 1})"""
    return f"""early AS MATERIALIZED (
            {early}
            LIMIT {BROAD_MATCHES + 1}
        ),
        probe AS MATERIALIZED (
            SELECT count(*) > {BROAD_MATCHES} AS broad, ({sample_percent()}) AS percent FROM early
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
