"""The read side of the graph: degrees, mutual connections, paths, suggestions, network size.

Everything here reads the cached adjacency arrays (the graph cache, imported in `_graph` alone)
and intersects them with numpy; PostgreSQL is asked only for who may be shown (blocks,
deactivation) and for profiles. Members hidden from the viewer (a block either way) never count
and never appear.

`nearness` holds degrees and mutual counts (and the viewer fields built on them), `paths`
mutual connections and connection paths, `size` the network size, `suggestions` (ranked by
`suggestion_ranking`) people you may know, `reasons` why a member is shown (mutual names,
shared company, school, group, skills), `starter` people and groups for a new member, and
`viewer_graph` the one view of the cache that other apps read (search, the feed), and `cards`
the one read of the members a list shows.
"""

from network.selectors.cards import (
    CARD_COLUMNS,
    CardMember,
    CardValues,
    card_members,
    card_values,
    cards_of_rows,
)
from network.selectors.nearness import (
    BIDIRECTIONAL_FACTOR,
    LONG_ROW_FACTOR,
    LONG_ROW_MIN,
    Nearness,
    ViewerFields,
    degree_between,
    nearness_for,
    viewer_fields_for,
    viewer_fields_of,
)
from network.selectors.paths import connection_path, mutual_connections
from network.selectors.reasons import NO_REASONS, Why, reasons_for
from network.selectors.size import NetworkSize, network_size
from network.selectors.starter import Starter, starter_for
from network.selectors.suggestions import (
    SUGGESTIONS_RANKED,
    Suggestion,
    people_you_may_know,
    ranked_suggestions,
)
from network.selectors.viewer_graph import Derived, ViewerGraph, viewer_graph

__all__ = [
    "BIDIRECTIONAL_FACTOR",
    "CARD_COLUMNS",
    "LONG_ROW_FACTOR",
    "LONG_ROW_MIN",
    "NO_REASONS",
    "SUGGESTIONS_RANKED",
    "CardMember",
    "CardValues",
    "Derived",
    "Nearness",
    "NetworkSize",
    "Starter",
    "Suggestion",
    "ViewerFields",
    "ViewerGraph",
    "Why",
    "card_members",
    "card_values",
    "cards_of_rows",
    "connection_path",
    "degree_between",
    "mutual_connections",
    "nearness_for",
    "network_size",
    "people_you_may_know",
    "ranked_suggestions",
    "reasons_for",
    "starter_for",
    "viewer_fields_for",
    "viewer_fields_of",
    "viewer_graph",
]
