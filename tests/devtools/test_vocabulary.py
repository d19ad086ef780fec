"""Sanity checks for the demo-data vocabularies (no DB)."""

import re
import string

import pytest

from accounts.industries import INDUSTRY_LABELS
from devtools.demo import vocabulary as demo_data

FORMAT_VALUES = {
    "title": "Product Manager",
    "company": "Northwind Analytics",
    "skill": "Python",
    "industry": "Computer Software",
    "years": 7,
    "city": "Lisbon, Portugal",
}
BY_INDUSTRY: dict[str, tuple[dict[str, tuple[str, ...]], int, int]] = {
    "COMPANIES_BY_INDUSTRY": (demo_data.COMPANIES_BY_INDUSTRY, 8, 15),
    "TITLES_BY_INDUSTRY": (demo_data.TITLES_BY_INDUSTRY, 8, 15),
    "SKILLS_BY_INDUSTRY": (demo_data.SKILLS_BY_INDUSTRY, 10, 20),
}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("name", ["FIRST_NAMES", "LAST_NAMES"])
def test_name_lists(name: str) -> None:
    names: tuple[str, ...] = getattr(demo_data, name)
    assert 280 <= len(names) <= 330
    assert len(set(names)) == len(names)
    assert all(n.strip() == n and n for n in names)


def test_accented_names_present() -> None:
    for first in ("José", "François", "Zoë", "Łukasz", "Ana María", "Søren", "Chloé", "İsmail"):
        assert first in demo_data.FIRST_NAMES
    assert "Siobhán" in demo_data.FIRST_NAMES
    for last in ("Müller", "García", "Nuñez", "Ødegaard", "Kowalczyk"):
        assert last in demo_data.LAST_NAMES
    non_ascii = [n for n in demo_data.FIRST_NAMES + demo_data.LAST_NAMES if not n.isascii()]
    assert len(non_ascii) >= 50


def test_cities() -> None:
    assert 35 <= len(demo_data.CITIES) <= 50
    labels = [label for label, _ in demo_data.CITIES]
    assert len(set(labels)) == len(labels)
    assert ("Lisbon, Portugal", "Portugal") in demo_data.CITIES
    assert ("San Francisco Bay Area", "United States") in demo_data.CITIES
    assert all(country for _, country in demo_data.CITIES)


@pytest.mark.parametrize("name", sorted(BY_INDUSTRY))
def test_by_industry_dicts(name: str) -> None:
    mapping, low, high = BY_INDUSTRY[name]
    assert len(mapping) >= 20
    for slug, values in mapping.items():
        assert slug in INDUSTRY_LABELS, f"{name}: unknown slug {slug!r}"
        assert low <= len(values) <= high, f"{name}[{slug}] has {len(values)} entries"
        assert len(set(values)) == len(values), f"{name}[{slug}] has duplicates"


def test_by_industry_dicts_share_keys() -> None:
    keys = set(demo_data.COMPANIES_BY_INDUSTRY)
    assert keys == set(demo_data.TITLES_BY_INDUSTRY) == set(demo_data.SKILLS_BY_INDUSTRY)


def test_schools_and_degrees() -> None:
    assert 35 <= len(demo_data.SCHOOLS) <= 50
    assert len(set(demo_data.SCHOOLS)) == len(demo_data.SCHOOLS)
    assert 20 <= len(demo_data.DEGREES) <= 30
    assert len(set(demo_data.DEGREES)) == len(demo_data.DEGREES)
    assert all(degree and field for degree, field in demo_data.DEGREES)


def test_headline_templates_format() -> None:
    assert 12 <= len(demo_data.HEADLINE_TEMPLATES) <= 20
    allowed = {"title", "company", "skill", "industry"}
    for template in demo_data.HEADLINE_TEMPLATES:
        assert _placeholders(template) <= allowed, template
        assert "{" not in template.format(**FORMAT_VALUES)


def test_summary_templates_format() -> None:
    assert 10 <= len(demo_data.SUMMARY_TEMPLATES) <= 15
    for template in demo_data.SUMMARY_TEMPLATES:
        assert _placeholders(template) <= demo_data.TEMPLATE_PLACEHOLDERS, template
        rendered = template.format(**FORMAT_VALUES)
        assert "{" not in rendered
        sentences = [s for s in re.split(r"[.!?](?:\s|$)", rendered) if s.strip()]
        assert 2 <= len(sentences) <= 4, template
