"""People search put together: the clauses, one statement, the exact re-rank, a page of hits."""

from __future__ import annotations

from accounts.models import User
from network.selectors import nearness_for
from search.selectors.common import member_hits, viewer_network
from search.selectors.people.filters import filters
from search.selectors.people.query import PeopleQuery, PeopleSearchResult
from search.selectors.people.ranking import rank
from search.selectors.people.statement import run


def people_search(
    viewer: User, query: PeopleQuery, *, offset: int = 0, limit: int = 25
) -> PeopleSearchResult:
    """Find members for `viewer` by keywords and filters, nearest first at equal relevance.

    Raises MemberNotFound, ConnectionsHidden (connection_of), GroupNotFound, NotGroupMember
    (group).
    """
    network = viewer_network(viewer)
    sql = filters(query, network)
    found = run(query, sql, network)
    nearness = nearness_for(viewer, [candidate.member_id for candidate in found.candidates])
    ranked, uncounted = rank(query, found.candidates, nearness)
    page = ranked[offset : offset + limit]
    hits = member_hits(viewer, [(item.member_id, item.access) for item in page], nearness)
    estimated = found.share is not None
    # An estimate is never fewer than the results one can page through; an exact count adds
    # the closed profiles only Python found to be 3rd degree.
    count = max(found.count, len(ranked)) if estimated else found.count + uncounted
    return PeopleSearchResult(
        hits, count, len(ranked), found.industries, found.locations, estimated=estimated
    )
