"""The exact re-rank of people search's candidates: text relevance times (1 + nearness boost),
kept only where the viewer may see what matched (docs/search.md, "Query and ranking")."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Candidate:
    """A match the statement returned for ranking, with what its cut needs."""

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
    for candidate in candidates:
        near = nearness[candidate.member_id]
        access = access_at(near.degree, is_open=candidate.open_to_out_of_network)
        if may_show(
            query,
            access,
            public_match=candidate.public_match,
            headline_match=candidate.headline_match,
        ):
            score = candidate.relevance * (1 + boost(near))
            ranked.append(Ranked(score, candidate.member_id, access))
            uncounted += not candidate.counted
    ranked.sort(
        key=lambda item: (-item.score, degree_order(nearness[item.member_id]), item.member_id)
    )
    return ranked, uncounted
