"""The exact re-rank of people search's candidates: text relevance times (1 + nearness boost),
kept only where the viewer may see what matched (docs/search.md, "Query and ranking")."""

from __future__ import annotations

from typing import NamedTuple

from accounts.policies import ProfileAccess
from network.selectors import Nearness
from search.selectors.common import access_at, degree_order
from search.selectors.people.query import PeopleQuery
from search.selectors.privacy import may_show

# Multiplier on text relevance by nearness: 1st doubles it, 2nd gains 0.5 plus up to 0.4 more
# with mutual connections, 3rd 0.2. Text still dominates when it differs a lot: a name match
# (weight A, plus name similarity) outranks a headline mention (weight B) from a connection.
NEARNESS_BOOST = {1: 1.0, 2: 0.5, 3: 0.2}
MUTUAL_BOOST, MUTUAL_SATURATION = 0.4, 25


class Candidate(NamedTuple):
    """A match the statement returned for ranking, with what its cut needs (a tuple: 500 are
    built per search)."""

    member_id: int
    relevance: float
    open_to_out_of_network: bool
    public_match: bool  # keywords match name, headline, current position or skills
    headline_match: bool
    counted: bool  # already in the SQL count (False: its degree decides; see far_class_sql)


class Ranked(NamedTuple):
    score: float
    member_id: int
    access: ProfileAccess


def boost(near: Nearness) -> float:
    if near.degree == 2:
        mutual = min(near.mutual_connections_count, MUTUAL_SATURATION) / MUTUAL_SATURATION
        return NEARNESS_BOOST[2] + MUTUAL_BOOST * mutual
    return NEARNESS_BOOST.get(near.degree or 0, 0.0)


def rank(
    query: PeopleQuery, candidates: list[Candidate], nearness: dict[int, Nearness]
) -> tuple[list[Ranked], int]:
    """The candidates the viewer may see, best first (ties: nearer, more mutuals, id), and how
    many of them the SQL count left out (closed profiles found to be 3rd degree)."""
    ranked: list[Ranked] = []
    uncounted = 0
    # The cut reads four values, and 500 candidates hold a handful of their combinations:
    # each combination is decided once.
    decided: dict[tuple[int | None, bool, bool, bool], ProfileAccess | None] = {}
    for candidate in candidates:
        near = nearness[candidate.member_id]
        key = (
            near.degree,
            candidate.open_to_out_of_network,
            candidate.public_match,
            candidate.headline_match,
        )
        if key in decided:
            access = decided[key]
        else:
            access = decided[key] = _shown_with(query, *key)
        if access is not None:
            score = candidate.relevance * (1 + boost(near))
            ranked.append(Ranked(score, candidate.member_id, access))
            uncounted += not candidate.counted
    ranked.sort(
        key=lambda item: (-item.score, degree_order(nearness[item.member_id]), item.member_id)
    )
    return ranked, uncounted


def _shown_with(
    query: PeopleQuery, degree: int | None, is_open: bool, public_match: bool, headline: bool
) -> ProfileAccess | None:
    """The access a candidate is shown with, or None if `may_show` hides it."""
    access = access_at(degree, is_open=is_open)
    shown = may_show(query, access, public_match=public_match, headline_match=headline)
    return access if shown else None
