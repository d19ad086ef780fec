"""What people search may match and count, by what the viewer sees of each profile.

`accounts.policies.profile_sections` says what a viewer sees at each access level; `_scope`
turns that into what a search may match on (keywords' reach, card and history filters), once.
`may_show` applies it to a candidate in Python, `may_show_sql` and the classes built on it to
every match in SQL before counting, so results, `count` and facets follow the same rule
(docs/search.md, "Privacy" and "Counts and facets").
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from accounts.policies import ProfileAccess, profile_sections
from search.selectors.common import TSQUERY

if TYPE_CHECKING:
    from search.selectors.people.query import PeopleQuery


class MatchClass(enum.StrEnum):
    """The class of a match (column `shown` of people search's statement): whether it is
    shown, counted and in the facets. The statement holds the letters; the code says these."""

    NEAR = "n"  # 1st/2nd degree and may be shown: shown, counted, in the facets
    LIMITED = "l"  # an open profile further away the viewer may see: counted, in the facets
    MINIMAL = "m"  # a closed one shown as "Network member": counted, never in a facet
    IF_THIRD = "p"  # a closed one shown only if 3rd degree: counted in Python, not in SQL

    @property
    def sql(self) -> str:
        """The class as an SQL literal: 'n'."""
        return f"'{self.value}'"


def classes_sql(*classes: MatchClass) -> str:
    """An SQL list of classes, for IN: ('n', 'l')."""
    return "(" + ", ".join(match_class.sql for match_class in classes) + ")"


COUNTED = (MatchClass.NEAR, MatchClass.LIMITED, MatchClass.MINIMAL)  # in `count`
FACETED = (MatchClass.NEAR, MatchClass.LIMITED)  # in the industry and location facets


class _Reach(enum.Enum):
    """How far keywords may reach into a profile seen with some access."""

    ALL = "all"  # the whole document
    PUBLIC = "public"  # name, headline, current position, skills (weights A and B)
    HEADLINE = "headline"  # the headline alone ("Network member")


@dataclass(frozen=True)
class _Scope:
    """What a search may match on in a profile the viewer sees with some access."""

    keywords: _Reach
    card: bool  # industry, location, current company filters
    history: bool  # past company, school filters


@cache
def _scope(access: ProfileAccess) -> _Scope:
    """Derive the searchable parts from the visible ones (accounts.policies.profile_sections):
    a search never matches on what the viewer may not see."""
    sections = profile_sections(access)
    if sections.summary and sections.history:
        return _Scope(_Reach.ALL, card=True, history=True)
    if sections.name:
        return _Scope(_Reach.PUBLIC, card=True, history=False)
    return _Scope(_Reach.HEADLINE, card=False, history=False)


def _filters_allowed(query: PeopleQuery, scope: _Scope) -> bool:
    return (scope.card or not query.filters_on_card) and (
        scope.history or not query.filters_on_history
    )


def may_show(
    query: PeopleQuery, access: ProfileAccess, *, public_match: bool, headline_match: bool
) -> bool:
    """Say whether a match may be shown: not if it rests on what this viewer may not see of
    the profile (the flags: the keywords match its public parts, its headline)."""
    scope = _scope(access)
    if not _filters_allowed(query, scope):
        return False
    if not query.has_keywords or scope.keywords is _Reach.ALL:
        return True
    if scope.keywords is _Reach.PUBLIC:
        return public_match
    return headline_match


# SQL twins of the candidate flags, over `search_memberdocument d` (parameters by name).
NAME_MATCH = "(d.name %% search_key(%(q)s) OR search_key(%(q)s) <%% d.name)"
PUBLIC_MATCH = f"(ts_filter(d.document, '{{a,b}}') @@ {TSQUERY} OR {NAME_MATCH})"
HEADLINE_MATCH = (
    "EXISTS (SELECT 1 FROM accounts_profile p WHERE p.member_id = d.member_id AND "  # noqa: S608
    f"to_tsvector('english', search_unaccent(coalesce(p.headline, ''))) @@ {TSQUERY})"
)


def flags_sql(query: PeopleQuery, *, beyond: str) -> str:
    """The columns `public_match` and `headline_match` of a match `d`, each computed once:
    the classes below and the candidates' flags read them. Only for a match `beyond` the
    viewer's connections (an SQL condition): a connection sees the whole profile and `may_show`
    reads neither flag; should one be read anyway (a connection removed between two reads of
    the graph), false only ever hides a match. The headline is read only for a closed profile,
    the only kind ever seen with MINIMAL access (accounts.policies.profile_access), the one
    access whose keywords reach the headline alone."""
    if not query.has_keywords:
        return "true AS public_match, true AS headline_match"
    return (
        f"CASE WHEN {beyond} THEN {PUBLIC_MATCH} ELSE false END AS public_match, "
        f"CASE WHEN {beyond} AND NOT d.open_to_out_of_network THEN {HEADLINE_MATCH} "
        "ELSE false END AS headline_match"
    )


def may_show_sql(query: PeopleQuery, access: ProfileAccess) -> str:
    """`may_show` as an SQL condition over the columns of `flags_sql`, for a member seen with
    `access`."""
    scope = _scope(access)
    if not _filters_allowed(query, scope):
        return "false"
    if not query.has_keywords or scope.keywords is _Reach.ALL:
        return "true"
    return "public_match" if scope.keywords is _Reach.PUBLIC else "headline_match"


def near_class_sql(query: PeopleQuery) -> str:
    """The class of a 1st/2nd-degree match: NEAR (shown, counted, in the facets) or NULL."""
    near = MatchClass.NEAR.sql
    return f"CASE WHEN {may_show_sql(query, ProfileAccess.NO_CONTACT)} THEN {near} END"


def far_class_sql(query: PeopleQuery) -> str:
    """The class of a match beyond 2nd degree: LIMITED an open profile the viewer may see
    (counted, in the facets), MINIMAL a closed one shown as "Network member" (counted, never in
    a facet), IF_THIRD a closed one shown only if 3rd degree (its degree is known for
    candidates alone: counted in Python), NULL never shown.

    A closed profile counts as out of network here, so the count and the facets may leave out
    a closed 3rd-degree member but never include someone hidden."""
    limited = may_show_sql(query, ProfileAccess.LIMITED)
    minimal = may_show_sql(query, ProfileAccess.MINIMAL)
    return f"""CASE
        WHEN open_to_out_of_network THEN (CASE WHEN {limited} THEN {MatchClass.LIMITED.sql} END)
        WHEN {minimal} THEN {MatchClass.MINIMAL.sql}
        WHEN {limited} THEN {MatchClass.IF_THIRD.sql}
    END"""


def second_degree_known(query: PeopleQuery) -> bool | None:
    """Whether every match that is not a connection is 2nd degree, when the degree filter
    already says (True: only 1st/2nd asked; False: 2nd not asked), else None."""
    if query.degrees and query.degrees <= {1, 2}:
        return True
    if query.degrees and 2 not in query.degrees:
        return False
    return None
