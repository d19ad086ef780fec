"""Static vocabularies for generating realistic, deterministic fake profiles.

Pure data: no Django imports. Used by the demo seed command and the large graph generator.
All company and school names are fictional (or generic public-university style names).
"""

from typing import Final

from accounts.industries import INDUSTRY_LABELS
from devtools.demo.vocabulary.companies import COMPANIES_BY_INDUSTRY
from devtools.demo.vocabulary.names import FIRST_NAMES, LAST_NAMES
from devtools.demo.vocabulary.places import CITIES
from devtools.demo.vocabulary.schools import DEGREES, SCHOOLS
from devtools.demo.vocabulary.skills import SKILLS_BY_INDUSTRY
from devtools.demo.vocabulary.titles import TITLES_BY_INDUSTRY
from devtools.demo.vocabulary.writing import (
    HEADLINE_TEMPLATES,
    SUMMARY_TEMPLATES,
    TEMPLATE_PLACEHOLDERS,
)

__all__ = (
    "CITIES",
    "COMPANIES_BY_INDUSTRY",
    "DEGREES",
    "DEMO_INDUSTRIES",
    "FIRST_NAMES",
    "HEADLINE_TEMPLATES",
    "LAST_NAMES",
    "SCHOOLS",
    "SKILLS_BY_INDUSTRY",
    "SUMMARY_TEMPLATES",
    "TEMPLATE_PLACEHOLDERS",
    "TITLES_BY_INDUSTRY",
)


def _validate() -> None:
    """Fail fast at import time if the vocabularies drift out of sync with INDUSTRIES."""
    for name, mapping in (
        ("COMPANIES_BY_INDUSTRY", COMPANIES_BY_INDUSTRY),
        ("TITLES_BY_INDUSTRY", TITLES_BY_INDUSTRY),
        ("SKILLS_BY_INDUSTRY", SKILLS_BY_INDUSTRY),
    ):
        unknown = set(mapping) - set(INDUSTRY_LABELS)
        if unknown:
            raise ValueError(f"{name} has unknown industry slugs: {sorted(unknown)}")
    keys = set(COMPANIES_BY_INDUSTRY)
    if keys != set(TITLES_BY_INDUSTRY) or keys != set(SKILLS_BY_INDUSTRY):
        raise ValueError("*_BY_INDUSTRY dicts must share the same industry keys")


_validate()

DEMO_INDUSTRIES: Final[tuple[str, ...]] = tuple(COMPANIES_BY_INDUSTRY)
