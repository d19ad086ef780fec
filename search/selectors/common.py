"""What people search, group search and typeahead share: hits, facets, id arrays, prefixes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

from accounts.models import User
from accounts.policies import ProfileAccess, profile_access
from core.compiled import CompiledQuery
from network.selectors import (
    CARD_COLUMNS,
    CardMember,
    CardValues,
    Derived,
    Nearness,
    ViewerFields,
    ViewerGraph,
    viewer_fields_of,
    viewer_graph,
)

FACET_LIMIT = 12
WORD = re.compile(r"\w+", re.UNICODE)
# Parsed once per statement: the query text, unaccented, as an English web-search query.
TSQUERY = "websearch_to_tsquery('english', search_unaccent(%(q)s))"


def has_words(text: str) -> bool:
    return bool(WORD.search(text))


def _literal(values: list[int]) -> str:
    return "{" + ",".join(map(str, values)) + "}"


def ids_literal(ids: np.ndarray | list[int]) -> str:
    """An int4[] literal; cheaper than adapting a long Python list value by value (and
    `map(str, list)` formats ids about twice as fast as numpy's `astype(str)`).

    A large read-only array (a graph-cache set) is formatted once while it lives."""
    if isinstance(ids, np.ndarray):
        if ids.size >= LITERAL_CACHE_MIN:
            return _literals.get(ids, make=lambda: _literal(ids.tolist()))
        return _literal(ids.tolist())
    return _literal(ids)


def id_bitmap(ids: np.ndarray) -> bytes:
    """One bit per member id, set for `ids`, in PostgreSQL's get_bit order (bit n is bit
    n % 8, least significant first, of byte n // 8). Cached like `ids_literal`."""

    def make() -> bytes:
        flags = np.zeros(int(ids.max()) + 1 if ids.size else 1, dtype=bool)
        flags[ids] = True
        return np.packbits(flags, bitorder="little").tobytes()

    return _bitmaps.get(ids, make=make)


LITERAL_CACHE_MIN = 10_000
_literals: Derived[str] = Derived()
_bitmaps: Derived[bytes] = Derived()
_visible: Derived[np.ndarray] = Derived()


def prefix_tsquery(text: str, weight: str = "") -> str:
    """'ana si' → "'ana':* & 'si':*": every word typed a prefix of a word of the name (with
    `weight="A"`: of a weight-A lexeme, the name in a weighted document)."""
    words = WORD.findall(text.lower())[:5]
    # Each word quoted: unaccent may turn one into several (¾ becomes " 3/4"), which bare would
    # be a tsquery syntax error (a 500 schemathesis found); \w holds no quote to escape.
    return " & ".join(f"'{word}':*{weight}" for word in words)


@dataclass
class ViewerNetwork:
    """What one search needs of the viewer's network, read once: who is hidden by a block
    (one query) and the 1st-degree ids (graph cache), with their SQL literals."""

    viewer: User
    hidden: set[int]
    friends: np.ndarray  # sorted 1st-degree ids, as the graph cache has them
    hidden_ids: np.ndarray  # `hidden` as the graph cache has it (sorted)
    viewer_graph: ViewerGraph  # where both came from (and the 2nd degree, on demand)

    @cached_property
    def visible_friends(self) -> np.ndarray:
        """Connections not hidden by a block (as network.selectors.nearness_for counts).

        Both arrays are the graph cache's (read-only, the same objects while their versions
        hold), so the result is kept with them and its literal formatted once."""
        if not self.hidden:
            return self.friends

        def make() -> np.ndarray:
            visible = self.friends[~np.isin(self.friends, self.hidden_ids)]
            visible.flags.writeable = False
            return visible

        return _visible.get(self.friends, self.hidden_ids, make=make)

    @cached_property
    def friends_literal(self) -> str:
        return ids_literal(self.visible_friends)

    @cached_property
    def excluded_literal(self) -> str:
        """The viewer and everyone hidden from them."""
        return ids_literal([self.viewer.pk, *sorted(self.hidden)])


def viewer_network(viewer: User) -> ViewerNetwork:
    """Read the viewer's blocks and connections for one search."""
    view = viewer_graph(viewer)
    hidden_ids = view.hidden  # read first: cached per process, as for degree badges
    friends = view.connections
    return ViewerNetwork(viewer, set(hidden_ids.tolist()), friends, hidden_ids, view)


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass
class SearchHit:
    """A member found: their card (with the viewer fields), what search shows beside it
    (industry, current company and title), and how much of it the viewer may see."""

    member: CardMember
    access: ProfileAccess
    industry: str = ""
    current_company: str = ""
    current_title: str = ""

    @property
    def fields(self) -> ViewerFields:
        fields: ViewerFields = self.member.nearness
        return fields

    @property
    def shows_name(self) -> bool:
        return self.access is not ProfileAccess.MINIMAL


@cache
def _member_shown(is_open: bool) -> User:
    """A stand-in member with only the setting profile_access reads (one per value, not one
    per candidate: a search weighs 500 candidates, and building a User costs ~10 µs)."""
    return User(profile_visible_to_out_of_network=is_open)


def access_at(degree: int | None, *, is_open: bool) -> ProfileAccess:
    """What a viewer at `degree` sees of a member whose profile is open (or not) to viewers
    out of network: accounts.policies.profile_access, from a search row's two values."""
    return profile_access(member=_member_shown(is_open), degree=degree)


def degree_order(near: Nearness) -> tuple[int, int]:
    """Nearer first: 1st, then 2nd by more mutual connections, 3rd, out of network."""
    return (near.degree or 9, -near.mutual_connections_count)


def member_hits(
    viewer: User, page: list[tuple[int, ProfileAccess]], nearness: dict[int, Nearness]
) -> list[SearchHit]:
    """A page of members' cards with the search fields (one statement, plain values) and
    their relationship ("connected" from the degrees, pending invitations one statement)."""
    ids = [member_id for member_id, _ in page]
    rows = {row[0]: row for row in _HIT_ROWS.rows(ids=ids)} if ids else {}
    fields = viewer_fields_of(viewer, {member_id: nearness[member_id] for member_id in ids})
    hits = []
    for member_id, access in page:
        if member_id not in rows:  # a member deleted between the two statements is skipped
            continue
        row = rows[member_id]
        card = CardMember(CardValues(*row[:_CARD_WIDTH]), fields[member_id])
        hits.append(SearchHit(card, access, *row[_CARD_WIDTH:]))
    return hits


# The page's members were found visible by the search statement itself: read as they are.
_CARD_WIDTH = len(CARD_COLUMNS)
_HIT_ROWS = CompiledQuery(
    lambda ids: User.objects.filter(pk__any=ids).values_list(
        *CARD_COLUMNS, "profile__industry", "profile__current_company", "profile__current_title"
    ),
    ids=[-7_000_000_031],
)
