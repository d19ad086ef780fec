"""What a people search is asked (PeopleQuery) and what it answers (PeopleSearchResult)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from search.selectors.common import Facet, SearchHit, has_words

CANDIDATES = 500  # results a query can page through (like LinkedIn's cap), re-ranked exactly


@dataclass(frozen=True)
class PeopleQuery:
    """Validated input (search.forms.PeopleSearchForm.cleaned_data)."""

    q: str = ""
    degrees: frozenset[int] = frozenset()
    industry: str = ""
    location: str = ""
    company: str = ""
    past_company: str = ""
    school: str = ""
    connection_of: int | None = None
    group: int | None = None

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> PeopleQuery:
        return cls(
            q=data.get("q") or "",
            degrees=frozenset(int(value) for value in data.get("degree") or []),
            industry=data.get("industry") or "",
            location=(data.get("location") or "").strip(),
            company=(data.get("company") or "").strip(),
            past_company=(data.get("past_company") or "").strip(),
            school=(data.get("school") or "").strip(),
            connection_of=data.get("connection_of"),
            group=data.get("group"),
        )

    @property
    def has_keywords(self) -> bool:
        return has_words(self.q)

    @property
    def filters_on_card(self) -> bool:
        """Industry, location, current company: shown with the name (3rd degree on)."""
        return bool(self.industry or self.location or self.company)

    @property
    def filters_on_history(self) -> bool:
        """Past company, school: part of the work history and education."""
        return bool(self.past_company or self.school)


@dataclass
class PeopleSearchResult:
    hits: list[SearchHit]
    count: int  # matches the viewer may see (see docs/search.md, "Counts and facets")
    reachable: int  # how many ranked results can be paged through (at most CANDIDATES)
    industries: list[Facet] = field(default_factory=list)
    locations: list[Facet] = field(default_factory=list)
    estimated: bool = False  # a broad search: count and facets estimated from a sample
