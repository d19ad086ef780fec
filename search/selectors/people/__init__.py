"""People search: PostgreSQL finds, filters and counts; the graph cache ranks.

One SQL statement over `search_memberdocument` (GIN full text + trigram names, filters, block
and deactivation exclusion) returns the total, the industry and location facets and the best
`CANDIDATES` rows by text relevance, 1st-degree connections boosted in SQL: over every match up
to BROAD_MATCHES, over a bounded pool with estimated totals past it (`pool`). Candidates are
re-ranked with their exact nearness (`network.selectors.nearness_for`: degree and mutual count
from the Redis adjacency arrays) and cut to what the viewer may see of each profile
(`accounts.policies.profile_access`). The same cut (`search.selectors.privacy`) is applied in
SQL before counting, so the total and the facets never count a member the viewer may not see.
docs/search.md explains the formula and its limits.

`query` holds what is asked and answered, `filters` the WHERE clauses, `pool` the matches a
search weighs (exact or broad), `statement` the one statement and its rows, `ranking` the
exact re-rank, `results` `people_search` itself.
"""

from search.selectors.people.query import CANDIDATES, PeopleQuery, PeopleSearchResult
from search.selectors.people.results import people_search

__all__ = ["CANDIDATES", "PeopleQuery", "PeopleSearchResult", "people_search"]
