"""Reads of search: people search, group search and typeahead (docs/search.md)."""

from search.selectors.autocomplete import (
    TYPEAHEAD_LIMIT,
    Typeahead,
    member_typeahead,
    typeahead,
)
from search.selectors.common import Facet, SearchHit
from search.selectors.groups import (
    GroupHit,
    GroupQuery,
    GroupSearchResult,
    group_search,
    group_typeahead,
)
from search.selectors.people import CANDIDATES, PeopleQuery, PeopleSearchResult, people_search

__all__ = [
    "CANDIDATES",
    "TYPEAHEAD_LIMIT",
    "Facet",
    "GroupHit",
    "GroupQuery",
    "GroupSearchResult",
    "PeopleQuery",
    "PeopleSearchResult",
    "SearchHit",
    "Typeahead",
    "group_search",
    "group_typeahead",
    "member_typeahead",
    "people_search",
    "typeahead",
]
